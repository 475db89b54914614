// Runtime benchmarks: program start-up, memory and CPU of idle programs, event-loop
// throughput; and, side by side in the same run, the same start-up and memory for a Node.js
// child process per program (what the original ThingsJS did).
//
//   build/bench/thingsjs_bench_runtime [--programs N] [--no-node]
//
// Prints a table; never fails on timing.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "runtime/clock.h"
#include "runtime/in_process_bus.h"
#include "runtime/output.h"
#include "runtime/platform.h"
#include "runtime/program.h"
#include "runtime/watchdog.h"

using namespace thingsjs::runtime;

namespace {

double NowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

double CpuMs() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

// Private memory of this process (RSS minus file-backed pages), from /proc.
double PrivateMiB(pid_t pid = 0) {
  std::string path = pid ? "/proc/" + std::to_string(pid) + "/smaps_rollup" : "/proc/self/smaps_rollup";
  std::ifstream in(path);
  std::string key;
  double kb = 0, total = 0;
  while (in >> key) {
    if (key == "Private_Clean:" || key == "Private_Dirty:") {
      in >> kb;
      total += kb;
    }
    in.ignore(1 << 20, '\n');
  }
  return total / 1024.0;
}

class FirstOutput final : public Output {
 public:
  void Write(int, std::string_view) override {
    if (first_ms < 0) first_ms = NowMs();
  }
  double first_ms = -1;
};

class NullOutput final : public Output {
 public:
  void Write(int, std::string_view) override {}
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

const char* kSmallProgram = R"(
  const things = require('things');
  let count = 0;
  function onReading(value) { count += value; }
  console.log('started');
)";

// Start-up: from Create to the program's first output. `create_ms` receives the part spent
// creating the isolate and context.
std::vector<double> MeasureStartup(V8Platform& platform, int runs,
                                   std::vector<double>* create_ms = nullptr) {
  std::vector<double> samples;
  SteadyClock clock;
  InProcessBus bus;
  for (int i = 0; i < runs; ++i) {
    FirstOutput out;
    ProgramHost host{&platform, &clock, &out, &bus, nullptr};
    double start = NowMs();
    auto program = Program::Create({}, host);
    if (create_ms) create_ms->push_back(NowMs() - start);
    program->Start(kSmallProgram);
    samples.push_back(out.first_ms - start);
  }
  return samples;
}

struct NodeResult {
  std::vector<double> startup_ms;
  double private_mib = 0;
  bool available = false;
};

// The original's model: one Node.js process per program. Time from fork to first output line,
// and the private memory of one such idle process.
NodeResult MeasureNode(int runs) {
  NodeResult r;
  if (system("node --version > /dev/null 2>&1") != 0) return r;
  r.available = true;
  std::string script = "let count = 0; function onReading(v) { count += v; } console.log('started');"
                       "setInterval(() => {}, 1e9);";
  for (int i = 0; i < runs; ++i) {
    int fds[2];
    if (pipe(fds) != 0) return r;
    double start = NowMs();
    pid_t pid = fork();
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      execlp("node", "node", "-e", script.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') {
    }
    r.startup_ms.push_back(NowMs() - start);
    if (i == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      r.private_mib = PrivateMiB(pid);
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(fds[0]);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int programs = 200;
  bool with_node = true;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--programs") && i + 1 < argc) programs = atoi(argv[++i]);
    if (!strcmp(argv[i], "--no-node")) with_node = false;
  }
  V8Platform platform(argv[0]);

  // Warm up the process (first isolate pays for shared read-only heap set-up).
  MeasureStartup(platform, 5);
  std::vector<double> create_ms;
  std::vector<double> startup = MeasureStartup(platform, 200, &create_ms);

  // Idle programs: memory and CPU.
  double before_mib = PrivateMiB();
  SteadyClock clock;
  NullOutput null_out;
  InProcessBus bus;
  Watchdog watchdog;
  std::vector<std::unique_ptr<Program>> idle;
  ProgramHost host{&platform, &clock, &null_out, &bus, &watchdog};
  ProgramOptions options;
  options.max_task_ms = 1000;
  for (int i = 0; i < programs; ++i) {
    idle.push_back(Program::Create(options, host));
    idle.back()->Start(std::string(kSmallProgram) +
                       "things.subscribe('sensors/' + " + std::to_string(i) + ", onReading);"
                       "setInterval(() => {}, 3600 * 1000);");
  }
  double after_mib = PrivateMiB();
  double cpu0 = CpuMs(), wall0 = NowMs();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  double idle_cpu_pct = (CpuMs() - cpu0) / (NowMs() - wall0) * 100;
  double per_program_mib = (after_mib - before_mib) / programs;
  idle.clear();

  // Event-loop throughput in virtual time (no sleeping): timers, immediates, messages.
  auto loop_rate = [&](const std::string& source, double count) {
    VirtualClock vclock;
    ProgramHost h{&platform, &vclock, &null_out, &bus, nullptr};
    auto p = Program::Create({}, h);
    double start = NowMs();
    p->Start(source);
    RunToCompletion(*p, vclock);
    return count / ((NowMs() - start) / 1e3);
  };
  double timer_rate = loop_rate(
      "let n = 0; function tick() { if (++n < 200000) setTimeout(tick, 1); } tick();", 200000);
  double parallel_timer_rate = loop_rate(
      "for (let i = 0; i < 100000; i++) setTimeout(() => {}, i % 1000);", 100000);
  double immediate_rate = loop_rate(
      "let n = 0; function tick() { if (++n < 200000) setImmediate(tick); } tick();", 200000);
  double message_rate = loop_rate(
      "const t = require('things'); let n = 0;"
      "t.subscribe('bench', (v) => { if (++n === 100000) t.unsubscribe('bench'); });"
      "for (let i = 0; i < 100000; i++) t.publish('bench', { i });", 100000);

  NodeResult node;
  if (with_node) node = MeasureNode(20);

  printf("ThingsJS runtime benchmark (V8 10.2 via libnode108)\n\n");
  printf("| measure | ThingsJS | Node.js process per program | ratio |\n");
  printf("|---|---|---|---|\n");
  if (node.available) {
    printf("| start-up to first output, median | %.2f ms | %.1f ms | %.0fx faster |\n",
           Median(startup), Median(node.startup_ms), Median(node.startup_ms) / Median(startup));
    printf("| start-up to first output, p99 | %.2f ms | %.1f ms | |\n", Percentile(startup, 0.99),
           Percentile(node.startup_ms, 0.99));
    printf("| private memory per idle program | %.2f MiB | %.1f MiB | %.0fx less |\n", per_program_mib,
           node.private_mib, node.private_mib / per_program_mib);
  } else {
    printf("| start-up to first output, median | %.2f ms | (node not found) | |\n", Median(startup));
    printf("| private memory per idle program | %.2f MiB | (node not found) | |\n", per_program_mib);
  }
  printf("| of which isolate + context creation, median | %.2f ms | | |\n", Median(create_ms));
  printf("| start-up to first output, best | %.2f ms | | |\n", Percentile(startup, 0));
  printf("| CPU of %d idle programs | %.2f %% of a core | | |\n", programs, idle_cpu_pct);
  printf("\n| event loop (virtual time) | rate |\n|---|---|\n");
  printf("| chained setTimeout | %.0f timers/s |\n", timer_rate);
  printf("| 100k pending setTimeout | %.0f timers/s |\n", parallel_timer_rate);
  printf("| chained setImmediate | %.0f immediates/s |\n", immediate_rate);
  printf("| publish+deliver (in-process bus) | %.0f messages/s |\n", message_rate);
  return 0;
}

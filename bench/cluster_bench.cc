// The cluster's figures (issue 5), side by side in one run, on a local Mosquitto and worker
// processes started here:
//   - migration downtime between two workers: the gap between the last output line on the
//     source and the first on the target, minus the program's own interval; p50 and p99, for a
//     small program and for one with a 10 MB heap;
//   - program start: from the run request to the first console line, next to starting one
//     `thingsjs run` process per program;
//   - publish throughput from JavaScript through a worker, next to a plain libmosquitto client;
//   - N idle programs on one worker: memory per program and CPU.
// Usage: thingsjs_bench_cluster [--moves N] [--big-moves N] [--starts N] [--messages N] [--idle N]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "actors/cluster_client.h"
#include "actors/local_broker.h"
#include "actors/mqtt_client.h"
#include "test/support/process.h"

using namespace thingsjs;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

std::string Exe() {
  char path[4096] = {};
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  std::string self(path, n > 0 ? static_cast<size_t>(n) : 0);
  // build/bench/thingsjs_bench_cluster -> build/cli/thingsjs
  return self.substr(0, self.rfind('/')) + "/../cli/thingsjs";
}

struct Bench {
  actors::LocalBroker broker;
  std::string url;
  std::vector<std::unique_ptr<test::Process>> workers;
  std::unique_ptr<actors::ClusterClient> client;

  Bench() {
    if (!broker.running()) {
      std::fprintf(stderr, "no broker: %s\n", broker.error().c_str());
      std::exit(1);
    }
    url = "mqtt://127.0.0.1:" + std::to_string(broker.port());
    for (const char* id : {"w1", "w2"}) {
      workers.push_back(std::make_unique<test::Process>(
          std::vector<std::string>{Exe(), "worker", "--broker", url, "--id", id, "--metrics-interval", "3600", "--max-heap-mb", "512"}));
    }
    actors::MqttOptions options;
    options.port = broker.port();
    std::string error;
    client = actors::ClusterClient::Connect(options, "thingsjs", 5000, &error);
    if (!client) {
      std::fprintf(stderr, "%s\n", error.c_str());
      std::exit(1);
    }
    for (int i = 0; i < 500; ++i) {
      size_t online = 0;
      for (const auto& w : client->Workers()) online += w.online();
      if (online == 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::string Run(const std::string& worker, const std::string& source, const std::string& name) {
    control::Command command;
    command.mutable_run()->set_file_name(name + ".js");
    command.mutable_run()->set_source(source);
    command.mutable_run()->set_name(name);
    control::Reply reply;
    std::string error = client->Request(client->topics().WorkerCommands(worker), command, 30000, &reply);
    if (!error.empty()) {
      std::fprintf(stderr, "run: %s\n", error.c_str());
      std::exit(1);
    }
    return reply.pid();
  }

  std::string Command(const std::string& pid, control::Command command) {
    control::Reply reply;
    return client->Request(client->topics().ProcCommands(pid), command, 60000, &reply);
  }
  void Kill(const std::string& pid) {
    control::Command c;
    c.mutable_kill()->set_pid(pid);
    Command(pid, c);
  }
};

// Downtime of `moves` moves of a program that prints every `interval_ms`.
std::vector<double> Downtimes(Bench& b, const std::string& source, int moves, double interval_ms) {
  std::string pid = b.Run("w1", source, "ticker");
  std::mutex mutex;
  std::vector<std::pair<Clock::time_point, char>> lines;  // arrival, worker ('1' or '2')
  b.client->Follow(pid, [&](const control::ConsoleLine& line) {
    std::lock_guard<std::mutex> lock(mutex);
    lines.emplace_back(Clock::now(), line.text().empty() ? '?' : line.text()[line.text().size() - 2]);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<double> gaps;
  for (int i = 0; i < moves; ++i) {
    char to = i % 2 ? '1' : '2';
    control::Command c;
    c.mutable_migrate()->set_pid(pid);
    c.mutable_migrate()->set_to_worker(std::string("w") + to);
    std::string error = b.Command(pid, c);
    if (!error.empty()) {
      std::fprintf(stderr, "migrate: %s\n", error.c_str());
      continue;
    }
    // Wait for a few lines from the target, then measure the gap at the switch.
    for (int k = 0; k < 500; ++k) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      std::lock_guard<std::mutex> lock(mutex);
      int n = 0;
      for (auto it = lines.rbegin(); it != lines.rend() && it->second == to; ++it) ++n;
      if (n >= 3) break;
    }
    std::lock_guard<std::mutex> lock(mutex);
    for (size_t j = lines.size(); j-- > 1;) {
      if (lines[j].second == to && lines[j - 1].second != to) {
        gaps.push_back(std::max(0.0, Ms(lines[j].first - lines[j - 1].first) - interval_ms));
        break;
      }
    }
  }
  b.client->Unfollow(pid);
  b.Kill(pid);
  return gaps;
}

void Report(const char* what, const std::vector<double>& v) {
  std::printf("%-44s p50 %8.1f ms   p99 %8.1f ms   (n=%zu)\n", what, Percentile(v, 0.5), Percentile(v, 0.99), v.size());
}

}  // namespace

int main(int argc, char** argv) {
  int moves = 50, big_moves = 10, starts = 40, messages = 50000, idle = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    int v = std::atoi(argv[i + 1]);
    if (a == "--moves") moves = v;
    else if (a == "--big-moves") big_moves = v;
    else if (a == "--starts") starts = v;
    else if (a == "--messages") messages = v;
    else if (a == "--idle") idle = v;
  }
  Bench b;
  std::printf("thingsjs cluster benchmark: 2 workers, local Mosquitto %s\n\n", b.url.c_str());

  // 1. Migration downtime.
  const std::string small =
      "let n = 0; setInterval(() => console.log(`${++n} ${require('things').worker}`), 10);\n";
  // The records stay reachable from the timer's closure, so they move with the program.
  const std::string big =
      "const data = []; for (let i = 0; i < 60000; i++) data.push({ id: i, name: 'record ' + i, tags: ['a', 'b'], v: i * 1.5 });\n"
      "let n = 0; setInterval(() => console.log(`${++n} ${data.length} ${require('things').worker}`), 10);\n";
  std::vector<double> small_gaps = Downtimes(b, small, moves, 10);
  Report("migration downtime, small program", small_gaps);
  std::vector<double> big_gaps = Downtimes(b, big, big_moves, 10);
  Report("migration downtime, 10 MB heap", big_gaps);

  // 2. Start: request to first output, next to a process per program.
  {
    actors::MqttOptions options;
    options.port = b.broker.port();
    std::mutex mutex;
    std::map<std::string, Clock::time_point> first;
    std::string error;
    auto console = actors::MqttClient::Create(
        options,
        [&](const actors::MqttMessage& m) {
          control::ConsoleLine line;
          if (!line.ParseFromString(m.payload)) return;
          std::lock_guard<std::mutex> lock(mutex);
          first.emplace(line.pid(), Clock::now());
        },
        nullptr, &error);
    console->Subscribe("thingsjs/procs/+/console");
    console->Start();
    console->WaitConnected(5000);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::vector<double> cluster_ms, process_ms;
    for (int i = 0; i < starts; ++i) {
      auto t = Clock::now();
      std::string pid = b.Run("w1", "console.log('up');\n", "start");
      for (int k = 0; k < 2000; ++k) {
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (first.count(pid)) break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (first.count(pid)) cluster_ms.push_back(Ms(first[pid] - t));
    }
    char dir[] = "/tmp/thingsjs-bench-XXXXXX";
    if (mkdtemp(dir)) {
      std::string file = std::string(dir) + "/up.js";
      std::ofstream(file) << "console.log('up');\n";
      for (int i = 0; i < std::min(starts, 20); ++i) {
        int fds[2];
        if (pipe(fds) != 0) break;
        auto t = Clock::now();
        pid_t child = fork();
        if (child == 0) {
          dup2(fds[1], 1);
          close(fds[0]);
          execl(Exe().c_str(), "thingsjs", "run", file.c_str(), nullptr);
          _exit(127);
        }
        close(fds[1]);
        char c;
        if (read(fds[0], &c, 1) == 1) process_ms.push_back(Ms(Clock::now() - t));
        close(fds[0]);
        waitpid(child, nullptr, 0);
      }
      std::remove(file.c_str());
      rmdir(dir);
    }
    std::printf("\n");
    Report("start: run request -> first output (worker)", cluster_ms);
    Report("start: a `thingsjs run` process per program", process_ms);
  }

  // 3. Publish throughput: JavaScript through a worker, next to a plain libmosquitto client.
  {
    actors::MqttOptions options;
    options.port = b.broker.port();
    std::atomic<int> received{0};
    std::atomic<int64_t> last_ns{0};
    std::string error;
    auto sink = actors::MqttClient::Create(
        options,
        [&](const actors::MqttMessage&) {
          ++received;
          last_ns = Clock::now().time_since_epoch().count();
        },
        nullptr, &error);
    sink->Subscribe("thingsjs/pubsub/bench/pub");
    sink->Start();
    sink->WaitConnected(5000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto wait_all = [&](Clock::time_point start) {
      for (int k = 0; k < 60000 && received < messages; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return Ms(Clock::duration(last_ns.load()) - start.time_since_epoch());
    };
    received = 0;
    std::string js = "const things = require('things'); const N = " + std::to_string(messages) +
                     "; let i = 0;\n"
                     "function burst() { for (let k = 0; k < 500 && i < N; k++) things.publish('bench/pub', ++i); if (i < N) setImmediate(burst); }\n"
                     "burst();\n";
    auto t = Clock::now();
    b.Run("w1", js, "publisher");
    double js_ms = wait_all(t);
    int js_received = received;
    received = 0;
    auto plain = actors::MqttClient::Create(options, nullptr, nullptr, &error);
    plain->Start();
    plain->WaitConnected(5000);
    t = Clock::now();
    for (int i = 1; i <= messages; ++i) plain->Publish("thingsjs/pubsub/bench/pub", std::to_string(i));
    double plain_ms = wait_all(t);
    int plain_received = received;
    double js_rate = js_received / js_ms * 1000, plain_rate = plain_received / plain_ms * 1000;
    std::printf("\npublish throughput (QoS 1, %d messages, to a subscriber)\n", messages);
    std::printf("  JavaScript through a worker  %10.0f msg/s  (%d received)\n", js_rate, js_received);
    std::printf("  plain libmosquitto client    %10.0f msg/s  (%d received)\n", plain_rate, plain_received);
    std::printf("  ratio                        %10.2f\n", js_rate / plain_rate);
  }

  // 4. Idle programs on one worker.
  {
    // A fresh worker, so that the figures are its own.
    test::Process w3({Exe(), "worker", "--broker", b.url, "--id", "w3", "--metrics-interval", "3600"});
    for (int i = 0; i < 500; ++i) {
      bool online = false;
      for (const auto& w : b.client->Workers()) online |= w.id() == "w3" && w.online();
      if (online) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    size_t before = w3.ResidentBytes();
    const std::string idle_js =
        "const things = require('things'); let n = 0;\n"
        "things.subscribe('idle/' + things.id, () => { n++; });\n"
        "setInterval(() => console.log('still here', n), 3600 * 1000);\n";
    auto t = Clock::now();
    for (int i = 0; i < idle; ++i) b.Run("w3", idle_js, "idle");
    double start_all = Ms(Clock::now() - t);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    size_t after = w3.ResidentBytes();
    auto cpu = [&] {
      std::ifstream stat("/proc/" + std::to_string(w3.pid()) + "/stat");
      std::string s((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
      std::istringstream fields(s.substr(s.rfind(')') + 2));
      std::string f;
      long ticks = 0;
      for (int k = 3; k <= 15 && fields >> f; ++k) {
        if (k == 14 || k == 15) ticks += std::atol(f.c_str());
      }
      return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
    };
    double c0 = cpu();
    auto w0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(5));
    double cpu_percent = (cpu() - c0) / (Ms(Clock::now() - w0) / 1000) * 100;
    std::printf("\n%d idle programs on one worker (each subscribed, with an hourly timer)\n", idle);
    std::printf("  started in                   %10.0f ms (%.1f ms each, one after another)\n", start_all, start_all / idle);
    std::printf("  worker memory                %10.1f MB -> %.1f MB (%.2f MB per program)\n", before / 1048576.0, after / 1048576.0,
                (after - before) / 1048576.0 / idle);
    std::printf("  worker CPU while idle        %10.2f %% of a core\n", cpu_percent);
    std::printf("  (the original ThingsJS: 20 idle programs took about 800 MB and 14%% of a core)\n");
    w3.Signal(SIGTERM);
    w3.Wait(20000);
  }
  return 0;
}

// `thingsjs up`: a whole local cluster in one command: a broker (unless one is given), N worker
// processes, and with --demo a program that moves back and forth while it counts.
#include <CLI/CLI.hpp>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "actors/cluster_client.h"
#include "actors/local_broker.h"
#include "cli/commands.h"

namespace thingsjs::runtime::js {
extern const std::string_view kDemoCounterJs;
extern const std::string_view kDemoTickerJs;
}  // namespace thingsjs::runtime::js

namespace thingsjs::cli {

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Starts `thingsjs worker ...` as a child that gets SIGTERM if this process dies, so that no
// worker outlives `up`, however it ends.
pid_t StartWorker(const std::vector<std::string>& args, const sigset_t& blocked) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  sigprocmask(SIG_UNBLOCK, &blocked, nullptr);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv("/proc/self/exe", argv.data());
  std::fprintf(stderr, "thingsjs up: cannot start a worker: %s\n", std::strerror(errno));
  _exit(127);
}

std::string RunProgram(actors::ClusterClient& cluster, const std::string& worker, const std::string& file, std::string_view source,
                       const std::string& name, const std::map<std::string, std::string>& env, std::string* pid) {
  control::Command command;
  control::Run* run = command.mutable_run();
  run->set_file_name(file);
  run->set_source(std::string(source));
  run->set_name(name);
  run->mutable_env()->insert(env.begin(), env.end());
  control::Reply reply;
  std::string error = cluster.Request(cluster.topics().WorkerCommands(worker), command, 10000, &reply);
  *pid = reply.pid();
  return error;
}

}  // namespace

void AddUpCommand(CLI::App& app, UpOptions& options) {
  CLI::App* cmd = app.add_subcommand("up", "Start a local cluster: a broker, workers, and (--demo) a program that moves while it runs");
  cmd->add_option("--workers", options.workers, "How many worker processes")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--broker", options.broker, "Use this MQTT broker (mqtt://host:port) instead of starting one");
  cmd->add_option("--topic-prefix", options.topic_prefix, "The cluster's topic prefix")->capture_default_str();
  cmd->add_flag("--demo", options.demo,
                "Run a counter on one worker, fed by a ticker on another, and move the counter back and forth every few seconds");
  cmd->add_option("--migrate-every", options.migrate_every_s, "With --demo: seconds between moves")->capture_default_str()->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--for", options.for_s, "Stop after this many seconds (default: at Ctrl-C or SIGTERM)")->check(CLI::Range(0.1, 1e9));
  cmd->footer(
      "Stops everything on Ctrl-C or SIGTERM (workers, their programs, the broker it started);\n"
      "no process is left behind, even if `up` itself is killed.\n\n"
      "Examples:\n  thingsjs up --demo\n  thingsjs up --workers 4\n  thingsjs shell --broker mqtt://127.0.0.1:PORT   (the port `up` prints)");
}

int RunUp(const UpOptions& options) {
  sigset_t signals = TakeStopSignals();

  std::unique_ptr<actors::LocalBroker> broker;
  actors::MqttOptions mqtt;
  std::string url = options.broker;
  if (url.empty()) {
    broker = std::make_unique<actors::LocalBroker>();
    if (!broker->running()) {
      std::cerr << "thingsjs up: cannot start a broker: " << broker->error() << "\n";
      return 1;
    }
    url = "mqtt://127.0.0.1:" + std::to_string(broker->port());
  }
  if (!ParseBroker(url, &mqtt)) {
    std::cerr << "thingsjs: --broker: expected mqtt://host:port, got '" << url << "'\n";
    return 2;
  }

  std::vector<std::string> ids;
  std::vector<pid_t> children;
  for (int i = 1; i <= options.workers; ++i) {
    ids.push_back("worker-" + std::to_string(i));
    children.push_back(StartWorker({"thingsjs", "worker", "--broker", url, "--id", ids.back(), "--topic-prefix", options.topic_prefix}, signals));
  }
  int code = 0;
  auto stop_workers = [&] {
    for (pid_t pid : children) {
      if (pid > 0) kill(pid, SIGTERM);
    }
    auto start = Clock::now();
    for (pid_t& pid : children) {
      while (pid > 0) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
          pid = -1;
        } else if (MsSince(start) > 10000) {
          kill(pid, SIGKILL);
          waitpid(pid, &status, 0);
          pid = -1;
        } else {
          usleep(10000);
        }
      }
    }
  };

  std::string error;
  auto cluster = actors::ClusterClient::Connect(mqtt, options.topic_prefix, 10000, &error);
  if (!cluster) {
    std::cerr << "thingsjs up: " << error << "\n";
    stop_workers();
    return 1;
  }
  auto start = Clock::now();
  for (;;) {
    size_t online = 0;
    for (const auto& w : cluster->Workers()) {
      if (w.online() && std::find(ids.begin(), ids.end(), w.id()) != ids.end()) ++online;
    }
    if (online == ids.size()) break;
    if (MsSince(start) > 20000) {
      std::cerr << "thingsjs up: only " << online << " of " << ids.size() << " workers came online\n";
      stop_workers();
      return 1;
    }
    usleep(20000);
  }
  std::cout << "thingsjs up: " << ids.size() << " worker" << (ids.size() == 1 ? "" : "s") << " (";
  for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? ", " : "") << ids[i];
  std::cout << ") on " << url << (broker ? " (a broker of its own)" : "") << "\n"
            << "  attach a shell:  thingsjs shell --broker " << url << (options.topic_prefix == "thingsjs" ? "" : " --topic-prefix " + options.topic_prefix)
            << "\n  stop:            Ctrl-C\n"
            << std::flush;

  // The demo: a counter that keeps counting while it moves.
  std::string counter;
  size_t at = 0;
  std::mutex print_mutex;
  if (options.demo) {
    std::string ticker;
    std::string problem = RunProgram(*cluster, ids.back(), "ticker.js", runtime::js::kDemoTickerJs, "ticker", {{"TICKS", "0"}}, &ticker);
    if (problem.empty()) problem = RunProgram(*cluster, ids[0], "counter.js", runtime::js::kDemoCounterJs, "counter", {{"SECONDS", "0"}}, &counter);
    if (!problem.empty()) {
      std::cerr << "thingsjs up: the demo did not start: " << problem << "\n";
      code = 1;
    } else {
      std::cout << "demo: counter " << counter << " counts the ticks of ticker " << ticker << "; it moves every " << options.migrate_every_s
                << " s\n"
                << std::flush;
      cluster->Follow(counter, [&](const control::ConsoleLine& line) {
        std::lock_guard<std::mutex> lock(print_mutex);
        std::cout << "counter | " << line.text() << std::flush;
      });
    }
  }

  auto next_move = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.migrate_every_s));
  auto deadline = options.for_s > 0 ? Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.for_s))
                                    : Clock::time_point::max();
  while (Clock::now() < deadline) {
    timespec wait{0, 100 * 1000 * 1000};
    int sig = sigtimedwait(&signals, nullptr, &wait);
    if (sig == SIGINT || sig == SIGTERM) break;
    bool lost = false;
    for (size_t i = 0; i < children.size(); ++i) {
      int status = 0;
      if (children[i] > 0 && waitpid(children[i], &status, WNOHANG) == children[i]) {
        std::cerr << "thingsjs up: " << ids[i] << " stopped unexpectedly (" << (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status)) : std::string("signal ") + strsignal(WTERMSIG(status))) << ")\n";
        children[i] = -1;
        lost = true;
      }
    }
    if (lost) {
      code = 1;
      break;
    }
    if (!counter.empty() && ids.size() > 1 && Clock::now() >= next_move) {
      std::string to = ids[(at + 1) % ids.size()];
      control::Command command;
      command.mutable_migrate()->set_pid(counter);
      command.mutable_migrate()->set_to_worker(to);
      control::Reply reply;
      auto t = Clock::now();
      std::string problem = cluster->Request(cluster->topics().ProcCommands(counter), command, 60000, &reply);
      {
        std::lock_guard<std::mutex> lock(print_mutex);
        if (problem.empty()) {
          at = (at + 1) % ids.size();
          std::printf("demo: moved the counter to %s in %.0f ms\n", to.c_str(), MsSince(t));
        } else {
          std::printf("demo: the counter did not move: %s\n", problem.c_str());
        }
        std::fflush(stdout);
      }
      next_move = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.migrate_every_s));
    }
  }
  if (!counter.empty()) cluster->Unfollow(counter);
  std::cout << "thingsjs up: stopping\n" << std::flush;
  cluster.reset();
  stop_workers();
  return code;
}

}  // namespace thingsjs::cli

// `thingsjs shell`: the admin shell. Commands from -c, a script file, or a terminal (libedit:
// history, completion, help).
#include <CLI/CLI.hpp>

#include <editline/readline.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "actors/cluster_client.h"
#include "cli/commands.h"

namespace thingsjs::cli {

namespace {

const char* kHelp =
    "Commands:\n"
    "  workers                             the workers, online or not\n"
    "  ps                                  the programs and where they run\n"
    "  run FILE [on WORKER] [--name NAME] [--env KEY=VALUE]... [-- ARGS...]\n"
    "                                      start a program (on the least busy worker unless\n"
    "                                      one is named); prints its pid\n"
    "  kill PID | pause PID | resume PID\n"
    "  migrate PID WORKER                  move a running program, with its state\n"
    "  snapshot PID FILE                   capture a program into a file\n"
    "  restore FILE [on WORKER]            continue a snapshot as a new program\n"
    "  logs PID [-f]                       its latest console lines; -f follows until it ends\n"
    "  top                                 CPU, memory and messages of workers and programs\n"
    "  help                                this\n"
    "Separate commands with ';' or newlines. Lines starting with '#' are comments.\n";

const char* kCommands[] = {"workers", "ps", "run", "kill", "pause", "resume", "migrate", "snapshot", "restore", "logs", "top", "help", "exit", nullptr};

std::atomic<bool> interrupted{false};

// Splits a command line into words; double or single quotes group.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : line) {
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

const char* StateName(control::ProcState s) {
  switch (s) {
    case control::STARTING: return "starting";
    case control::RUNNING: return "running";
    case control::PAUSED: return "paused";
    case control::MIGRATING: return "migrating";
    case control::EXITED: return "exited";
    default: return "unknown";
  }
}

template <class Message>
void PrintJsonArray(const std::vector<Message>& messages) {
  std::cout << "[";
  for (size_t i = 0; i < messages.size(); ++i) std::cout << (i ? "," : "") << proto::ControlToJson(messages[i]);
  std::cout << "]\n";
}

// How many of `procs` run (have not ended) on `worker`.
size_t RunningOn(const std::vector<control::ProcStatus>& procs, const std::string& worker) {
  return std::count_if(procs.begin(), procs.end(),
                       [&](const control::ProcStatus& p) { return p.worker() == worker && p.state() != control::EXITED; });
}

std::string Megabytes(uint64_t bytes) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << bytes / 1048576.0 << " MB";
  return out.str();
}

class Shell {
 public:
  Shell(actors::ClusterClient& cluster, const ShellOptions& options) : cluster_(cluster), options_(options) {}

  // Runs one command; returns false (after saying why on stderr) when it failed.
  bool Execute(const std::vector<std::string>& w) {
    if (w.empty()) return true;
    const std::string& cmd = w[0];
    if (cmd == "help") {
      std::cout << kHelp;
      return true;
    }
    if (cmd == "workers") return Workers();
    if (cmd == "ps") return Ps();
    if (cmd == "run") return Run(w);
    if (cmd == "kill" || cmd == "pause" || cmd == "resume") return ProcCommand(w);
    if (cmd == "migrate") return Migrate(w);
    if (cmd == "snapshot") return Snapshot(w);
    if (cmd == "restore") return Restore(w);
    if (cmd == "logs") return Logs(w);
    if (cmd == "top") return Top();
    return Error("unknown command '" + cmd + "' (try help)");
  }

 private:
  bool Error(const std::string& message) {
    std::cerr << "thingsjs shell: " << message << "\n";
    return false;
  }
  double Timeout() const { return options_.timeout_s * 1000; }

  bool Workers() {
    auto workers = cluster_.Workers();
    auto procs = cluster_.Procs();
    if (options_.json) {
      PrintJsonArray(workers);
      return true;
    }
    std::printf("%-20s %-8s %-8s %5s %10s %8s  %s\n", "ID", "STATE", "ARCH", "CORES", "MEMORY", "PROGRAMS", "LABELS");
    for (const auto& w : workers) {
      size_t n = RunningOn(procs, w.id());
      std::string labels;
      for (const auto& [k, v] : w.labels()) labels += (labels.empty() ? "" : ",") + k + "=" + v;
      std::printf("%-20s %-8s %-8s %5u %10s %8zu  %s\n", w.id().c_str(), w.online() ? "online" : "offline", w.architecture().c_str(),
                  w.cores(), Megabytes(w.memory_bytes()).c_str(), n, labels.c_str());
    }
    return true;
  }

  bool Ps() {
    auto procs = cluster_.Procs();
    if (options_.json) {
      PrintJsonArray(procs);
      return true;
    }
    std::printf("%-10s %-20s %-20s %-10s %5s  %s\n", "PID", "NAME", "WORKER", "STATE", "MOVES", "EXIT");
    for (const auto& p : procs) {
      std::string exit = p.state() == control::EXITED ? std::to_string(p.exit_code()) + (p.error().empty() ? "" : " " + p.error()) : "";
      std::printf("%-10s %-20s %-20s %-10s %5u  %s\n", p.pid().c_str(), p.name().c_str(), p.worker().c_str(), StateName(p.state()),
                  p.migrations(), exit.c_str());
    }
    return true;
  }

  // The online worker with the fewest running programs.
  std::string LeastBusyWorker() {
    auto procs = cluster_.Procs();
    std::string best;
    size_t best_n = SIZE_MAX;
    for (const auto& w : cluster_.Workers()) {
      if (!w.online()) continue;
      size_t n = RunningOn(procs, w.id());
      if (n < best_n) best = w.id(), best_n = n;
    }
    return best;
  }

  bool PickWorker(const std::vector<std::string>& w, size_t at, std::string* worker) {
    if (at + 1 < w.size() && w[at] == "on") {
      *worker = w[at + 1];
      return true;
    }
    *worker = LeastBusyWorker();
    return !worker->empty() || Error("no worker is online");
  }

  bool Started(const control::Reply& reply) {
    if (options_.json) {
      std::cout << proto::ControlToJson(reply) << "\n";
    } else {
      std::cout << reply.pid() << "\n";
    }
    return true;
  }

  bool Run(const std::vector<std::string>& w) {
    if (w.size() < 2) return Error("usage: run FILE [on WORKER] [--name NAME] [--env KEY=VALUE]... [-- ARGS...]");
    control::Command command;
    control::Run* run = command.mutable_run();
    run->set_file_name(w[1]);
    std::string worker;
    size_t i = 2;
    for (; i < w.size(); ++i) {
      if (w[i] == "on" && i + 1 < w.size()) {
        worker = w[++i];
      } else if (w[i] == "--name" && i + 1 < w.size()) {
        run->set_name(w[++i]);
      } else if (w[i] == "--env" && i + 1 < w.size() && w[i + 1].find('=') != std::string::npos && w[i + 1][0] != '=') {
        const std::string& kv = w[++i];
        (*run->mutable_env())[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
      } else if (w[i] == "--") {
        for (++i; i < w.size(); ++i) run->add_argv(w[i]);
      } else {
        return Error("run: unexpected '" + w[i] + "'");
      }
    }
    std::string source;
    if (!ReadFile(w[1], &source)) return false;
    run->set_source(source);
    if (run->name().empty()) run->set_name(w[1].substr(w[1].find_last_of('/') + 1));
    if (worker.empty() && !PickWorker({}, 0, &worker)) return false;
    control::Reply reply;
    std::string error = cluster_.Request(cluster_.topics().WorkerCommands(worker), command, Timeout(), &reply);
    if (!error.empty()) return Error("run " + w[1] + " on " + worker + ": " + error);
    return Started(reply);
  }

  bool Done(const std::string& what, const std::string& error) {
    if (!error.empty()) return Error(what + ": " + error);
    if (options_.json) std::cout << "{\"ok\":true}\n";
    return true;
  }

  // Why a command for `pid` cannot be answered, from what the cluster says of it; empty if
  // it can.
  std::string Unreachable(const std::string& pid) {
    control::ProcStatus status;
    if (!cluster_.FindProc(pid, &status)) return "no program " + pid + " (ps lists them)";
    if (status.state() == control::EXITED) {
      return "program " + pid + " has exited (code " + std::to_string(status.exit_code()) + (status.error().empty() ? "" : ": " + status.error()) + ")";
    }
    for (const auto& w : cluster_.Workers()) {
      if (w.id() == status.worker() && !w.online()) return "program " + pid + " was on worker " + w.id() + ", which is offline";
    }
    return "";
  }

  bool ProcCommand(const std::vector<std::string>& w) {
    if (w.size() != 2) return Error("usage: " + w[0] + " PID");
    if (std::string why = Unreachable(w[1]); !why.empty()) return Error(w[0] + " " + w[1] + ": " + why);
    control::Command command;
    control::ProcRef* ref = w[0] == "kill" ? command.mutable_kill() : w[0] == "pause" ? command.mutable_pause() : command.mutable_resume();
    ref->set_pid(w[1]);
    control::Reply reply;
    return Done(w[0] + " " + w[1], cluster_.Request(cluster_.topics().ProcCommands(w[1]), command, Timeout(), &reply));
  }

  bool Migrate(const std::vector<std::string>& w) {
    if (w.size() != 3) return Error("usage: migrate PID WORKER");
    if (std::string why = Unreachable(w[1]); !why.empty()) return Error("migrate " + w[1] + ": " + why);
    control::Command command;
    command.mutable_migrate()->set_pid(w[1]);
    command.mutable_migrate()->set_to_worker(w[2]);
    control::Reply reply;
    // The worker waits up to its own --migrate-timeout for the target.
    return Done("migrate " + w[1] + " " + w[2],
                cluster_.Request(cluster_.topics().ProcCommands(w[1]), command, Timeout() + 60000, &reply));
  }

  bool Snapshot(const std::vector<std::string>& w) {
    if (w.size() != 3) return Error("usage: snapshot PID FILE");
    if (std::string why = Unreachable(w[1]); !why.empty()) return Error("snapshot " + w[1] + ": " + why);
    control::Command command;
    command.mutable_snapshot()->set_pid(w[1]);
    control::Reply reply;
    std::string error = cluster_.Request(cluster_.topics().ProcCommands(w[1]), command, Timeout(), &reply);
    if (!error.empty()) return Error("snapshot " + w[1] + ": " + error);
    std::ofstream out(w[2], std::ios::binary | std::ios::trunc);
    out.write(reply.snapshot().data(), static_cast<std::streamsize>(reply.snapshot().size()));
    out.close();
    if (!out.good()) return Error("cannot write '" + w[2] + "': " + std::strerror(errno));
    return Done("", "");
  }

  bool Restore(const std::vector<std::string>& w) {
    if (w.size() != 2 && !(w.size() == 4 && w[2] == "on")) return Error("usage: restore FILE [on WORKER]");
    std::string bytes;
    if (!ReadFile(w[1], &bytes)) return false;
    std::string worker;
    if (!PickWorker(w, 2, &worker)) return false;
    control::Command command;
    command.mutable_restore()->set_snapshot(bytes);
    control::Reply reply;
    std::string error = cluster_.Request(cluster_.topics().WorkerCommands(worker), command, Timeout(), &reply);
    if (!error.empty()) return Error("restore " + w[1] + " on " + worker + ": " + error);
    return Started(reply);
  }

  void Print(const control::ConsoleLine& line) {
    if (options_.json) {
      std::cout << proto::ControlToJson(line) << "\n" << std::flush;
    } else {
      (line.stderr() ? std::cerr : std::cout) << line.text() << std::flush;
    }
  }

  bool Logs(const std::vector<std::string>& w) {
    bool follow = w.size() == 3 && w[2] == "-f";
    if (w.size() != 2 && !follow) return Error("usage: logs PID [-f]");
    const std::string& pid = w[1];
    if (std::string why = Unreachable(pid); !why.empty()) return Error("logs " + pid + ": " + why);
    // Followed lines wait until the history is printed; the sequence numbers drop overlaps.
    std::mutex mutex;
    std::vector<control::ConsoleLine> early;
    bool history_done = false;
    uint64_t last = 0;
    if (follow) {
      cluster_.Follow(pid, [&](const control::ConsoleLine& line) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!history_done) {
          early.push_back(line);
        } else if (line.seq() > last) {
          last = line.seq();
          Print(line);
        }
      });
    }
    control::Command command;
    command.mutable_logs()->set_pid(pid);
    control::Reply reply;
    std::string error = cluster_.Request(cluster_.topics().ProcCommands(pid), command, Timeout(), &reply);
    control::ProcStatus status;
    bool ended = cluster_.FindProc(pid, &status) && status.state() == control::EXITED;
    if (!error.empty() && !(follow && !ended)) {
      if (follow) cluster_.Unfollow(pid);
      return Error("logs " + pid + ": " + error);
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& line : reply.lines()) {
        Print(line);
        last = std::max(last, line.seq());
      }
      for (const auto& line : early) {
        if (line.seq() > last) {
          last = line.seq();
          Print(line);
        }
      }
      history_done = true;
    }
    if (!follow) return true;
    interrupted = false;
    while (!interrupted && !cluster_.WaitProc(pid, [](const control::ProcStatus& s) { return s.state() == control::EXITED; }, 200)) {
    }
    // The last lines were published before the status that ended the program.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cluster_.Unfollow(pid);
    return true;
  }

  bool Top() {
    auto metrics = cluster_.Metrics(Timeout());
    if (options_.json) {
      PrintJsonArray(metrics);
      return true;
    }
    for (const auto& m : metrics) {
      std::printf("worker %-20s cpu %5.1f%%  memory %s\n", m.id().c_str(), m.cpu_percent(), Megabytes(m.memory_used_bytes()).c_str());
      std::printf("  %-10s %-20s %10s %10s %8s %8s\n", "PID", "NAME", "HEAP", "CPU MS", "MSG IN", "MSG OUT");
      for (const auto& p : m.procs()) {
        control::ProcStatus status;
        std::string name = cluster_.FindProc(p.pid(), &status) ? status.name() : "";
        std::printf("  %-10s %-20s %10s %10.1f %8llu %8llu\n", p.pid().c_str(), name.c_str(), Megabytes(p.heap_used_bytes()).c_str(),
                    p.cpu_ms(), static_cast<unsigned long long>(p.messages_in()), static_cast<unsigned long long>(p.messages_out()));
      }
    }
    return true;
  }

  actors::ClusterClient& cluster_;
  const ShellOptions& options_;
};

// Runs "cmd; cmd\ncmd"; stops at the first command that fails.
bool ExecuteText(Shell& shell, const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    size_t hash = line.find('#');
    if (hash != std::string::npos && line.find_first_not_of(" \t") == hash) continue;
    std::istringstream parts(line);
    std::string part;
    while (std::getline(parts, part, ';')) {
      if (!shell.Execute(Words(part))) return false;
    }
  }
  return true;
}

// Completion: commands first, then worker ids and pids.
actors::ClusterClient* completion_cluster = nullptr;

char* CompleteWord(const char* text, int state) {
  static std::vector<std::string> matches;
  static size_t next;
  if (state == 0) {
    matches.clear();
    next = 0;
    std::string prefix(text);
    bool first = true;
    for (int i = 0; i < rl_point; ++i) {
      if (!std::isspace(static_cast<unsigned char>(rl_line_buffer[i]))) continue;
      first = false;
      break;
    }
    if (first) {
      for (const char** c = kCommands; *c; ++c) {
        if (std::string(*c).rfind(prefix, 0) == 0) matches.push_back(*c);
      }
    } else if (completion_cluster) {
      for (const auto& w : completion_cluster->Workers()) {
        if (w.id().rfind(prefix, 0) == 0) matches.push_back(w.id());
      }
      for (const auto& p : completion_cluster->Procs()) {
        if (p.state() != control::EXITED && p.pid().rfind(prefix, 0) == 0) matches.push_back(p.pid());
      }
    }
  }
  if (next >= matches.size()) return nullptr;
  return strdup(matches[next++].c_str());
}

char** Complete(const char* text, int start, int) {
  // Files complete as usual after run, restore and snapshot PID.
  std::string line(rl_line_buffer, static_cast<size_t>(start));
  std::vector<std::string> w = Words(line);
  if (!w.empty() && ((w[0] == "run" || w[0] == "restore") && w.size() == 1)) return nullptr;
  if (!w.empty() && w[0] == "snapshot" && w.size() == 2) return nullptr;
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, CompleteWord);
}

int Interactive(Shell& shell, actors::ClusterClient& cluster) {
  completion_cluster = &cluster;
  rl_attempted_completion_function = Complete;
  std::string history_file;
  if (const char* home = getenv("HOME")) history_file = std::string(home) + "/.thingsjs_history";
  using_history();
  if (!history_file.empty()) read_history(history_file.c_str());
  std::cout << "ThingsJS shell. 'help' lists the commands; Ctrl-D leaves.\n";
  bool ok = true;
  for (;;) {
    char* raw = readline("thingsjs> ");
    if (!raw) break;
    std::string line(raw);
    free(raw);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    add_history(line.c_str());
    if (line == "exit" || line == "quit") break;
    ok = ExecuteText(shell, line);
  }
  if (!history_file.empty()) write_history(history_file.c_str());
  completion_cluster = nullptr;
  return ok ? 0 : 1;
}

}  // namespace

void AddShellCommand(CLI::App& app, ShellOptions& options) {
  CLI::App* cmd = app.add_subcommand("shell", "Command a cluster: workers, programs, migration, logs");
  cmd->add_option("--broker", options.broker, "The cluster's MQTT broker (mqtt://host:port)")->capture_default_str();
  cmd->add_option("--topic-prefix", options.topic_prefix, "The cluster's topic prefix")->capture_default_str();
  cmd->add_option("-c", options.commands, "Run these commands ('cmd; cmd') and leave");
  cmd->add_option("script", options.script, "Run the commands in this file and leave");
  cmd->add_flag("--json", options.json, "Print results as JSON, for tools");
  cmd->add_option("--timeout", options.timeout_s, "Seconds to wait for an answer")->capture_default_str()->check(CLI::Range(0.1, 3600.0));
  cmd->footer(std::string("\n") + kHelp +
              "\nExit code: 0 when every command succeeded, 1 at the first that failed.\n\n"
              "Examples:\n  thingsjs shell --broker mqtt://127.0.0.1:1883\n"
              "  thingsjs shell -c 'run examples/counter.js; ps'\n");
}

int RunShell(const ShellOptions& options) {
  actors::MqttOptions mqtt;
  if (!ParseBroker(options.broker, &mqtt)) {
    std::cerr << "thingsjs: --broker: expected mqtt://host:port, got '" << options.broker << "'\n";
    return 2;
  }
  std::string error;
  auto cluster = actors::ClusterClient::Connect(mqtt, options.topic_prefix, options.timeout_s * 1000, &error);
  if (!cluster) {
    std::cerr << "thingsjs shell: " << error << "\n";
    return 1;
  }
  // Ctrl-C ends `logs -f`, not the shell.
  struct sigaction action {};
  action.sa_handler = [](int) { interrupted = true; };
  sigaction(SIGINT, &action, nullptr);
  Shell shell(*cluster, options);
  if (!options.commands.empty()) return ExecuteText(shell, options.commands) ? 0 : 1;
  if (!options.script.empty()) {
    std::string text;
    if (!ReadFile(options.script, &text)) return 1;
    return ExecuteText(shell, text) ? 0 : 1;
  }
  if (!isatty(STDIN_FILENO)) {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return ExecuteText(shell, text) ? 0 : 1;
  }
  return Interactive(shell, *cluster);
}

}  // namespace thingsjs::cli

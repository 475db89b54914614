#include "actors/worker.h"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <thread>

#include "actors/bridge_messages.h"
#include "actors/mqtt_bridge.h"
#include "actors/supervisor.h"
#include "actors/supervisor_messages.h"
#include "proto/control.pb.h"
#include "proto/control_codec.h"

namespace thingsjs::actors {

namespace {

using namespace std::chrono_literals;

struct Proc {
  caf::actor supervisor;
  std::string name;
  uint32_t migrations = 0;
  bool leaving = false;  // migrated away: its supervisor ends without a status of its own
};

// A migration this worker started and waits on the target for.
struct Move {
  std::string pid;
  std::string to_worker;
  MqttMessage request;  // the command that asked for it, answered at the end
};

struct WorkerState {
  WorkerConfig config;
  std::optional<proto::Topics> topics;
  caf::actor bridge;
  std::string replies;  // where answers to this worker's own requests come
  std::map<std::string, Proc> procs;
  std::map<std::string, bool> peers;  // other workers, online or not
  std::map<std::string, Move> moves;  // by correlation data
  std::map<std::string, caf::actor> prepared;  // programs about to move here, by pid
  uint64_t next_request = 1;
  std::mt19937_64 random{std::random_device{}()};
  control::WorkerMetrics metrics;  // being gathered for the next report
  double last_cpu_s = 0;
  std::chrono::steady_clock::time_point last_report = std::chrono::steady_clock::now();
  uint64_t started_unix_ms = 0;
  static inline const char* name = "thingsjs.worker";
};

using Worker = caf::stateful_actor<WorkerState>;

void Publish(Worker* self, Publication p) { self->send(self->state.bridge, publish_atom::value, std::move(p)); }

void Answer(Worker* self, const MqttMessage& request, control::Reply reply) {
  if (request.response_topic.empty()) return;
  Publication p;
  p.topic = request.response_topic;
  p.payload = reply.SerializeAsString();
  p.correlation_data = request.correlation_data;
  Publish(self, std::move(p));
}

void Fail(Worker* self, const MqttMessage& request, const std::string& error) {
  control::Reply reply;
  reply.set_ok(false);
  reply.set_error(error);
  Answer(self, request, std::move(reply));
}

// Answers a command that succeeded for program `pid`; `fill` adds what the command returns.
void Succeed(Worker* self, const MqttMessage& request, const std::string& pid,
             const std::function<void(control::Reply&)>& fill = nullptr) {
  control::Reply reply;
  reply.set_ok(true);
  reply.set_pid(pid);
  if (fill) fill(reply);
  Answer(self, request, std::move(reply));
}

// The answer to a supervisor's error string: the command fails with it, or succeeded.
auto Done(Worker* self, const MqttMessage& request, const std::string& pid) {
  return [self, request, pid](const std::string& error) {
    if (!error.empty()) return Fail(self, request, error);
    Succeed(self, request, pid);
  };
}

// How much longer than a move's deadline the source waits for the target's answer (the
// target does not run the program after the deadline; docs/protocol.md).
constexpr int64_t kAnswerGraceMs = 2000;

// The error handler of a request to a supervisor: the command fails with why.
auto SupervisorFailed(Worker* self, const MqttMessage& request) {
  return [self, request](caf::error& e) { Fail(self, request, "the program's supervisor failed: " + self->system().render(e)); };
}

control::WorkerStatus Status(const WorkerState& s, bool online) {
  control::WorkerStatus status;
  status.set_protocol_version(1);
  status.set_id(s.config.id);
  status.set_online(online);
  status.set_version(s.config.version);
  utsname name{};
  if (uname(&name) == 0) status.set_architecture(name.machine);
  status.set_cores(std::max(1u, std::thread::hardware_concurrency()));
  status.set_memory_bytes(static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE)));
  for (const auto& [k, v] : s.config.labels) (*status.mutable_labels())[k] = v;
  status.set_started_unix_ms(s.started_unix_ms);
  return status;
}

void PublishStatus(Worker* self, bool online) {
  Publication p;
  p.topic = self->state.topics->WorkerStatus(self->state.config.id);
  p.payload = Status(self->state, online).SerializeAsString();
  p.retain = true;
  Publish(self, std::move(p));
}

uint64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::string NewPid(WorkerState& s) {
  static const char digits[] = "0123456789abcdef";
  for (;;) {
    uint64_t r = s.random();
    std::string pid(8, '0');
    for (char& c : pid) {
      c = digits[r & 15];
      r >>= 4;
    }
    if (!s.procs.count(pid)) return pid;
  }
}

// Hosts a program: `source` to start, or `restore` to continue. Answers `request` once the
// program has started (or could not).
void Host(Worker* self, const MqttMessage& request, const std::string& pid, const std::string& name, const control::Run* run,
          const control::Restore* restore, uint64_t deadline = 0) {
  auto& s = self->state;
  if (s.procs.size() >= s.config.max_programs) {
    Fail(self, request, "worker " + s.config.id + " is full (" + std::to_string(s.config.max_programs) + " programs)");
    return;
  }
  auto ready = s.prepared.find(pid);
  if (restore && ready != s.prepared.end()) {
    // Its isolate is ready: the snapshot goes to it.
    caf::actor supervisor = ready->second;
    s.prepared.erase(ready);
    s.procs[pid] = Proc{supervisor, name, restore->migrations(), false};
    self->send(s.bridge, subscribe_atom::value, s.topics->ProcCommands(pid), caf::actor_cast<caf::actor>(self));
    std::vector<std::string> lines;
    for (const control::ConsoleLine& line : restore->lines()) lines.push_back(line.SerializeAsString());
    self->request(supervisor, caf::infinite, restore_atom::value, restore->snapshot(), name, restore->migrations(), lines,
                  deadline)
        .then(Done(self, request, pid), SupervisorFailed(self, request));
    return;
  }
  SupervisorConfig c;
  c.pid = pid;
  c.name = name;
  c.worker = s.config.id;
  c.prefix = s.config.prefix;
  c.mqtt = s.config.mqtt;
  c.platform = s.config.platform;
  c.clock = s.config.clock;
  c.watchdog = s.config.watchdog;
  c.make_session = s.config.make_session;
  c.own_thread = s.config.own_threads;
  c.program.instrument = true;
  c.program.max_heap_mb = s.config.max_heap_mb;
  c.program.max_task_ms = s.config.max_task_ms;
  if (run) {
    c.program.filename = run->file_name().empty() ? "program.js" : run->file_name();
    c.program.argv.assign(run->argv().begin(), run->argv().end());
    c.program.env.insert(run->env().begin(), run->env().end());
    c.source = run->source();
  } else if (!restore) {
    c.prepared = true;
    c.moving = true;
    c.prepared_for_s = s.config.migrate_timeout_s + 5;
  } else {
    c.snapshot = restore->snapshot();
    c.migrations = restore->migrations();
    c.moving = !restore->pid().empty();
    if (c.moving) c.deadline_unix_ms = deadline;
    for (const control::ConsoleLine& line : restore->lines()) c.lines.push_back(line.SerializeAsString());
  }
  bool prepared = c.prepared;
  caf::actor supervisor = SpawnSupervisor(self->system(), std::move(c), s.bridge, caf::actor_cast<caf::actor>(self));
  self->monitor(supervisor);
  if (prepared) {
    s.prepared[pid] = supervisor;
    return;
  }
  s.procs[pid] = Proc{supervisor, name, restore ? restore->migrations() : 0, false};
  self->send(s.bridge, subscribe_atom::value, s.topics->ProcCommands(pid), caf::actor_cast<caf::actor>(self));
  self->request(supervisor, caf::infinite, started_atom::value)
      .then(Done(self, request, pid), SupervisorFailed(self, request));
}

// Phase one of a move: capture here, then ask the target to restore.
void Migrate(Worker* self, const MqttMessage& request, const control::Migrate& m) {
  auto& s = self->state;
  auto it = s.procs.find(m.pid());
  if (it == s.procs.end()) return Fail(self, request, "no program " + m.pid() + " on worker " + s.config.id);
  if (m.to_worker() == s.config.id) return Fail(self, request, "program " + m.pid() + " already runs on " + s.config.id);
  auto peer = s.peers.find(m.to_worker());
  if (peer == s.peers.end() || !peer->second) return Fail(self, request, "no worker '" + m.to_worker() + "' is online");
  caf::actor supervisor = it->second.supervisor;
  std::string pid = m.pid(), to = m.to_worker();
  // The target makes the program's isolate while this side captures it.
  control::Command prepare;
  prepare.mutable_prepare()->set_pid(pid);
  Publication p;
  p.topic = s.topics->WorkerCommands(to);
  p.payload = prepare.SerializeAsString();
  Publish(self, std::move(p));
  self->request(supervisor, caf::infinite, suspend_atom::value)
      .then(
          [self, request, pid, to, supervisor](const std::string& error, const std::string& bytes) {
            if (!error.empty()) return Fail(self, request, error);
            self->request(supervisor, caf::infinite, logs_atom::value)
                .then(
                    [self, request, pid, to, bytes](const std::vector<std::string>& lines) {
                      auto& s = self->state;
                      auto proc = s.procs.find(pid);
                      if (proc == s.procs.end()) return Fail(self, request, "program " + pid + " ended while migrating");
                      control::Command command;
                      control::Restore* r = command.mutable_restore();
                      command.set_deadline_unix_ms(proto::UnixMs() + static_cast<uint64_t>(s.config.migrate_timeout_s * 1000));
                      r->set_snapshot(bytes);
                      r->set_pid(pid);
                      r->set_name(proc->second.name);
                      r->set_migrations(proc->second.migrations + 1);
                      for (const std::string& line : lines) r->add_lines()->ParseFromString(line);
                      std::string correlation = s.config.id + "/" + std::to_string(s.next_request++);
                      s.moves[correlation] = Move{pid, to, request};
                      Publication p;
                      p.topic = s.topics->WorkerCommands(to);
                      p.payload = command.SerializeAsString();
                      p.response_topic = s.replies;
                      p.correlation_data = correlation;
                      Publish(self, std::move(p));
                      // The target does not run the program after its deadline; its answer, sent before,
                      // has a little more time to arrive.
                      self->delayed_send(self, std::chrono::milliseconds(static_cast<int64_t>(s.config.migrate_timeout_s * 1000) + kAnswerGraceMs),
                                         timeout_atom::value, correlation);
                    },
                    SupervisorFailed(self, request));
          },
          SupervisorFailed(self, request));
}

// Phase two: the target answered (or did not in time).
void EndMove(Worker* self, const std::string& correlation, bool ok, const std::string& error) {
  auto& s = self->state;
  auto move = s.moves.find(correlation);
  if (move == s.moves.end()) return;  // answered already (a late answer after a timeout)
  Move m = std::move(move->second);
  s.moves.erase(move);
  auto proc = s.procs.find(m.pid);
  if (proc == s.procs.end()) return Fail(self, m.request, "program " + m.pid + " ended while migrating");
  if (ok) {
    proc->second.leaving = true;
    self->send(proc->second.supervisor, drop_atom::value);
    self->send(s.bridge, unsubscribe_atom::value, s.topics->ProcCommands(m.pid), caf::actor_cast<caf::actor>(self));
    s.procs.erase(proc);
    Succeed(self, m.request, m.pid);
    return;
  }
  self->send(proc->second.supervisor, abort_atom::value);
  Fail(self, m.request, "migration of " + m.pid + " to " + m.to_worker + " failed: " + error + "; it goes on on " + s.config.id);
}

// Commands for one program, handled by its supervisor.
void ProcCommand(Worker* self, const MqttMessage& request, const control::Command& command) {
  auto& s = self->state;
  const control::ProcRef& ref = command.has_kill()       ? command.kill()
                                : command.has_pause()    ? command.pause()
                                : command.has_resume()   ? command.resume()
                                : command.has_snapshot() ? command.snapshot()
                                                         : command.logs();
  const std::string& pid = ref.pid();
  auto it = s.procs.find(pid);
  if (it == s.procs.end()) return Fail(self, request, "no program " + pid + " on worker " + s.config.id);
  caf::actor supervisor = it->second.supervisor;
  auto on_error = SupervisorFailed(self, request);
  auto done = Done(self, request, pid);
  if (command.has_kill()) {
    self->request(supervisor, caf::infinite, kill_atom::value).then(done, on_error);
  } else if (command.has_pause()) {
    self->request(supervisor, caf::infinite, pause_atom::value).then(done, on_error);
  } else if (command.has_resume()) {
    self->request(supervisor, caf::infinite, resume_atom::value).then(done, on_error);
  } else if (command.has_snapshot()) {
    self->request(supervisor, caf::infinite, snapshot_atom::value)
        .then(
            [self, request, pid](const std::string& error, const std::string& bytes) {
              if (!error.empty()) return Fail(self, request, error);
              Succeed(self, request, pid, [&](control::Reply& reply) { reply.set_snapshot(bytes); });
            },
            on_error);
  } else {
    self->request(supervisor, caf::infinite, logs_atom::value)
        .then(
            [self, request, pid](const std::vector<std::string>& lines) {
              Succeed(self, request, pid, [&](control::Reply& reply) {
                for (const std::string& line : lines) reply.add_lines()->ParseFromString(line);
              });
            },
            on_error);
  }
}

void OnCommand(Worker* self, const MqttMessage& m) {
  auto& s = self->state;
  control::Command command;
  if (!command.ParseFromString(m.payload)) return Fail(self, m, "not a control command (proto/control.proto)");
  const uint64_t now = proto::UnixMs();
  if (command.deadline_unix_ms() != 0 && now > command.deadline_unix_ms()) {
    return Fail(self, m,
                "the command arrived " + std::to_string(now - command.deadline_unix_ms()) +
                    " ms after its sender stopped waiting, and was not run (are the clocks of the machines in step?)");
  }
  switch (command.kind_case()) {
    case control::Command::kRun: {
      const control::Run& run = command.run();
      std::string name = run.name().empty() ? run.file_name() : run.name();
      return Host(self, m, NewPid(s), name, &run, nullptr);
    }
    case control::Command::kRestore: {
      const control::Restore& r = command.restore();
      if (!r.pid().empty() && !proto::Topics::IsValidId(r.pid())) return Fail(self, m, "invalid pid '" + r.pid() + "'");
      if (!r.pid().empty() && s.procs.count(r.pid())) return Fail(self, m, "program " + r.pid() + " already runs on " + s.config.id);
      std::string pid = r.pid().empty() ? NewPid(s) : r.pid();
      return Host(self, m, pid, r.name().empty() ? pid : r.name(), nullptr, &r, command.deadline_unix_ms());
    }
    case control::Command::kMigrate:
      return Migrate(self, m, command.migrate());
    case control::Command::kPrepare: {
      const std::string& pid = command.prepare().pid();
      if (!proto::Topics::IsValidId(pid) || s.procs.count(pid) || s.prepared.count(pid)) return;
      return Host(self, m, pid, pid, nullptr, nullptr);
    }
    case control::Command::kKill:
    case control::Command::kPause:
    case control::Command::kResume:
    case control::Command::kSnapshot:
    case control::Command::kLogs:
      return ProcCommand(self, m, command);
    default:
      return Fail(self, m, "an empty or unknown command (is this worker older than the shell?)");
  }
}

void OnReply(Worker* self, const MqttMessage& m) {
  control::Reply reply;
  if (!reply.ParseFromString(m.payload)) return;
  EndMove(self, m.correlation_data, reply.ok(), reply.error());
}

void GatherMetrics(Worker* self) {
  auto& s = self->state;
  // Publish what the previous round gathered, then start the next round.
  auto now = std::chrono::steady_clock::now();
  double wall_s = std::chrono::duration<double>(now - s.last_report).count();
  double cpu_s = ProcessCpuSeconds();
  control::WorkerMetrics report = std::move(s.metrics);
  report.set_id(s.config.id);
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (wall_s > 0) report.set_cpu_percent(100.0 * (cpu_s - s.last_cpu_s) / wall_s / cores);
  report.set_memory_used_bytes(ResidentBytes());
  s.last_cpu_s = cpu_s;
  s.last_report = now;
  Publication p;
  p.topic = s.topics->WorkerMetrics(s.config.id);
  p.payload = report.SerializeAsString();
  Publish(self, std::move(p));
  s.metrics = control::WorkerMetrics();
  for (const auto& [pid, proc] : s.procs) {
    self->request(proc.supervisor, std::chrono::seconds(1), metrics_atom::value)
        .then([self](const std::string& bytes) { self->state.metrics.add_procs()->ParseFromString(bytes); }, [](caf::error&) {});
  }
  self->delayed_send(self, std::chrono::milliseconds(static_cast<int64_t>(s.config.metrics_interval_s * 1000)), metrics_atom::value);
}

caf::behavior WorkerBehavior(Worker* self, WorkerConfig config) {
  auto& s = self->state;
  s.config = std::move(config);
  s.topics.emplace(s.config.prefix);
  s.replies = s.config.prefix + "/replies/worker/" + s.config.id;
  s.started_unix_ms = proto::UnixMs();
  s.last_cpu_s = ProcessCpuSeconds();
  MqttOptions mqtt = s.config.mqtt;
  mqtt.client_id = s.config.prefix + "/worker/" + s.config.id;
  mqtt.will_topic = s.topics->WorkerStatus(s.config.id);
  mqtt.will_payload = Status(s, false).SerializeAsString();
  mqtt.will_retain = true;
  s.bridge = s.config.make_bridge ? s.config.make_bridge(self->system(), mqtt) : SpawnMqttBridge(self->system(), mqtt);
  self->link_to(s.bridge);
  caf::actor me = caf::actor_cast<caf::actor>(self);
  self->send(s.bridge, subscribe_atom::value, s.topics->WorkerCommands(s.config.id), me);
  self->send(s.bridge, subscribe_atom::value, s.replies, me);
  self->send(s.bridge, subscribe_atom::value, s.topics->WorkerStatus("+"), me);
  self->send(s.bridge, watch_atom::value, me);
  self->send(self, metrics_atom::value);

  self->set_default_handler(caf::print_and_drop);
  self->set_error_handler([](caf::error&) {});
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& s = self->state;
    for (auto it = s.prepared.begin(); it != s.prepared.end(); ++it) {
      if (it->second.address() == down.source) {
        s.prepared.erase(it);
        return;
      }
    }
    for (auto it = s.procs.begin(); it != s.procs.end(); ++it) {
      if (it->second.supervisor.address() != down.source) continue;
      if (!it->second.leaving) {
        // It ended without saying so (it did say so when the program ended): say it here.
        control::ProcStatus status;
        status.set_pid(it->first);
        status.set_name(it->second.name);
        status.set_worker(s.config.id);
        status.set_state(control::EXITED);
        status.set_exit_code(1);
        status.set_error("the supervisor stopped: " + self->system().render(down.reason));
        Publication p;
        p.topic = s.topics->ProcStatus(it->first);
        p.payload = status.SerializeAsString();
        p.retain = true;
        if (down.reason) Publish(self, std::move(p));
        self->send(s.bridge, unsubscribe_atom::value, s.topics->ProcCommands(it->first), caf::actor_cast<caf::actor>(self));
      }
      s.procs.erase(it);
      return;
    }
  });

  return {
      [self](message_atom, const MqttMessage& m) {
        auto& s = self->state;
        if (m.topic == s.replies) return OnReply(self, m);
        if (m.topic.size() > 7 && m.topic.compare(m.topic.size() - 7, 7, "/status") == 0) {
          control::WorkerStatus status;
          if (status.ParseFromString(m.payload) && !status.id().empty()) s.peers[status.id()] = status.online();
          return;
        }
        OnCommand(self, m);
      },
      [self](status_atom, bool connected, const std::string&) {
        // After every (re)connection: the will may have marked this worker offline.
        if (connected) PublishStatus(self, true);
      },
      [self](exited_atom, const std::string& pid) {
        auto& s = self->state;
        auto it = s.procs.find(pid);
        if (it == s.procs.end()) return;
        self->send(s.bridge, unsubscribe_atom::value, s.topics->ProcCommands(pid), caf::actor_cast<caf::actor>(self));
        s.procs.erase(it);
      },
      [self](timeout_atom, const std::string& correlation) {
        EndMove(self, correlation, false, "no answer in " + std::to_string(static_cast<int>(self->state.config.migrate_timeout_s)) + " s");
      },
      [self](metrics_atom) { GatherMetrics(self); },
      [self](const std::string& refused) {
        // The bridge's answer to a publish or subscribe: empty, or why it failed.
        if (!refused.empty()) std::fprintf(stderr, "thingsjs: worker %s: MQTT: %s\n", self->state.config.id.c_str(), refused.c_str());
      },
      [self](stop_atom) {
        // Every program ends (and says so) before the worker says it is offline and goes; one
        // that is moving refuses the kill, and its status stays its target's to give.
        auto& s = self->state;
        caf::response_promise promise = self->make_response_promise();
        auto left = std::make_shared<size_t>(s.procs.size() + 1);
        auto one_done = [self, left, promise]() mutable {
          if (--*left > 0) return;
          Publication p;
          p.topic = self->state.topics->WorkerStatus(self->state.config.id);
          p.payload = Status(self->state, false).SerializeAsString();
          p.retain = true;
          auto finish = [self, promise]() mutable {
            self->send_exit(self->state.bridge, caf::exit_reason::user_shutdown);
            self->quit();
            promise.deliver(true);
          };
          // Once the bridge has taken the last status, it may go.
          self->request(self->state.bridge, std::chrono::seconds(2), publish_atom::value, std::move(p))
              .then([finish](const std::string&) mutable { finish(); }, [finish](caf::error&) mutable { finish(); });
        };
        for (auto& [pid, proc] : s.procs) {
          proc.leaving = true;
          self->request(proc.supervisor, std::chrono::seconds(10), kill_atom::value)
              .then([one_done](const std::string&) mutable { one_done(); }, [one_done](caf::error&) mutable { one_done(); });
        }
        one_done();
        return promise;
      },
  };
}

}  // namespace

caf::actor SpawnWorker(caf::actor_system& system, WorkerConfig config) { return system.spawn(WorkerBehavior, std::move(config)); }

}  // namespace thingsjs::actors

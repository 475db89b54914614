#include "actors/supervisor.h"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <limits>
#include <optional>

#include "actors/bridge_messages.h"
#include "actors/mqtt_transport.h"
#include "actors/supervisor_messages.h"
#include "proto/control.pb.h"
#include "proto/control_codec.h"
#include "runtime/clock.h"
#include "runtime/output.h"

namespace thingsjs::actors {

namespace {

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// A program's console: every write becomes a ConsoleLine on the program's console topic, and
// the latest ones are kept for `logs` (and travel along when the program migrates).
class ConsoleOutput final : public runtime::Output {
 public:
  ConsoleOutput(caf::actor bridge, std::string topic, std::string pid, size_t history, const std::vector<std::string>& lines)
      : bridge_(std::move(bridge)), topic_(std::move(topic)), pid_(std::move(pid)), max_(history) {
    SetHistory(lines);
  }

  void Write(int fd, std::string_view text) override {
    control::ConsoleLine line;
    line.set_pid(pid_);
    line.set_stderr(fd == 2);
    line.set_text(std::string(text));
    line.set_seq(++seq_);
    std::string bytes = line.SerializeAsString();
    caf::anon_send(bridge_, publish_atom::value, topic_, bytes);
    lines_.push_back(std::move(bytes));
    Trim();
  }

  std::vector<std::string> lines() const { return {lines_.begin(), lines_.end()}; }
  void SetHistory(const std::vector<std::string>& lines) {
    lines_.assign(lines.begin(), lines.end());
    Trim();
    control::ConsoleLine last;
    if (!lines_.empty() && last.ParseFromString(lines_.back())) seq_ = last.seq();
  }

 private:
  void Trim() {
    while (lines_.size() > max_) lines_.pop_front();
  }
  caf::actor bridge_;
  std::string topic_, pid_;
  size_t max_;
  std::deque<std::string> lines_;
  uint64_t seq_ = 0;
};

// A capture the supervisor owes an answer: a snapshot, or the first phase of a migration.
struct PendingCapture {
  caf::response_promise promise;
  bool suspend = false;
  int attempts_left = 0;
  bool tried = false;  // the first attempt waits for the mailbox (see BeginCapture)
};

struct SupervisorState {
  SupervisorConfig config;
  caf::actor bridge, worker;
  std::optional<proto::Topics> topics;
  // Destroyed in reverse: the program first, then what it borrows.
  std::unique_ptr<ConsoleOutput> output;
  std::unique_ptr<ProgramSession> transport;
  std::unique_ptr<runtime::Program> program;
  control::ProcState state = control::STARTING;
  bool paused = false;      // by a command, or suspended for a migration
  bool suspended = false;   // the MQTT session is handed over (a migration in progress)
  bool tick_queued = false;
  double timer_due = std::numeric_limits<double>::infinity();
  uint64_t timer_seq = 0;
  std::optional<PendingCapture> capture;
  double cpu_ms = 0, reported_cpu_ms = 0;
  uint64_t reported_in = 0, reported_out = 0;
  bool starting = true;
  bool ended = false;
  std::string start_error;
  static inline const char* name = "thingsjs.supervisor";

  ~SupervisorState() {
    if (program) program->SetWakeCallback(nullptr);
    program.reset();
  }
};

using Supervisor = caf::stateful_actor<SupervisorState>;

void PublishStatus(Supervisor* self, control::ProcState state, const runtime::ProgramExit* exit = nullptr) {
  auto& s = self->state;
  s.state = state;
  control::ProcStatus status;
  status.set_pid(s.config.pid);
  status.set_name(s.config.name);
  status.set_worker(s.config.worker);
  status.set_state(state);
  status.set_migrations(s.config.migrations);
  if (exit) {
    status.set_exit_code(exit->code);
    status.set_error(exit->error);
  }
  Publication p;
  p.topic = s.topics->ProcStatus(s.config.pid);
  p.payload = status.SerializeAsString();
  p.retain = true;
  caf::anon_send(s.bridge, publish_atom::value, std::move(p));
}

// Ends the program: its last status, its session, a word to the worker. Then the supervisor
// quits, unless it is still starting (it answers `started` first).
void Finish(Supervisor* self, std::optional<runtime::ProgramExit> how = std::nullopt) {
  auto& s = self->state;
  if (s.ended) return;
  runtime::ProgramExit exit = how ? *how : s.program->exit();
  if (s.capture) {
    s.capture->promise.deliver(std::string("the program ended"), std::string());
    s.capture.reset();
  }
  PublishStatus(self, control::EXITED, &exit);
  s.program->SetWakeCallback(nullptr);
  s.program.reset();
  // Nothing will come for this program again: the broker can forget its session.
  s.transport->End();
  self->send(s.worker, exited_atom::value, s.config.pid);
  s.ended = true;
  if (!s.starting) self->quit();
}

void Schedule(Supervisor* self) {
  auto& s = self->state;
  if (!s.program || s.paused) return;
  if (s.program->HasReadyWork()) {
    if (!s.tick_queued) {
      s.tick_queued = true;
      self->send(self, tick_atom::value, uint64_t{0});
    }
    return;
  }
  std::optional<double> due = s.program->NextTimerDueMs();
  if (!due || *due == s.timer_due) return;
  s.timer_due = *due;
  double delay_ms = std::max(0.0, *due - s.config.clock->NowMs());
  self->delayed_send(self, std::chrono::microseconds(static_cast<int64_t>(delay_ms * 1000)), tick_atom::value, ++s.timer_seq);
}

// Tries the capture that is owed, between two turns. A refusal (something awaited) is passing:
// the program runs on and the capture is tried after the next turn.
void TryCapture(Supervisor* self) {
  auto& s = self->state;
  PendingCapture& c = *s.capture;
  c.tried = true;
  std::string warning;
  if (c.suspend) warning = s.transport->Suspend();
  if (!warning.empty()) std::fprintf(stderr, "thingsjs: program %s: %s\n", s.config.pid.c_str(), warning.c_str());
  std::string bytes;
  std::string error = s.program->Capture(&bytes);
  if (error.empty()) {
    if (c.suspend) {
      s.suspended = true;
      s.paused = true;
      PublishStatus(self, control::MIGRATING);
    }
    c.promise.deliver(std::string(), std::move(bytes));
    s.capture.reset();
    return;
  }
  if (c.suspend) s.transport->Connect();
  if (--c.attempts_left <= 0 || s.paused || !s.program->IsAlive()) {
    c.promise.deliver("not migratable now: " + error, std::string());
    s.capture.reset();
  }
}

caf::response_promise BeginCapture(Supervisor* self, bool suspend) {
  auto& s = self->state;
  caf::response_promise promise = self->make_response_promise();
  if (s.ended) {
    promise.deliver(std::string("the program has ended"), std::string());
  } else if (s.capture) {
    promise.deliver(std::string("a capture is already in progress"), std::string());
  } else if (s.suspended) {
    promise.deliver(std::string("the program is migrating"), std::string());
  } else {
    // The part of the capture that does not depend on the program's state is done now; the
    // capture itself comes after what is already in the mailbox (a due timer, a message), so
    // the program stops for less time.
    s.program->PrepareCapture();
    s.capture = PendingCapture{promise, suspend, 1000, false};
    self->send(self, capture_atom::value);
  }
  return promise;
}

void Drive(Supervisor* self) {
  auto& s = self->state;
  if (!s.program || s.paused) return;
  if (s.program->HasReadyWork()) {
    double start = ThreadCpuMs();
    s.program->RunOnce();
    s.cpu_ms += ThreadCpuMs() - start;
    if (s.capture && s.capture->tried && !s.program->exited()) TryCapture(self);
  }
  if (s.program->exited() || (!s.program->IsAlive() && !s.suspended)) {
    Finish(self);
    return;
  }
  Schedule(self);
}

// Starts the program, or continues it from a snapshot. Returns why it could not; when the
// program ended at once, `ended` is set.
std::string Begin(Supervisor* self, const std::string& source, const std::string& snapshot) {
  auto& s = self->state;
  if (!snapshot.empty()) {
    // Subscriptions first, so that what the broker kept for the session finds them.
    std::string error = s.program->Restore(snapshot);
    // A move whose source has stopped waiting goes on there: this copy must not run.
    if (error.empty() && s.config.deadline_unix_ms != 0 && proto::UnixMs() > s.config.deadline_unix_ms) {
      error = "restored after the source stopped waiting for it";
    }
    if (!error.empty()) {
      s.start_error = "cannot restore: " + error;
      if (s.config.moving) {
        // It goes on where it came from: no status of its own here.
        s.ended = true;
        self->send(s.worker, exited_atom::value, s.config.pid);
      } else {
        Finish(self, runtime::ProgramExit{1, s.start_error});
      }
      return s.start_error;
    }
    s.transport->Connect();
  } else {
    s.transport->Connect();
    s.program->Start(source);
  }
  if (!s.program->exited()) PublishStatus(self, control::RUNNING);
  if (s.program->exited() || !s.program->IsAlive()) {
    Finish(self);
    return "";
  }
  Schedule(self);
  return "";
}

caf::behavior Running(Supervisor* self);

caf::behavior SupervisorBehavior(Supervisor* self, SupervisorConfig config, caf::actor bridge, caf::actor worker) {
  auto& s = self->state;
  s.config = std::move(config);
  s.bridge = std::move(bridge);
  s.worker = std::move(worker);
  s.topics.emplace(s.config.prefix);
  const SupervisorConfig& c = s.config;
  // A stray message or error (a late timer of the prepared state, an answer nobody waits for)
  // must not end the program.
  self->set_default_handler(caf::print_and_drop);
  self->set_error_handler([](caf::error&) {});
  // A program does not outlive its worker.
  self->monitor(s.worker);
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& s = self->state;
    if (down.source != s.worker.address()) return;
    // A program still waiting to move here runs elsewhere, and one suspended for a move away
    // may already run on its target: nothing to say about either.
    if (s.program && !s.ended && !(s.config.prepared && s.starting) && !s.suspended) {
      Finish(self, runtime::ProgramExit{1, "its worker stopped"});
    }
    self->quit();
  });

  s.output = std::make_unique<ConsoleOutput>(s.bridge, s.topics->ProcConsole(c.pid), c.pid, c.history, c.lines);
  // A program moving here keeps the status its source gave it until it runs here.
  if (!c.moving) PublishStatus(self, control::STARTING);
  MqttOptions mqtt = c.mqtt;
  mqtt.client_id = ProgramClientId(c.prefix, c.pid);
  mqtt.session_expiry_s = c.session_expiry_s;
  mqtt.fence_topic = c.prefix + "/fence/" + c.pid;
  mqtt.will_topic.clear();
  std::string error;
  s.transport = c.make_session ? c.make_session(mqtt, &error) : MqttTransport::Create(mqtt, c.prefix, &error, /*start=*/false);
  // Answers `started`, for a program that ended while starting.
  auto ended = [self]() -> caf::behavior {
    return {[self](started_atom) {
      self->quit();
      return self->state.start_error;
    }};
  };
  if (!s.transport) {
    s.start_error = "cannot make the program's MQTT client: " + error;
    runtime::ProgramExit failed{1, s.start_error};
    if (c.prepared) {
      // Nobody waits for it to start: it goes, and a snapshot that comes for it finds no
      // isolate ready (the worker then starts a fresh supervisor with it).
      self->quit();
      return {};
    }
    PublishStatus(self, control::EXITED, &failed);
    self->send(s.worker, exited_atom::value, c.pid);
    return ended();
  }
  runtime::ProgramOptions options = c.program;
  options.id = c.pid;
  options.worker = c.worker;
  runtime::ProgramHost host{c.platform, c.clock, s.output.get(), s.transport.get(), c.watchdog};
  s.program = runtime::Program::Create(options, host);
  caf::weak_actor_ptr weak = caf::actor_cast<caf::weak_actor_ptr>(self->ctrl());
  s.program->SetWakeCallback([weak] {
    if (auto strong = caf::actor_cast<caf::actor>(weak)) caf::anon_send(strong, wake_atom::value);
  });
  if (c.prepared) {
    // A program about to move here: its isolate is ready before its snapshot arrives.
    self->delayed_send(self, std::chrono::milliseconds(static_cast<int64_t>(c.prepared_for_s * 1000)), timeout_atom::value);
    return {
        [self](restore_atom, const std::string& snapshot, const std::string& name, uint32_t migrations,
               const std::vector<std::string>& lines, uint64_t deadline_unix_ms) {
          auto& s = self->state;
          s.config.name = name;
          s.config.deadline_unix_ms = deadline_unix_ms;
          s.config.migrations = migrations;
          s.output->SetHistory(lines);
          std::string error = Begin(self, "", snapshot);
          s.starting = false;
          if (s.ended) {
            self->quit();
          } else {
            self->become(Running(self));
          }
          return error;
        },
        [self](timeout_atom) { self->quit(); },  // the move did not come
    };
  }
  Begin(self, c.source, c.snapshot);
  if (s.ended) return ended();
  return Running(self);
}

caf::behavior Running(Supervisor* self) {
  return {
      [](timeout_atom) {},  // the prepared state's timer: the move came in time
      [self](started_atom) {
        self->state.starting = false;
        if (self->state.ended) self->quit();
        return std::string();
      },
      [self](tick_atom, uint64_t seq) {
        auto& s = self->state;
        if (seq == 0) {
          s.tick_queued = false;
        } else if (seq != s.timer_seq) {
          return;  // a timer that was re-armed since
        } else {
          s.timer_due = std::numeric_limits<double>::infinity();
        }
        Drive(self);
      },
      [self](wake_atom) {
        auto& s = self->state;
        if (s.program && s.program->exited()) {
          Finish(self);  // terminated from outside (a limit)
          return;
        }
        Schedule(self);
      },
      [self](pause_atom) -> std::string {
        auto& s = self->state;
        if (s.ended) return "the program has ended";
        if (s.suspended) return "the program is migrating";
        if (s.capture) {
          // A capture waits for the program to run on; paused, it would wait forever.
          s.capture->promise.deliver(std::string("the program was paused"), std::string());
          s.capture.reset();
        }
        if (s.paused) return "";
        s.paused = true;
        PublishStatus(self, control::PAUSED);
        return "";
      },
      [self](resume_atom) -> std::string {
        auto& s = self->state;
        if (s.ended) return "the program has ended";
        if (s.suspended) return "the program is migrating";
        if (!s.paused) return "";
        s.paused = false;
        PublishStatus(self, control::RUNNING);
        Schedule(self);
        return "";
      },
      [self](abort_atom) {
        // A move that did not happen (the worker's rollback): the session comes back here, with
        // what the broker kept for it meanwhile, and the program goes on.
        auto& s = self->state;
        if (s.ended || !s.suspended) return;
        s.transport->Connect();
        s.suspended = false;
        s.paused = false;
        PublishStatus(self, control::RUNNING);
        if (!s.program->IsAlive()) {
          Finish(self);
          return;
        }
        Schedule(self);
      },
      [self](kill_atom) -> std::string {
        if (self->state.suspended) return "the program is migrating; kill it where it runs once it has moved";
        Finish(self, runtime::ProgramExit{137, "killed"});
        return "";
      },
      [self](snapshot_atom) { return BeginCapture(self, false); },
      [self](suspend_atom) { return BeginCapture(self, true); },
      [self](capture_atom) {
        auto& s = self->state;
        if (s.capture && !s.capture->tried && !s.ended) TryCapture(self);
      },
      [self](drop_atom) {
        // It runs elsewhere now, with its session: end here without ending that.
        auto& s = self->state;
        if (s.program) s.program->SetWakeCallback(nullptr);
        s.program.reset();
        s.ended = true;
        self->quit();
      },
      [self](logs_atom) { return self->state.output->lines(); },
      [self](metrics_atom) {
        auto& s = self->state;
        control::ProcMetrics m;
        m.set_pid(s.config.pid);
        if (s.program) m.set_heap_used_bytes(s.program->GetStats().heap_used_bytes);
        m.set_cpu_ms(s.cpu_ms - s.reported_cpu_ms);
        uint64_t in = s.transport->messages_in(), out = s.transport->messages_out();
        m.set_messages_in(in - s.reported_in);
        m.set_messages_out(out - s.reported_out);
        s.reported_cpu_ms = s.cpu_ms;
        s.reported_in = in;
        s.reported_out = out;
        return m.SerializeAsString();
      },
  };
}

}  // namespace

std::string ProgramClientId(const std::string& prefix, const std::string& pid) { return prefix + "/proc/" + pid; }

caf::actor SpawnSupervisor(caf::actor_system& system, SupervisorConfig config, const caf::actor& bridge, const caf::actor& worker) {
  if (!config.own_thread) return system.spawn(SupervisorBehavior, std::move(config), bridge, worker);
  return system.spawn<caf::detached>(SupervisorBehavior, std::move(config), bridge, worker);
}

}  // namespace thingsjs::actors

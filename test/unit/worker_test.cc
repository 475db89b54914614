// The worker's and the supervisor's logic under CAF's deterministic scheduler (the `testing`
// policy): every message runs when the test says so, timers fire when the test advances time.
// MQTT is replaced by an in-process network of bridges that routes messages by topic, keeps
// retained ones and carries v5 response topics (the real bridge, client and broker are tested
// in mqtt_*_test.cc and test/scenario/).
#include <doctest/doctest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/send.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/bridge_messages.h"
#include "actors/program_session.h"
#include "actors/supervisor_messages.h"
#include "actors/worker.h"
#include "proto/control.pb.h"
#include "runtime/clock.h"
#include "runtime/in_process_bus.h"
#include "runtime/watchdog.h"
#include "test/unit/test_support.h"

using namespace thingsjs;
using namespace thingsjs::actors;
using namespace std::chrono_literals;

namespace {

// The broker, in process: who subscribed to what, and the retained messages.
struct Network {
  std::vector<std::pair<std::string, caf::actor>> subscriptions;
  std::map<std::string, std::string> retained;
  std::vector<Publication> published;  // everything, in order

  void Deliver(caf::event_based_actor* from, const Publication& p) {
    published.push_back(p);
    if (p.retain) retained[p.topic] = p.payload;
    MqttMessage m;
    m.topic = p.topic;
    m.payload = p.payload;
    m.response_topic = p.response_topic;
    m.correlation_data = p.correlation_data;
    for (const auto& [filter, who] : subscriptions) {
      if (runtime::TopicMatches(filter, p.topic)) from->send(who, message_atom::value, m);
    }
  }
};

// Takes the messages the MQTT bridge takes (actors/bridge_messages.h).
caf::behavior FakeBridge(caf::event_based_actor* self, Network* net) {
  return {
      [=](subscribe_atom, const std::string& filter, const caf::actor& who) {
        net->subscriptions.emplace_back(filter, who);
        for (const auto& [topic, payload] : net->retained) {
          if (!runtime::TopicMatches(filter, topic)) continue;
          MqttMessage m;
          m.topic = topic;
          m.payload = payload;
          m.retain = true;
          self->send(who, message_atom::value, m);
        }
        return std::string();
      },
      [=](unsubscribe_atom, const std::string& filter, const caf::actor& who) {
        auto& subs = net->subscriptions;
        subs.erase(std::remove_if(subs.begin(), subs.end(), [&](const auto& s) { return s.first == filter && s.second == who; }),
                   subs.end());
      },
      [=](publish_atom, const std::string& topic, const std::string& payload) {
        Publication p;
        p.topic = topic;
        p.payload = payload;
        net->Deliver(self, p);
        return std::string();
      },
      [=](publish_atom, const Publication& p) {
        net->Deliver(self, p);
        return std::string();
      },
      [=](watch_atom, const caf::actor& who) { self->send(who, status_atom::value, true, std::string()); },
  };
}

// A program's session on an in-process bus shared by the test's programs.
class BusSession final : public ProgramSession {
 public:
  explicit BusSession(runtime::InProcessBus* bus) : bus_(bus) {}
  void Publish(std::string_view topic, std::string_view payload) override {
    ++out_;
    bus_->Publish(topic, payload);
  }
  void Subscribe(std::string_view filter, runtime::MessageSink* sink) override { bus_->Subscribe(filter, sink); }
  void Unsubscribe(std::string_view filter, runtime::MessageSink* sink) override { bus_->Unsubscribe(filter, sink); }
  std::string Connect() override { return ""; }
  std::string Suspend() override { return ""; }
  void End() override {}
  uint64_t messages_in() const override { return 0; }
  uint64_t messages_out() const override { return out_; }

 private:
  runtime::InProcessBus* bus_;
  uint64_t out_ = 0;
};

// The shell's side: sends commands through the network and keeps what comes back.
struct Client {
  std::vector<MqttMessage> got;
};

caf::behavior ClientActor(caf::event_based_actor*, Client* client) {
  return {[=](message_atom, const MqttMessage& m) { client->got.push_back(m); }, [](const std::string&) {}};
}

struct Fixture {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::scheduler::test_coordinator* sched = nullptr;
  runtime::VirtualClock clock{1000};
  runtime::Watchdog watchdog;
  runtime::InProcessBus bus;
  Network net;
  Client client;
  caf::actor bridge, client_actor;

  Fixture() {
    cfg.set("scheduler.policy", caf::atom("testing"));
    cfg.set("logger.file-verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
    bridge = sys->spawn(FakeBridge, &net);
    client_actor = sys->spawn(ClientActor, &client);
    caf::anon_send(bridge, subscribe_atom::value, std::string("thingsjs/replies/#"), client_actor);
    caf::anon_send(bridge, subscribe_atom::value, std::string("thingsjs/procs/+/console"), client_actor);
    sched->run();
  }
  ~Fixture() {
    for (auto& w : workers) caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(bridge, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(client_actor, caf::exit_reason::user_shutdown);
    sched->run();
  }

  std::vector<caf::actor> workers;
  caf::actor Worker(const std::string& id, double migrate_timeout_s = 30) {
    WorkerConfig c;
    c.id = id;
    c.version = "test";
    c.platform = &test::Platform();
    c.clock = &clock;
    c.watchdog = &watchdog;
    c.metrics_interval_s = 3600;
    c.migrate_timeout_s = migrate_timeout_s;
    c.own_threads = false;
    caf::actor b = bridge;
    c.make_bridge = [b](caf::actor_system&, const MqttOptions&) { return b; };
    runtime::InProcessBus* shared = &bus;
    c.make_session = [shared](const MqttOptions&, std::string*) { return std::make_unique<BusSession>(shared); };
    workers.push_back(SpawnWorker(*sys, c));
    sched->run();
    return workers.back();
  }

  // Publishes a command as the shell does; the answer comes to the client.
  void Send(const std::string& topic, const control::Command& command, const std::string& correlation) {
    Publication p;
    p.topic = topic;
    p.payload = command.SerializeAsString();
    p.response_topic = "thingsjs/replies/shell/1";
    p.correlation_data = correlation;
    caf::anon_send(bridge, publish_atom::value, p);
    sched->run();
  }
  bool Answer(const std::string& correlation, control::Reply* reply) {
    for (const auto& m : client.got) {
      if (m.topic == "thingsjs/replies/shell/1" && m.correlation_data == correlation) return reply->ParseFromString(m.payload);
    }
    return false;
  }
  std::string Console() {
    std::string all;
    for (const auto& m : client.got) {
      control::ConsoleLine line;
      if (m.topic.find("/console") != std::string::npos && line.ParseFromString(m.payload)) all += line.text();
    }
    return all;
  }
  control::ProcStatus Status(const std::string& pid) {
    control::ProcStatus status;
    status.ParseFromString(net.retained["thingsjs/procs/" + pid + "/status"]);
    return status;
  }
  // Program time and the scheduler's time move together.
  void Advance(double ms) {
    clock.Advance(ms);
    sched->advance_time(std::chrono::microseconds(static_cast<int64_t>(ms * 1000)));
    sched->run();
  }
  std::string Run(const std::string& worker, const std::string& source, const std::string& correlation) {
    control::Command run;
    run.mutable_run()->set_file_name("app.js");
    run.mutable_run()->set_source(source);
    Send("thingsjs/workers/" + worker + "/cmd", run, correlation);
    control::Reply reply;
    REQUIRE(Answer(correlation, &reply));
    REQUIRE_MESSAGE(reply.ok(), reply.error());
    return reply.pid();
  }
};

control::Command ProcCommand(const char* kind, const std::string& pid) {
  control::Command c;
  control::ProcRef* ref = std::string(kind) == "kill"    ? c.mutable_kill()
                          : std::string(kind) == "pause" ? c.mutable_pause()
                          : std::string(kind) == "logs"  ? c.mutable_logs()
                                                         : c.mutable_resume();
  ref->set_pid(pid);
  return c;
}

}  // namespace

TEST_CASE("worker: announces itself, runs a program whose timers follow the clock, reports its output and its end") {
  Fixture f;
  f.Worker("w1");
  control::WorkerStatus status;
  REQUIRE(status.ParseFromString(f.net.retained["thingsjs/workers/w1/status"]));
  CHECK(status.online());
  CHECK(status.id() == "w1");
  CHECK(status.cores() >= 1);

  std::string pid = f.Run("w1", "console.log('hello from', require('things').worker);\nsetTimeout(() => console.log('a second later'), 1000);\n", "1");
  CHECK(pid.size() == 8);
  CHECK(f.Console() == "hello from w1\n");
  CHECK(f.Status(pid).state() == control::RUNNING);
  CHECK(f.Status(pid).worker() == "w1");
  f.Advance(999);
  CHECK(f.Console() == "hello from w1\n");  // not yet
  f.Advance(1);
  CHECK(f.Console() == "hello from w1\na second later\n");
  CHECK(f.Status(pid).state() == control::EXITED);
  CHECK(f.Status(pid).exit_code() == 0);
}

TEST_CASE("worker: pause holds a program's timers, resume releases them, kill ends it; errors are answers") {
  Fixture f;
  f.Worker("w1");
  std::string pid = f.Run("w1", "let n = 0; setInterval(() => console.log('tick', ++n), 100);\n", "1");
  f.Advance(100);
  CHECK(f.Console() == "tick 1\n");
  f.Send("thingsjs/procs/" + pid + "/cmd", ProcCommand("pause", pid), "2");
  control::Reply reply;
  REQUIRE(f.Answer("2", &reply));
  CHECK(reply.ok());
  CHECK(f.Status(pid).state() == control::PAUSED);
  f.Advance(500);
  CHECK(f.Console() == "tick 1\n");
  f.Send("thingsjs/procs/" + pid + "/cmd", ProcCommand("resume", pid), "3");
  CHECK(f.Status(pid).state() == control::RUNNING);
  f.Advance(0);
  CHECK(f.Console() == "tick 1\ntick 2\n");  // the overdue tick, once
  f.Send("thingsjs/procs/" + pid + "/cmd", ProcCommand("logs", pid), "4");
  REQUIRE(f.Answer("4", &reply));
  REQUIRE(reply.lines_size() == 2);
  CHECK(reply.lines(1).text() == "tick 2\n");
  CHECK(reply.lines(1).seq() == 2);
  f.Send("thingsjs/procs/" + pid + "/cmd", ProcCommand("kill", pid), "5");
  REQUIRE(f.Answer("5", &reply));
  CHECK(reply.ok());
  CHECK(f.Status(pid).state() == control::EXITED);
  CHECK(f.Status(pid).exit_code() == 137);
  CHECK(f.Status(pid).error() == "killed");

  f.Send("thingsjs/workers/w1/cmd", ProcCommand("kill", "nosuch"), "6");
  REQUIRE(f.Answer("6", &reply));
  CHECK_FALSE(reply.ok());
  CHECK(reply.error() == "no program nosuch on worker w1");
  // A command that arrives after its sender gave up on it is refused, not run.
  control::Command late = ProcCommand("kill", pid);
  late.set_deadline_unix_ms(1);
  f.Send("thingsjs/workers/w1/cmd", late, "8");
  REQUIRE(f.Answer("8", &reply));
  CHECK_FALSE(reply.ok());
  CHECK(reply.error().find("after its sender stopped waiting, and was not run") != std::string::npos);
  Publication junk;
  junk.topic = "thingsjs/workers/w1/cmd";
  junk.payload = "\xff\xff not protobuf";
  junk.response_topic = "thingsjs/replies/shell/1";
  junk.correlation_data = "7";
  caf::anon_send(f.bridge, publish_atom::value, junk);
  f.sched->run();
  REQUIRE(f.Answer("7", &reply));
  CHECK_FALSE(reply.ok());
  CHECK(reply.error().find("not a control command") != std::string::npos);
}

TEST_CASE("worker: a program that throws ends alone, with its error; the worker goes on") {
  Fixture f;
  f.Worker("w1");
  std::string bad = f.Run("w1", "setTimeout(() => { null.x; }, 10);\n", "1");
  std::string good = f.Run("w1", "setTimeout(() => console.log('fine'), 20);\n", "2");
  f.Advance(10);
  CHECK(f.Status(bad).state() == control::EXITED);
  CHECK(f.Status(bad).exit_code() == 1);
  CHECK(f.Status(bad).error().find("TypeError") != std::string::npos);
  f.Advance(10);
  CHECK(f.Console().find("fine") != std::string::npos);
  CHECK(f.Status(good).exit_code() == 0);
}

TEST_CASE("migration: two phases between two workers; the program goes on on the target with its state") {
  Fixture f;
  f.Worker("w1");
  f.Worker("w2");
  std::string pid = f.Run("w1", "let n = 0; setInterval(() => console.log(`${++n} on ${require('things').worker}`), 100);\n", "1");
  f.Advance(100);
  f.Advance(100);
  control::Command move;
  move.mutable_migrate()->set_pid(pid);
  move.mutable_migrate()->set_to_worker("w2");
  f.Send("thingsjs/procs/" + pid + "/cmd", move, "2");
  control::Reply reply;
  REQUIRE(f.Answer("2", &reply));
  CHECK_MESSAGE(reply.ok(), reply.error());
  CHECK(f.Status(pid).worker() == "w2");
  CHECK(f.Status(pid).state() == control::RUNNING);
  CHECK(f.Status(pid).migrations() == 1);
  CHECK(f.Status(pid).name() == "app.js");
  f.Advance(100);
  CHECK(f.Console() == "1 on w1\n2 on w1\n3 on w2\n");
  // Commands now reach the program on w2.
  f.Send("thingsjs/procs/" + pid + "/cmd", ProcCommand("logs", pid), "3");
  REQUIRE(f.Answer("3", &reply));
  CHECK(reply.lines_size() == 3);  // the history came along
  CHECK(reply.lines(2).seq() == 3);
  // Long after the move (past the prepared isolate's own timer) it still runs.
  f.Advance(40000);
  f.Advance(100);
  CHECK(f.Status(pid).state() == control::RUNNING);
  CHECK(f.Console() == "1 on w1\n2 on w1\n3 on w2\n4 on w2\n5 on w2\n");
}

TEST_CASE("migration: a target that never answers: after the timeout the program goes on where it was") {
  Fixture f;
  f.Worker("w1", /*migrate_timeout_s=*/5);
  // A worker that says it is online but does not exist.
  control::WorkerStatus ghost;
  ghost.set_id("ghost");
  ghost.set_online(true);
  Publication p;
  p.topic = "thingsjs/workers/ghost/status";
  p.payload = ghost.SerializeAsString();
  p.retain = true;
  caf::anon_send(f.bridge, publish_atom::value, p);
  f.sched->run();
  std::string pid = f.Run("w1", "let n = 0; setInterval(() => console.log(++n), 1000);\n", "1");
  control::Command move;
  move.mutable_migrate()->set_pid(pid);
  move.mutable_migrate()->set_to_worker("ghost");
  f.Send("thingsjs/procs/" + pid + "/cmd", move, "2");
  control::Reply reply;
  CHECK_FALSE(f.Answer("2", &reply));  // waiting for the target
  CHECK(f.Status(pid).state() == control::MIGRATING);
  // Meanwhile it can be neither resumed nor killed here: it may be running elsewhere soon.
  f.Send("thingsjs/procs/" + pid + "/cmd", ProcCommand("resume", pid), "r");
  REQUIRE(f.Answer("r", &reply));
  CHECK(reply.error() == "the program is migrating");
  f.Send("thingsjs/procs/" + pid + "/cmd", ProcCommand("kill", pid), "k");
  REQUIRE(f.Answer("k", &reply));
  CHECK(reply.error() == "the program is migrating; kill it where it runs once it has moved");
  f.sched->advance_time(7s);  // the target's deadline is 5 s; its answer gets 2 s more
  f.sched->run();
  REQUIRE(f.Answer("2", &reply));
  CHECK_FALSE(reply.ok());
  CHECK(reply.error() == "migration of " + pid + " to ghost failed: no answer in 5 s; it goes on on w1");
  CHECK(f.Status(pid).state() == control::RUNNING);
  CHECK(f.Status(pid).worker() == "w1");
  f.Advance(1000);
  CHECK(f.Console().find("1\n") != std::string::npos);

  // Moving to a worker nobody has heard of fails at once.
  move.mutable_migrate()->set_to_worker("nobody");
  f.Send("thingsjs/procs/" + pid + "/cmd", move, "3");
  REQUIRE(f.Answer("3", &reply));
  CHECK(reply.error() == "no worker 'nobody' is online");
}

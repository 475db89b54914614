// The cluster as users run it: worker processes (`thingsjs worker`) on a real Mosquitto broker,
// commanded through the control protocol (actors/cluster_client.h, as the shell does).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "actors/cluster_client.h"
#include "actors/mqtt_client.h"
#include "test/support/broker.h"
#include "test/support/process.h"

using namespace thingsjs;
using namespace std::chrono_literals;

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A broker, N workers and a client, with the workers' logs in a temporary directory.
struct Cluster {
  test::Broker broker;
  std::string dir;
  std::vector<std::unique_ptr<test::Process>> workers;
  std::unique_ptr<actors::ClusterClient> client;

  explicit Cluster(int n) {
    REQUIRE_MESSAGE(broker.running(), broker.error());
    REQUIRE_MESSAGE(!Env("THINGSJS_BIN").empty(), "THINGSJS_BIN names the thingsjs executable");
    char pattern[] = "/tmp/thingsjs-scenario-XXXXXX";
    REQUIRE(mkdtemp(pattern));
    dir = pattern;
    for (int i = 1; i <= n; ++i) StartWorker("w" + std::to_string(i));
    actors::MqttOptions options;
    options.port = broker.port();
    std::string error;
    client = actors::ClusterClient::Connect(options, "thingsjs", 5000, &error);
    REQUIRE_MESSAGE(client, error);
    for (int i = 1; i <= n; ++i) REQUIRE_MESSAGE(WaitOnline("w" + std::to_string(i), true), "worker w", i, " is not online");
  }
  ~Cluster() {
    client.reset();
    for (auto& w : workers) {
      w->Signal(SIGTERM);
      w->Wait(10000);
    }
    std::error_code ignored;
    if (!std::getenv("THINGSJS_KEEP_LOGS")) std::filesystem::remove_all(dir, ignored);
  }

  test::Process& StartWorker(const std::string& id) {
    workers.push_back(std::make_unique<test::Process>(
        std::vector<std::string>{Env("THINGSJS_BIN"), "worker", "--broker", "mqtt://127.0.0.1:" + std::to_string(broker.port()), "--id", id,
                                 "--metrics-interval", "1"},
        dir + "/" + id + ".log"));
    return *workers.back();
  }

  bool WaitOnline(const std::string& id, bool online, double timeout_ms = 10000) {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double, std::milli>(timeout_ms);
    while (std::chrono::steady_clock::now() < end) {
      for (const auto& w : client->Workers()) {
        if (w.id() == id && w.online() == online) return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // Runs a program from test/scenario on a worker; returns its pid.
  std::string Run(const std::string& file, const std::string& worker) {
    control::Command command;
    command.mutable_run()->set_file_name(file);
    command.mutable_run()->set_source(ReadText(Env("THINGSJS_SCENARIO_DIR") + "/" + file));
    control::Reply reply;
    std::string error = client->Request(client->topics().WorkerCommands(worker), command, 10000, &reply);
    REQUIRE_MESSAGE(error.empty(), error);
    return reply.pid();
  }

  std::string Migrate(const std::string& pid, const std::string& to) {
    control::Command command;
    command.mutable_migrate()->set_pid(pid);
    command.mutable_migrate()->set_to_worker(to);
    control::Reply reply;
    return client->Request(client->topics().ProcCommands(pid), command, 60000, &reply);
  }
};

// Console lines of one program, as a follower sees them.
struct Console {
  std::mutex mutex;
  std::vector<control::ConsoleLine> lines;
  actors::ClusterClient* client = nullptr;
  std::string pid;
  ~Console() {
    if (client) client->Unfollow(pid);  // no call into this one after it is gone
  }
  void Follow(actors::ClusterClient& c, const std::string& p) {
    client = &c;
    pid = p;
    c.Follow(p, [this](const control::ConsoleLine& line) {
      std::lock_guard<std::mutex> lock(mutex);
      lines.push_back(line);
    });
  }
  bool Has(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& l : lines) {
      if (l.text().find(text) != std::string::npos) return true;
    }
    return false;
  }
  bool WaitFor(const std::string& text, double timeout_ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double, std::milli>(timeout_ms);
    while (std::chrono::steady_clock::now() < end) {
      if (Has(text)) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

// Publishes sequence numbers on the program's topic at about `rate` messages a second.
struct Publisher {
  std::unique_ptr<actors::MqttClient> client;
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0};
  std::thread thread;
  std::string topic = "thingsjs/pubsub/scenario/ticks";

  explicit Publisher(int port) {
    actors::MqttOptions options;
    options.port = port;
    std::string error;
    client = actors::MqttClient::Create(options, nullptr, nullptr, &error);
    REQUIRE_MESSAGE(client, error);
    REQUIRE(client->Start() == "");
    REQUIRE(client->WaitConnected(5000));
  }
  void Probe() { client->Publish(topic, "{\"probe\":true}"); }
  void Begin(int rate) {
    thread = std::thread([this, rate] {
      auto next = std::chrono::steady_clock::now();
      while (!stop) {
        for (int i = 0; i < rate / 100; ++i) client->Publish(topic, std::to_string(++sent));
        next += 10ms;
        std::this_thread::sleep_until(next);
      }
    });
  }
  int End() {
    stop = true;
    thread.join();
    client->Publish(topic, "{\"done\":" + std::to_string(sent) + "}");
    return sent;
  }
};

}  // namespace

TEST_CASE("scenario: a counter fed 1000 messages/s, migrated 100 times between two workers, counts each message once") {
  Cluster cluster(2);
  std::string pid = cluster.Run("exact_counter.js", "w1");
  Console console;
  console.Follow(*cluster.client, pid);
  Publisher publisher(cluster.broker.port());
  // The program's subscription is in place once a probe gets through.
  for (int i = 0; i < 200 && !console.Has("probed"); ++i) {
    publisher.Probe();
    std::this_thread::sleep_for(50ms);
  }
  REQUIRE(console.Has("probed"));
  publisher.Begin(1000);

  size_t rss[2] = {0, 0};
  int sockets[2] = {0, 0};
  int failures = 0;
  for (int i = 1; i <= 100; ++i) {
    std::string error = cluster.Migrate(pid, i % 2 ? "w2" : "w1");
    if (!error.empty()) {
      ++failures;
      MESSAGE("migration ", i, ": ", error);
    }
    if (i == 10) {
      std::this_thread::sleep_for(200ms);  // the source's connection closes after the answer
      rss[0] = cluster.workers[0]->ResidentBytes() + cluster.workers[1]->ResidentBytes();
      sockets[0] = cluster.workers[0]->OpenSockets() + cluster.workers[1]->OpenSockets();
    }
  }
  std::this_thread::sleep_for(200ms);
  rss[1] = cluster.workers[0]->ResidentBytes() + cluster.workers[1]->ResidentBytes();
  sockets[1] = cluster.workers[0]->OpenSockets() + cluster.workers[1]->OpenSockets();
  std::this_thread::sleep_for(300ms);
  int sent = publisher.End();
  CHECK(failures == 0);
  CHECK(cluster.client->WaitProc(pid, [](const control::ProcStatus& s) { return s.state() == control::EXITED; }, 30000));
  control::ProcStatus status;
  REQUIRE(cluster.client->FindProc(pid, &status));
  CHECK(status.migrations() == 100);
  CHECK(status.exit_code() == 0);
  CHECK_MESSAGE(console.WaitFor("received " + std::to_string(sent) + " of " + std::to_string(sent) + ", 0 out of order", 5000),
                "the program did not count each of the ", sent, " messages exactly once, in order");

  // Console output went on without a gap or a repeat: line numbers and beats both follow on.
  std::lock_guard<std::mutex> lock(console.mutex);
  for (const auto& line : console.lines) {
    if (line.text().rfind("received", 0) == 0 || line.text().rfind("got", 0) == 0) MESSAGE("the program said: ", line.text());
  }
  REQUIRE(console.lines.size() > 10);
  int gaps = 0, beat_gaps = 0, last_beat = 0;
  for (size_t i = 1; i < console.lines.size(); ++i) {
    if (console.lines[i].seq() != console.lines[i - 1].seq() + 1) ++gaps;
  }
  for (const auto& line : console.lines) {
    int beat = 0;
    if (std::sscanf(line.text().c_str(), "beat %d", &beat) != 1) continue;
    if (last_beat && beat != last_beat + 1) ++beat_gaps;
    last_beat = beat;
  }
  CHECK(gaps == 0);
  CHECK(beat_gaps == 0);
  // Nothing leaks per migration: connections, memory.
  CHECK(sockets[1] == sockets[0]);
  MESSAGE("workers' memory after 10 migrations: ", rss[0] >> 20, " MB, after 100: ", rss[1] >> 20, " MB; sent ", sent, " messages");
#ifndef __SANITIZE_ADDRESS__
  // (AddressSanitizer keeps freed memory in quarantine: memory grows by design there.)
  CHECK(rss[1] < rss[0] + (48u << 20));
#endif
}

TEST_CASE("scenario: a worker killed with SIGKILL shows as offline through its last will") {
  Cluster cluster(1);
  auto start = std::chrono::steady_clock::now();
  cluster.workers[0]->Signal(SIGKILL);
  CHECK(cluster.WaitOnline("w1", false, 5000));
  MESSAGE("offline after ", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(), " ms");
}

TEST_CASE("scenario: the broker restarts; workers reconnect and resubscribe, programs keep running, commands fail or succeed") {
  Cluster cluster(1);
  std::string pid = cluster.Run("exact_counter.js", "w1");
  cluster.broker.Stop();
  // A command while the broker is down fails with an error; it is not lost silently.
  control::Command command;
  command.mutable_pause()->set_pid(pid);
  control::Reply reply;
  std::string error = cluster.client->Request(cluster.client->topics().ProcCommands(pid), command, 1000, &reply);
  CHECK(!error.empty());
  REQUIRE(cluster.broker.Start());
  // Back: the worker says it is online again and takes commands; the program still runs and
  // gets messages.
  std::this_thread::sleep_for(200ms);
  CHECK(cluster.WaitOnline("w1", true, 15000));
  Console console;
  console.Follow(*cluster.client, pid);
  CHECK(console.WaitFor("beat", 15000));
  // The pause that failed did not run later either (it was kept while the broker was away).
  control::ProcStatus status;
  REQUIRE(cluster.client->FindProc(pid, &status));
  CHECK(status.state() == control::RUNNING);
  Publisher publisher(cluster.broker.port());
  for (int i = 0; i < 300 && !console.Has("probed"); ++i) {
    publisher.Probe();
    std::this_thread::sleep_for(50ms);
  }
  CHECK(console.Has("probed"));
  command.Clear();
  command.mutable_kill()->set_pid(pid);
  error = cluster.client->Request(cluster.client->topics().ProcCommands(pid), command, 10000, &reply);
  CHECK_MESSAGE(error.empty(), error);
}

TEST_CASE("scenario: what a program publishes just before it ends, or before it moves, is all delivered") {
  Cluster cluster(2);
  std::mutex mutex;
  std::vector<std::string> got;
  actors::MqttOptions options;
  options.port = cluster.broker.port();
  std::string error;
  auto sink = actors::MqttClient::Create(
      options,
      [&](const actors::MqttMessage& m) {
        std::lock_guard<std::mutex> lock(mutex);
        got.push_back(m.payload);
      },
      nullptr, &error);
  REQUIRE(sink);
  // Waits until `count` messages have come, at most `timeout_ms`.
  auto received = [&](size_t count, int timeout_ms) {
    for (int waited = 0; waited < timeout_ms; waited += 5) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (got.size() >= count) return;
      }
      std::this_thread::sleep_for(5ms);
    }
  };
  sink->Subscribe("thingsjs/pubsub/burst");
  REQUIRE(sink->Start() == "");
  REQUIRE(sink->WaitConnected(5000));
  std::this_thread::sleep_for(200ms);
  // A burst far beyond the broker's receive window, then the end: the worker sends it all
  // before it ends the program's session.
  control::Command command;
  command.mutable_run()->set_file_name("burst.js");
  command.mutable_run()->set_source("const things = require('things'); for (let i = 1; i <= 3000; i++) things.publish('burst', i);\n");
  control::Reply reply;
  REQUIRE(cluster.client->Request(cluster.client->topics().WorkerCommands("w1"), command, 10000, &reply) == "");
  received(3000, 5000);
  {
    std::lock_guard<std::mutex> lock(mutex);
    CHECK(got.size() == 3000);
    bool in_order = true;
    for (size_t i = 0; i < got.size(); ++i) in_order = in_order && got[i] == std::to_string(i + 1);
    CHECK(in_order);
    got.clear();
  }
  // The same burst from a timer, and a move right after it.
  command.mutable_run()->set_source(
      "const things = require('things');\n"
      "setTimeout(() => { for (let i = 1; i <= 3000; i++) things.publish('burst', i); }, 300);\n"
      "setTimeout(() => {}, 3000);\n");
  REQUIRE(cluster.client->Request(cluster.client->topics().WorkerCommands("w1"), command, 10000, &reply) == "");
  std::string pid = reply.pid();
  received(1, 500);
  CHECK(cluster.Migrate(pid, "w2") == "");
  received(3000, 5000);
  std::lock_guard<std::mutex> lock(mutex);
  CHECK(got.size() == 3000);
}

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/mqtt_client.h"
#include "actors/mqtt_transport.h"
#include "test/unit/test_support.h"
#include "test/support/broker.h"

using namespace thingsjs;
using actors::MqttClient;
using actors::MqttMessage;
using actors::MqttOptions;

namespace {

// Collects what a client receives, for waiting on it.
struct Inbox {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<MqttMessage> messages;

  MqttClient::MessageHandler Handler() {
    return [this](const MqttMessage& m) {
      std::lock_guard<std::mutex> lock(mutex);
      messages.push_back(m);
      arrived.notify_all();
    };
  }
  bool WaitFor(size_t count, double timeout_ms = 5000) {
    std::unique_lock<std::mutex> lock(mutex);
    return arrived.wait_for(lock, std::chrono::duration<double, std::milli>(timeout_ms), [&] { return messages.size() >= count; });
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mutex);
    return messages.size();
  }
};

std::unique_ptr<MqttClient> Connect(const test::Broker& broker, Inbox& inbox, MqttOptions options = {}) {
  options.port = broker.port();
  options.reconnect_max_s = std::max(options.reconnect_min_s, 1.0);
  std::string error;
  auto client = MqttClient::Create(options, inbox.Handler(), nullptr, &error);
  REQUIRE_MESSAGE(client, error);
  REQUIRE(client->Start() == "");
  REQUIRE(client->WaitConnected(5000));
  return client;
}

// Subscriptions take effect asynchronously: publishes probes to `topic` until one reaches `inbox`.
bool Probe(MqttClient& publisher, const std::string& topic, Inbox& inbox) {
  for (int i = 0; i < 100 && inbox.size() == 0; ++i) {
    publisher.Publish(topic, "probe");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return inbox.WaitFor(1);
}

}  // namespace

TEST_CASE("mqtt client: publish and subscribe through a real broker, in order, with v5 properties") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  Inbox a_inbox, b_inbox;
  auto a = Connect(broker, a_inbox);
  auto b = Connect(broker, b_inbox);
  REQUIRE(b->Subscribe("sensors/+/temp") == "");
  REQUIRE(b->Subscribe("requests/#") == "");
  REQUIRE(Probe(*a, "sensors/probe/temp", b_inbox));
  size_t base = b_inbox.size();
  for (int i = 0; i < 1000; ++i) REQUIRE(a->Publish("sensors/kitchen/temp", std::to_string(i)) == "");
  REQUIRE(b_inbox.WaitFor(base + 1000));
  bool in_order = true;
  {
    std::lock_guard<std::mutex> lock(b_inbox.mutex);
    size_t k = 0;
    for (const MqttMessage& m : b_inbox.messages) {
      if (m.topic != "sensors/kitchen/temp") continue;
      in_order = in_order && m.payload == std::to_string(k++) && m.qos == 1;
    }
  }
  CHECK(in_order);

  MqttClient::PublishOptions request;
  request.response_topic = "replies/a";
  request.correlation_data = std::string("id\0x", 4);
  REQUIRE(a->Publish("requests/run", "{}", request) == "");
  REQUIRE(b_inbox.WaitFor(base + 1001));
  std::lock_guard<std::mutex> lock(b_inbox.mutex);
  const MqttMessage& got = b_inbox.messages.back();
  CHECK(got.topic == "requests/run");
  CHECK(got.response_topic == "replies/a");
  CHECK(got.correlation_data == std::string("id\0x", 4));
  CHECK(a_inbox.size() == 0);  // a subscribed to nothing
}

TEST_CASE("mqtt client: reconnects after a broker restart and subscribes again") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  Inbox sub_inbox, pub_inbox;
  auto sub = Connect(broker, sub_inbox);
  REQUIRE(sub->Subscribe("cmd/#") == "");
  broker.Stop();
  for (int i = 0; i < 200 && sub->connected(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK_FALSE(sub->connected());
  REQUIRE(broker.Start());
  CHECK(sub->WaitConnected(10000));
  auto pub = Connect(broker, pub_inbox);
  for (int i = 0; i < 300 && sub_inbox.size() == 0; ++i) {
    pub->Publish("cmd/ping", "after restart");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(sub_inbox.WaitFor(1));
}

TEST_CASE("mqtt client: the broker publishes the last will when a client dies") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  Inbox watcher_inbox, dying_inbox;
  auto watcher = Connect(broker, watcher_inbox);
  REQUIRE(watcher->Subscribe("workers/+/status") == "");
  MqttOptions options;
  options.client_id = "worker-7";
  options.will_topic = "workers/worker-7/status";
  options.will_payload = "offline";
  auto dying = Connect(broker, dying_inbox, options);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the watcher's subscription settles
  dying->Abort();
  REQUIRE(watcher_inbox.WaitFor(1));
  std::lock_guard<std::mutex> lock(watcher_inbox.mutex);
  CHECK(watcher_inbox.messages[0].topic == "workers/worker-7/status");
  CHECK(watcher_inbox.messages[0].payload == "offline");
}

TEST_CASE("mqtt client: a clean shutdown sends no will; bad options are errors") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  Inbox watcher_inbox, quiet_inbox;
  auto watcher = Connect(broker, watcher_inbox);
  REQUIRE(watcher->Subscribe("workers/+/status") == "");
  MqttOptions options;
  options.will_topic = "workers/quiet/status";
  options.will_payload = "offline";
  {
    auto quiet = Connect(broker, quiet_inbox, options);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(watcher_inbox.size() == 0);

  MqttOptions bad;
  bad.ca_file = "/nonexistent/ca.pem";
  std::string error;
  CHECK(MqttClient::Create(bad, nullptr, nullptr, &error) == nullptr);
  CHECK(error.find("TLS (/nonexistent/ca.pem)") == 0);
}

TEST_CASE("mqtt transport: programs publish and subscribe through a real broker, each filter once") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  MqttOptions options;
  options.port = broker.port();
  std::string error;
  auto transport = actors::MqttTransport::Create(options, "tjs-test", &error);
  REQUIRE_MESSAGE(transport, error);
  REQUIRE(transport->client().WaitConnected(5000));

  // A raw client watches the wire: program topics live under the prefix.
  Inbox wire;
  auto watcher = Connect(broker, wire);
  REQUIRE(watcher->Subscribe("tjs-test/#") == "");

  thingsjs::test::Harness h;
  runtime::ProgramHost host{&thingsjs::test::Platform(), &h.virtual_clock, &h.output, transport.get(), &h.watchdog};
  auto listener = runtime::Program::Create({}, host);
  listener->Start(R"(
    const things = require('things');
    let n = 0;
    things.subscribe('room/+/temp', (v, topic) => { console.log('any', topic, v.c); if (++n === 6) things.unsubscribe('room/+/temp'); });
    things.subscribe('room/kitchen/temp', (v) => console.log('kitchen', v.c));
  )");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the subscriptions settle
  auto talker = runtime::Program::Create({}, host);
  talker->Start(R"(
    const things = require('things');
    for (let i = 0; i < 3; i++) { things.publish('room/kitchen/temp', { c: i }); things.publish('room/hall/temp', { c: 10 + i }); }
  )");
  runtime::RunToCompletion(*talker, h.virtual_clock);
  // The listener ends once it has unsubscribed from the wildcard and... it still has the kitchen
  // subscription, so run it for a while and look at what it printed.
  for (int i = 0; i < 200 && h.output.out().size() < 120; ++i) {
    runtime::RunUntil(*listener, h.virtual_clock, h.virtual_clock.NowMs() + 1, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::string out = h.output.out();
  INFO(out);
  CHECK(out.find("any room/kitchen/temp 0\n") != std::string::npos);
  CHECK(out.find("any room/hall/temp 12") != std::string::npos);
  // Each message reached each matching filter once: 6 on the wildcard, 3 on kitchen.
  size_t any = 0, kitchen = 0;
  for (size_t at = 0; (at = out.find("any ", at)) != std::string::npos; ++at) ++any;
  for (size_t at = 0; (at = out.find("kitchen ", at)) != std::string::npos; ++at) ++kitchen;
  CHECK(any == 6);
  CHECK(kitchen == 3);
  CHECK(wire.WaitFor(6));
  std::lock_guard<std::mutex> lock(wire.mutex);
  CHECK(wire.messages[0].topic == "tjs-test/pubsub/room/kitchen/temp");
  CHECK(wire.messages[0].payload == "{\"c\":0}");
}

TEST_CASE("mqtt client: QoS 1 messages published while the broker is down are sent after reconnecting") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  Inbox sub_inbox, pub_inbox;
  // The publisher retries only after 3 s, so the subscriber below is in place by then.
  MqttOptions slow;
  slow.reconnect_min_s = 3;
  slow.reconnect_max_s = 3;
  auto pub = Connect(broker, pub_inbox, slow);
  broker.Stop();
  for (int i = 0; i < 200 && pub->connected(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE_FALSE(pub->connected());
  CHECK(pub->Publish("queued/while/down", "kept") == "");
  MqttClient::PublishOptions qos0;
  qos0.qos = 0;
  CHECK(pub->Publish("queued/while/down", "dropped", qos0) != "");
  REQUIRE(broker.Start());
  auto sub = Connect(broker, sub_inbox);
  REQUIRE(sub->Subscribe("queued/#") == "");
  REQUIRE(pub->WaitConnected(10000));
  REQUIRE(sub_inbox.WaitFor(1, 5000));
  std::lock_guard<std::mutex> lock(sub_inbox.mutex);
  CHECK(sub_inbox.messages[0].payload == "kept");
}

TEST_CASE("mqtt client: a session that outlives its connection gets what was published meanwhile") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  Inbox first_inbox, second_inbox, pub_inbox;
  MqttOptions persistent;
  persistent.client_id = "proc-17";
  persistent.session_expiry_s = 60;
  auto pub = Connect(broker, pub_inbox);
  {
    auto first = Connect(broker, first_inbox, persistent);
    REQUIRE(first->Subscribe("procs/17/inbox") == "");
    REQUIRE(Probe(*pub, "procs/17/inbox", first_inbox));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the probes still on their way
    first->Abort();
  }
  for (int i = 0; i < 5; ++i) REQUIRE(pub->Publish("procs/17/inbox", "while away " + std::to_string(i)) == "");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // The same id again, subscribing to nothing: the broker kept the session.
  auto second = Connect(broker, second_inbox, persistent);
  REQUIRE(second_inbox.WaitFor(5));
  std::vector<std::string> away;
  {
    std::lock_guard<std::mutex> lock(second_inbox.mutex);
    for (const MqttMessage& m : second_inbox.messages) {
      if (m.payload.rfind("while away", 0) == 0) away.push_back(m.payload);
    }
  }
  REQUIRE(away.size() == 5);
  for (int i = 0; i < 5; ++i) CHECK(away[static_cast<size_t>(i)] == "while away " + std::to_string(i));

  MqttOptions no_id;
  no_id.session_expiry_s = 10;
  std::string error;
  CHECK(MqttClient::Create(no_id, nullptr, nullptr, &error) == nullptr);
  CHECK(error == "a session that outlives its connection needs a client id");
}

TEST_CASE("mqtt client: a persistent session whose broker is down at start connects when it is up") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  broker.Stop();
  Inbox inbox;
  MqttOptions options;
  options.port = broker.port();
  options.client_id = "late-1";
  options.session_expiry_s = 30;
  std::string error;
  auto client = MqttClient::Create(options, inbox.Handler(), nullptr, &error);
  REQUIRE_MESSAGE(client, error);
  CHECK(client->Start() == "");
  CHECK_FALSE(client->connected());
  REQUIRE(broker.Start());
  CHECK(client->WaitConnected(15000));
}

TEST_CASE("mqtt client: a suspended session is handed over exactly: every message once, in order, on one side or the other") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  Inbox pub_inbox;
  auto publisher = Connect(broker, pub_inbox);
  MqttOptions session;
  session.client_id = "handover";
  session.session_expiry_s = 60;
  session.fence_topic = "fence/handover";
  // Three hand-overs while messages stream in at about 5,000 a second (the broker queues at
  // most 1,000 for a client by default: faster, it would drop some by design).
  std::vector<std::unique_ptr<Inbox>> inboxes;
  std::vector<std::unique_ptr<MqttClient>> holders;
  inboxes.push_back(std::make_unique<Inbox>());
  holders.push_back(Connect(broker, *inboxes.back(), session));
  REQUIRE(holders.back()->Subscribe("stream") == "");
  REQUIRE(Probe(*publisher, "stream", *inboxes.back()));
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0};
  std::thread feed([&] {
    while (!stop) {
      publisher->Publish("stream", std::to_string(++sent));
      if (sent % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  for (int hop = 0; hop < 3; ++hop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    CHECK(holders.back()->Suspend() == "");
    inboxes.push_back(std::make_unique<Inbox>());
    holders.push_back(Connect(broker, *inboxes.back(), session));
    holders.back()->Subscribe("stream");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  stop = true;
  feed.join();
  publisher->Publish("stream", "end");
  // All of it, in order, across the holders.
  std::vector<std::string> got;
  for (int i = 0; i < 500; ++i) {
    std::lock_guard<std::mutex> lock(inboxes.back()->mutex);
    if (!inboxes.back()->messages.empty() && inboxes.back()->messages.back().payload == "end") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& inbox : inboxes) {
    std::lock_guard<std::mutex> lock(inbox->mutex);
    for (const MqttMessage& m : inbox->messages) {
      if (m.payload != "probe") got.push_back(m.payload);
    }
  }
  REQUIRE(!got.empty());
  CHECK(got.back() == "end");
  int expected = 1, wrong = 0;
  for (size_t i = 0; i + 1 < got.size(); ++i) {
    if (got[i] != std::to_string(expected)) ++wrong;
    expected = std::atoi(got[i].c_str()) + 1;
  }
  CHECK(wrong == 0);
  CHECK(got.size() == static_cast<size_t>(sent) + 1);
  MESSAGE(sent.load(), " messages over 4 holders: ", inboxes[0]->size(), ", ", inboxes[1]->size(), ", ", inboxes[2]->size(), ", ",
          inboxes[3]->size());
}

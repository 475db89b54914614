#include <doctest/doctest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <string>

#include "actors/bridge_messages.h"
#include "actors/mqtt_bridge.h"
#include "test/support/broker.h"

using namespace thingsjs;
using namespace thingsjs::actors;
using namespace std::chrono_literals;

namespace {

// Waits for the bridge to say it is connected.
bool WaitConnected(caf::scoped_actor& self, const caf::actor& bridge) {
  self->send(bridge, watch_atom::value, caf::actor{self});
  bool connected = false;
  for (int i = 0; i < 50 && !connected; ++i) {
    self->receive([&](status_atom, bool up, const std::string&) { connected = up; }, caf::after(200ms) >> [] {});
  }
  return connected;
}

}  // namespace

TEST_CASE("mqtt bridge: local actors subscribe and publish through one client, in order") {
  test::Broker broker;
  REQUIRE_MESSAGE(broker.running(), broker.error());
  caf::actor_system_config cfg;
  caf::actor_system system{cfg};
  MqttOptions options;
  options.port = broker.port();
  caf::actor bridge = SpawnMqttBridge(system, options);
  caf::scoped_actor self{system};
  REQUIRE(WaitConnected(self, bridge));

  std::string error = "unanswered";
  self->request(bridge, caf::infinite, subscribe_atom::value, std::string("plant/+/level"), caf::actor{self})
      .receive([&](const std::string& e) { error = e; }, [&](caf::error&) { error = "failed"; });
  CHECK(error.empty());
  self->request(bridge, caf::infinite, subscribe_atom::value, std::string("bad/#/filter"), caf::actor{self})
      .receive([&](const std::string& e) { error = e; }, [&](caf::error&) { error = "failed"; });
  CHECK(error == "invalid topic filter 'bad/#/filter'");

  // The subscription is in place once a probe comes back.
  bool probed = false;
  for (int i = 0; i < 100 && !probed; ++i) {
    self->send(bridge, publish_atom::value, std::string("plant/probe/level"), std::string("probe"));
    self->receive([&](message_atom, const MqttMessage& m) { probed = m.topic == "plant/probe/level"; },
                  [&](const std::string&) {}, caf::after(50ms) >> [] {});
  }
  REQUIRE(probed);
  // Drain the answers and probes still on their way.
  for (bool more = true; more;) {
    self->receive([](message_atom, const MqttMessage&) {}, [](const std::string&) {}, caf::after(200ms) >> [&] { more = false; });
  }
  for (int i = 0; i < 200; ++i) self->send(bridge, publish_atom::value, std::string("plant/tank/level"), std::to_string(i));
  int next = 0;
  bool in_order = true;
  for (int got = 0; got < 200;) {
    bool timed_out = false;
    self->receive(
        [&](message_atom, const MqttMessage& m) {
          in_order = in_order && m.topic == "plant/tank/level" && m.payload == std::to_string(next++);
          ++got;
        },
        [](const std::string&) {}, caf::after(5s) >> [&] { timed_out = true; });
    if (timed_out) break;
  }
  CHECK(next == 200);
  CHECK(in_order);
  anon_send_exit(bridge, caf::exit_reason::user_shutdown);
}

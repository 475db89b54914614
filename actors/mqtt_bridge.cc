#include "actors/mqtt_bridge.h"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include <algorithm>
#include <vector>

#include "actors/bridge_messages.h"
#include "runtime/transport.h"

namespace thingsjs::actors {

namespace {

struct BridgeState {
  std::unique_ptr<MqttClient> client;
  std::vector<std::pair<std::string, caf::actor>> subscriptions;  // (filter, subscriber)
  std::vector<caf::actor> watchers;
  bool connected = false;
  std::string why = "connecting";
  static inline const char* name = "thingsjs.mqtt_bridge";
};

using Bridge = caf::stateful_actor<BridgeState>;

caf::behavior BridgeBehavior(Bridge* self, MqttOptions options) {
  // The client's thread posts into the mailbox; it must not keep the bridge alive.
  caf::weak_actor_ptr weak = caf::actor_cast<caf::weak_actor_ptr>(self->ctrl());
  auto post = [weak](auto... xs) {
    if (auto strong = caf::actor_cast<caf::actor>(weak)) caf::anon_send(strong, xs...);
  };
  std::string error;
  self->state.client = MqttClient::Create(
      options, [post](const MqttMessage& m) { post(message_atom::value, m); },
      [post](bool connected, const std::string& why) { post(status_atom::value, connected, why); }, &error);
  if (!self->state.client) {
    self->quit(caf::make_error(caf::sec::runtime_error, "MQTT client: " + error));
    return {};
  }
  error = self->state.client->Start();
  if (!error.empty()) {
    self->quit(caf::make_error(caf::sec::runtime_error, "MQTT client: " + error));
    return {};
  }
  // A stray message or error must not take the process's only connection down.
  self->set_default_handler(caf::print_and_drop);
  self->set_error_handler([](caf::error&) {});
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& s = self->state;
    std::vector<std::string> dropped;
    for (auto it = s.subscriptions.begin(); it != s.subscriptions.end();) {
      if (it->second.address() == down.source) {
        dropped.push_back(it->first);
        it = s.subscriptions.erase(it);
      } else {
        ++it;
      }
    }
    for (const std::string& filter : dropped) {
      bool still = std::any_of(s.subscriptions.begin(), s.subscriptions.end(), [&](const auto& p) { return p.first == filter; });
      if (!still) s.client->Unsubscribe(filter);
    }
    s.watchers.erase(std::remove_if(s.watchers.begin(), s.watchers.end(), [&](const caf::actor& w) { return w.address() == down.source; }),
                     s.watchers.end());
  });
  return {
      [self](subscribe_atom, const std::string& filter, const caf::actor& who) -> std::string {
        if (!runtime::IsValidTopicFilter(filter)) return "invalid topic filter '" + filter + "'";
        auto& s = self->state;
        bool first = std::none_of(s.subscriptions.begin(), s.subscriptions.end(), [&](const auto& p) { return p.first == filter; });
        for (const auto& [f, a] : s.subscriptions) {
          if (f == filter && a == who) return "";
        }
        s.subscriptions.emplace_back(filter, who);
        self->monitor(who);
        return first ? s.client->Subscribe(filter) : "";
      },
      [self](unsubscribe_atom, const std::string& filter, const caf::actor& who) {
        auto& s = self->state;
        s.subscriptions.erase(std::remove_if(s.subscriptions.begin(), s.subscriptions.end(),
                                             [&](const auto& p) { return p.first == filter && p.second == who; }),
                              s.subscriptions.end());
        bool still = std::any_of(s.subscriptions.begin(), s.subscriptions.end(), [&](const auto& p) { return p.first == filter; });
        if (!still) s.client->Unsubscribe(filter);
      },
      [self](publish_atom, const std::string& topic, const std::string& payload) -> std::string {
        if (!runtime::IsValidTopicName(topic)) return "invalid topic '" + topic + "'";
        return self->state.client->Publish(topic, payload);
      },
      [self](publish_atom, const Publication& p) -> std::string {
        if (!runtime::IsValidTopicName(p.topic)) return "invalid topic '" + p.topic + "'";
        MqttClient::PublishOptions options;
        options.retain = p.retain;
        options.response_topic = p.response_topic;
        options.correlation_data = p.correlation_data;
        return self->state.client->Publish(p.topic, p.payload, options);
      },
      [self](message_atom, const MqttMessage& m) {
        for (const auto& [filter, who] : self->state.subscriptions) {
          if (runtime::TopicMatches(filter, m.topic)) self->send(who, message_atom::value, m);
        }
      },
      [self](status_atom, bool connected, const std::string& why) {
        auto& s = self->state;
        s.connected = connected;
        s.why = why;
        for (const caf::actor& w : s.watchers) self->send(w, status_atom::value, connected, why);
      },
      [self](watch_atom, const caf::actor& who) {
        auto& s = self->state;
        s.watchers.push_back(who);
        self->monitor(who);
        self->send(who, status_atom::value, s.connected, s.why);
      },
  };
}

}  // namespace

caf::actor SpawnMqttBridge(caf::actor_system& system, const MqttOptions& options) {
  return system.spawn(BridgeBehavior, options);
}

}  // namespace thingsjs::actors

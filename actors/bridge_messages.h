#pragma once
// The messages the MQTT bridge actor (actors/mqtt_bridge.h) takes and sends. Local only:
// across processes everything travels as MQTT.
//
//   (subscribe_atom, filter, actor)    the actor receives (message_atom, MqttMessage) for every
//                                      message on a matching topic, in the broker's order
//   (unsubscribe_atom, filter, actor)
//   (publish_atom, topic, payload)     -> std::string: empty, or why it was refused (QoS 1)
//   (publish_atom, Publication)        -> the same, with retain and v5 request/response fields
//   (watch_atom, actor)                the actor receives (status_atom, connected, why) now
//                                      and on every change
// Subscribers and watchers that exit are forgotten.

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include "actors/mqtt_client.h"

namespace thingsjs::actors {

// One message to publish (QoS 1), with what a plain (topic, payload) cannot say.
struct Publication {
  std::string topic;
  std::string payload;
  bool retain = false;
  std::string response_topic;    // a request: where the answer goes
  std::string correlation_data;  // a request or an answer: which one
};

using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using unsubscribe_atom = caf::atom_constant<caf::atom("unsub")>;
using publish_atom = caf::atom_constant<caf::atom("publish")>;
using message_atom = caf::atom_constant<caf::atom("mqtt_msg")>;
using watch_atom = caf::atom_constant<caf::atom("watch")>;
using status_atom = caf::atom_constant<caf::atom("mqtt_stat")>;

}  // namespace thingsjs::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(thingsjs::actors::MqttMessage)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(thingsjs::actors::Publication)

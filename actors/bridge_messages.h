#pragma once
// The messages the MQTT bridge actor (actors/mqtt_bridge.h) takes and sends. Local only:
// across processes everything travels as MQTT.
//
//   (subscribe_atom, filter, actor)    the actor receives (message_atom, MqttMessage) for every
//                                      message on a matching topic, in the broker's order
//   (unsubscribe_atom, filter, actor)
//   (publish_atom, topic, payload)     -> std::string: empty, or why it was refused (QoS 1)
//   (watch_atom, actor)                the actor receives (status_atom, connected, why) now
//                                      and on every change
// Subscribers and watchers that exit are forgotten.

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include "actors/mqtt_client.h"

namespace thingsjs::actors {

using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using unsubscribe_atom = caf::atom_constant<caf::atom("unsub")>;
using publish_atom = caf::atom_constant<caf::atom("publish")>;
using message_atom = caf::atom_constant<caf::atom("mqtt_msg")>;
using watch_atom = caf::atom_constant<caf::atom("watch")>;
using status_atom = caf::atom_constant<caf::atom("mqtt_stat")>;

}  // namespace thingsjs::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(thingsjs::actors::MqttMessage)

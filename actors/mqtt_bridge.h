#pragma once
// The MQTT bridge: one actor per OS process that owns the process's MQTT client. Local actors
// subscribe to topic filters through it and publish through it; the client's network thread
// feeds the bridge's mailbox, so every subscriber sees messages in the broker's order. The
// messages it takes are in actors/bridge_messages.h.

#include <caf/fwd.hpp>

#include "actors/mqtt_client.h"

namespace thingsjs::actors {

// Spawns the bridge; it connects in the background and keeps reconnecting (see MqttClient).
// It stops (and disconnects cleanly) when the last reference to it goes or it is told to exit.
caf::actor SpawnMqttBridge(caf::actor_system& system, const MqttOptions& options);

}  // namespace thingsjs::actors

#pragma once
// A program's own connection to the cluster's publish/subscribe (its `require('things')`
// traffic) as its supervisor sees it: the runtime's Transport, plus what a move needs.
// MqttTransport (a persistent MQTT session) is the one workers use; the actors' unit tests use
// an in-process one, so that the supervisor's logic runs under CAF's deterministic scheduler.

#include <cstdint>
#include <string>

#include "runtime/transport.h"

namespace thingsjs::actors {

class ProgramSession : public runtime::Transport {
 public:
  // Connects, or connects again after Suspend (with what was kept for the session meanwhile).
  virtual std::string Connect() = 0;
  // Hands the session over, exactly: every message delivered so far is acknowledged, none
  // after (MqttClient::Suspend). Returns an empty string, or why it may not be exact.
  virtual std::string Suspend() = 0;
  // The program ended: what it published goes out, then the session ends.
  virtual void End() = 0;
  virtual uint64_t messages_in() const = 0;   // delivered to the program
  virtual uint64_t messages_out() const = 0;  // published by it
};

}  // namespace thingsjs::actors

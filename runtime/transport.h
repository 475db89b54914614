#pragma once

#include <string>
#include <string_view>

namespace thingsjs::runtime {

// Receives messages for the subscriptions it made on a Transport. Called on the transport's
// thread: implementations queue the message and return quickly.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual void OnMessage(const std::string& filter, const std::string& topic,
                         const std::string& payload) = 0;
};

// The publish/subscribe bus as the runtime sees it. The runtime knows nothing of MQTT:
// in one process it is an InProcessBus; on a worker (later) an MQTT bridge implements it.
// Payloads are JSON text.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual void Publish(std::string_view topic, std::string_view payload) = 0;
  // Subscribing the same (filter, sink) twice is one subscription.
  virtual void Subscribe(std::string_view filter, MessageSink* sink) = 0;
  virtual void Unsubscribe(std::string_view filter, MessageSink* sink) = 0;
};

// MQTT topic rules, shared by every transport so that programs see the same behaviour
// in one process and on a cluster.
bool IsValidTopicName(std::string_view topic);     // for publish: no wildcards
bool IsValidTopicFilter(std::string_view filter);  // for subscribe: '+' and '#' allowed
bool TopicMatches(std::string_view filter, std::string_view topic);

}  // namespace thingsjs::runtime

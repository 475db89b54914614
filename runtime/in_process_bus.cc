#include "runtime/in_process_bus.h"

#include <algorithm>

namespace thingsjs::runtime {

void InProcessBus::Publish(std::string_view topic, std::string_view payload) {
  std::string topic_s(topic), payload_s(payload);
  // Deliver under the lock: sinks only queue, and holding it keeps per-sink publish order
  // when several threads publish at once.
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Subscription& s : subscriptions_) {
    if (TopicMatches(s.filter, topic)) s.sink->OnMessage(s.filter, topic_s, payload_s);
  }
}

void InProcessBus::Subscribe(std::string_view filter, MessageSink* sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Subscription& s : subscriptions_) {
    if (s.sink == sink && s.filter == filter) return;
  }
  subscriptions_.push_back({std::string(filter), sink});
}

void InProcessBus::Unsubscribe(std::string_view filter, MessageSink* sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscriptions_.erase(std::remove_if(subscriptions_.begin(), subscriptions_.end(),
                                      [&](const Subscription& s) {
                                        return s.sink == sink && s.filter == filter;
                                      }),
                       subscriptions_.end());
}

size_t InProcessBus::subscription_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return subscriptions_.size();
}

}  // namespace thingsjs::runtime

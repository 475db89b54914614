#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "runtime/transport.h"

namespace thingsjs::runtime {

// A Transport inside one OS process: what `thingsjs run` uses, and what tests use to connect
// several programs without a broker. Thread-safe; delivery to each sink keeps publish order.
class InProcessBus final : public Transport {
 public:
  void Publish(std::string_view topic, std::string_view payload) override;
  void Subscribe(std::string_view filter, MessageSink* sink) override;
  void Unsubscribe(std::string_view filter, MessageSink* sink) override;
  size_t subscription_count() const;

 private:
  struct Subscription {
    std::string filter;
    MessageSink* sink;
  };
  mutable std::mutex mutex_;
  std::vector<Subscription> subscriptions_;
};

}  // namespace thingsjs::runtime

#include "actors/mqtt_transport.h"

#include <algorithm>
#include <vector>

namespace thingsjs::actors {

std::unique_ptr<MqttTransport> MqttTransport::Create(const MqttOptions& options, const std::string& prefix, std::string* error,
                                                     bool start) {
  std::unique_ptr<MqttTransport> transport(new MqttTransport(prefix + "/pubsub/"));
  MqttTransport* self = transport.get();
  transport->client_ = MqttClient::Create(options, [self](const MqttMessage& m) { self->OnMessage(m); }, nullptr, error);
  if (!transport->client_) return nullptr;
  if (!start) return transport;
  std::string problem = transport->client_->Start();
  if (!problem.empty()) {
    if (error) *error = problem;
    return nullptr;
  }
  return transport;
}

MqttTransport::~MqttTransport() {
  // The client's thread calls OnMessage: it stops before the maps go.
  client_.reset();
}

void MqttTransport::Publish(std::string_view topic, std::string_view payload) {
  std::string error = client_->Publish(prefix_ + std::string(topic), payload);
  std::lock_guard<std::mutex> lock(mutex_);
  ++(error.empty() ? messages_out_ : publish_failures_);
}

uint32_t MqttTransport::FilterId(std::string_view filter) {
  // FNV-1a, folded into MQTT's identifier range (1 to 268435455).
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : filter) h = (h ^ c) * 1099511628211ull;
  return static_cast<uint32_t>(h % 268435455u) + 1;
}

void MqttTransport::Subscribe(std::string_view filter, runtime::MessageSink* sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, added] = filters_.try_emplace(std::string(filter));
  Filter& f = it->second;
  f.sinks.insert(sink);
  if (!added) return;
  f.filter = std::string(filter);
  f.id = FilterId(f.filter);
  by_id_.emplace(f.id, f.filter);
  client_->Subscribe(prefix_ + f.filter, 1, f.id);
}

void MqttTransport::Unsubscribe(std::string_view filter, runtime::MessageSink* sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = filters_.find(std::string(filter));
  if (it == filters_.end()) return;
  it->second.sinks.erase(sink);
  if (!it->second.sinks.empty()) return;
  for (auto [b, e] = by_id_.equal_range(it->second.id); b != e; ++b) {
    if (b->second == it->second.filter) {
      by_id_.erase(b);
      break;
    }
  }
  client_->Unsubscribe(prefix_ + it->second.filter);
  filters_.erase(it);
}

uint64_t MqttTransport::publish_failures() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return publish_failures_;
}

uint64_t MqttTransport::messages_in() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_in_;
}

uint64_t MqttTransport::messages_out() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_out_;
}

void MqttTransport::OnMessage(const MqttMessage& message) {
  if (message.topic.compare(0, prefix_.size(), prefix_) != 0) return;
  std::string topic = message.topic.substr(prefix_.size());
  // Delivered under the lock, as the in-process bus does: sinks only queue.
  std::lock_guard<std::mutex> lock(mutex_);
  auto deliver = [&](const Filter& f) {
    for (runtime::MessageSink* sink : f.sinks) {
      sink->OnMessage(f.filter, topic, message.payload);
      ++messages_in_;
    }
  };
  if (!message.subscription_ids.empty()) {
    // Unsubscribed since: nothing; two filters with one identifier: those that match, once.
    std::vector<const Filter*> matched;
    for (uint32_t id : message.subscription_ids) {
      for (auto [b, e] = by_id_.equal_range(id); b != e; ++b) {
        auto f = filters_.find(b->second);
        if (f == filters_.end() || !runtime::TopicMatches(f->second.filter, topic)) continue;
        if (std::find(matched.begin(), matched.end(), &f->second) == matched.end()) matched.push_back(&f->second);
      }
    }
    for (const Filter* f : matched) deliver(*f);
    return;
  }
  // A broker without subscription identifiers: match the filters here.
  for (const auto& [name, f] : filters_) {
    if (runtime::TopicMatches(f.filter, topic)) deliver(f);
  }
}

}  // namespace thingsjs::actors

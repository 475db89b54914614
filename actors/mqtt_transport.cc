#include "actors/mqtt_transport.h"

namespace thingsjs::actors {

std::unique_ptr<MqttTransport> MqttTransport::Create(const MqttOptions& options, const std::string& prefix, std::string* error) {
  std::unique_ptr<MqttTransport> transport(new MqttTransport(prefix + "/pubsub/"));
  MqttTransport* self = transport.get();
  transport->client_ = MqttClient::Create(options, [self](const MqttMessage& m) { self->OnMessage(m); }, nullptr, error);
  if (!transport->client_) return nullptr;
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
  if (!error.empty()) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++publish_failures_;
  }
}

void MqttTransport::Subscribe(std::string_view filter, runtime::MessageSink* sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, added] = filters_.try_emplace(std::string(filter));
  Filter& f = it->second;
  f.sinks.insert(sink);
  if (!added) return;
  f.filter = std::string(filter);
  f.id = next_id_++;
  by_id_[f.id] = f.filter;
  client_->Subscribe(prefix_ + f.filter, 1, f.id);
}

void MqttTransport::Unsubscribe(std::string_view filter, runtime::MessageSink* sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = filters_.find(std::string(filter));
  if (it == filters_.end()) return;
  it->second.sinks.erase(sink);
  if (!it->second.sinks.empty()) return;
  by_id_.erase(it->second.id);
  client_->Unsubscribe(prefix_ + it->second.filter);
  filters_.erase(it);
}

uint64_t MqttTransport::publish_failures() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return publish_failures_;
}

void MqttTransport::OnMessage(const MqttMessage& message) {
  if (message.topic.compare(0, prefix_.size(), prefix_) != 0) return;
  std::string topic = message.topic.substr(prefix_.size());
  // Delivered under the lock, as the in-process bus does: sinks only queue.
  std::lock_guard<std::mutex> lock(mutex_);
  auto deliver = [&](const Filter& f) {
    for (runtime::MessageSink* sink : f.sinks) sink->OnMessage(f.filter, topic, message.payload);
  };
  if (!message.subscription_ids.empty()) {
    for (uint32_t id : message.subscription_ids) {
      auto name = by_id_.find(id);
      if (name == by_id_.end()) continue;  // unsubscribed since
      auto f = filters_.find(name->second);
      if (f != filters_.end()) deliver(f->second);
    }
    return;
  }
  // A broker without subscription identifiers: match the filters here.
  for (const auto& [name, f] : filters_) {
    if (runtime::TopicMatches(f.filter, topic)) deliver(f);
  }
}

}  // namespace thingsjs::actors

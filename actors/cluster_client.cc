#include "actors/cluster_client.h"

#include <chrono>
#include <random>

namespace thingsjs::actors {

namespace {

using Ms = std::chrono::duration<double, std::milli>;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::unique_ptr<ClusterClient> ClusterClient::Connect(const MqttOptions& options, const std::string& prefix, double timeout_ms,
                                                      std::string* error) {
  std::unique_ptr<ClusterClient> c(new ClusterClient(prefix));
  std::mt19937_64 random{std::random_device{}()};
  std::string me = std::to_string(random() % 1000000000);
  c->replies_ = prefix + "/replies/shell/" + me;
  MqttOptions o = options;
  o.client_id = prefix + "/shell/" + me;
  ClusterClient* self = c.get();
  c->client_ = MqttClient::Create(o, [self](const MqttMessage& m) { self->OnMessage(m); }, nullptr, error);
  if (!c->client_) return nullptr;
  c->client_->Subscribe(c->topics_.WorkerStatus("+"));
  c->client_->Subscribe(c->topics_.ProcStatus("+"));
  c->client_->Subscribe(c->replies_);
  std::string problem = c->client_->Start();
  if (problem.empty() && !c->client_->WaitConnected(timeout_ms)) {
    problem = "cannot connect to the broker at " + options.host + ":" + std::to_string(options.port);
  }
  if (!problem.empty()) {
    if (error) *error = problem;
    return nullptr;
  }
  // The retained statuses come right after the subscriptions: wait until they stop coming.
  std::unique_lock<std::mutex> lock(c->mutex_);
  for (uint64_t seen = UINT64_MAX; seen != c->retained_seen_;) {
    seen = c->retained_seen_;
    c->changed_.wait_for(lock, Ms(150), [&] { return c->retained_seen_ != seen; });
  }
  return c;
}

ClusterClient::~ClusterClient() {
  // The network thread calls OnMessage: it stops before the maps go.
  client_.reset();
}

void ClusterClient::OnMessage(const MqttMessage& m) {
  if (EndsWith(m.topic, "/console")) {
    // Under its own mutex, so that once Unfollow returns no call is running.
    control::ConsoleLine line;
    std::lock_guard<std::mutex> lock(follow_mutex_);
    if (!line.ParseFromString(m.payload)) return;
    auto it = follows_.find(line.pid());
    if (it != follows_.end()) it->second(line);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (m.topic == replies_) {
      // An answer nobody waits for any more (it came after its timeout) is dropped.
      control::Reply reply;
      if (waiting_.count(m.correlation_data) && reply.ParseFromString(m.payload)) answers_[m.correlation_data] = std::move(reply);
    } else if (EndsWith(m.topic, "/metrics")) {
      control::WorkerMetrics metrics;
      if (metrics.ParseFromString(m.payload)) {
        metrics_[metrics.id()] = std::move(metrics);
      }
    } else if (m.topic.compare(0, topics_.prefix().size() + 9, topics_.prefix() + "/workers/") == 0) {
      control::WorkerStatus status;
      if (status.ParseFromString(m.payload) && !status.id().empty()) workers_[status.id()] = std::move(status);
      ++retained_seen_;
    } else {
      control::ProcStatus status;
      if (status.ParseFromString(m.payload) && !status.pid().empty()) procs_[status.pid()] = std::move(status);
      ++retained_seen_;
    }
  }
  changed_.notify_all();
}

std::string ClusterClient::Request(const std::string& topic, const control::Command& command, double timeout_ms,
                                   control::Reply* reply) {
  std::string correlation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    correlation = std::to_string(next_request_++);
    waiting_.insert(correlation);
  }
  // A command must not wait in a queue and run long after its sender gave up on it.
  if (!client_->connected()) {
    std::lock_guard<std::mutex> lock(mutex_);
    waiting_.erase(correlation);
    return "not connected to the broker";
  }
  MqttClient::PublishOptions options;
  options.response_topic = replies_;
  options.correlation_data = correlation;
  control::Command sent = command;
  sent.set_deadline_unix_ms(proto::UnixMs() + static_cast<uint64_t>(timeout_ms));
  std::string error = client_->Publish(topic, sent.SerializeAsString(), options);
  std::unique_lock<std::mutex> lock(mutex_);
  if (error.empty() && !changed_.wait_for(lock, Ms(timeout_ms), [&] { return answers_.count(correlation) > 0; })) {
    error = "no answer on " + topic + " within " + std::to_string(static_cast<int>(timeout_ms / 1000)) + " s";
  }
  waiting_.erase(correlation);
  if (!error.empty()) return error;
  *reply = std::move(answers_[correlation]);
  answers_.erase(correlation);
  return reply->ok() ? "" : reply->error();
}

std::vector<control::WorkerStatus> ClusterClient::Workers() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<control::WorkerStatus> out;
  for (const auto& [id, w] : workers_) out.push_back(w);
  return out;
}

std::vector<control::ProcStatus> ClusterClient::Procs() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<control::ProcStatus> out;
  for (const auto& [id, p] : procs_) out.push_back(p);
  return out;
}

bool ClusterClient::FindProc(const std::string& pid, control::ProcStatus* status) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = procs_.find(pid);
  if (it == procs_.end()) return false;
  *status = it->second;
  return true;
}

bool ClusterClient::WaitProc(const std::string& pid, const std::function<bool(const control::ProcStatus&)>& pred, double timeout_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, Ms(timeout_ms), [&] {
    auto it = procs_.find(pid);
    return it != procs_.end() && pred(it->second);
  });
}

void ClusterClient::Follow(const std::string& pid, std::function<void(const control::ConsoleLine&)> on_line) {
  {
    std::lock_guard<std::mutex> lock(follow_mutex_);
    follows_[pid] = std::move(on_line);
  }
  client_->Subscribe(topics_.ProcConsole(pid));
}

void ClusterClient::Unfollow(const std::string& pid) {
  client_->Unsubscribe(topics_.ProcConsole(pid));
  std::lock_guard<std::mutex> lock(follow_mutex_);
  follows_.erase(pid);
}

std::vector<control::WorkerMetrics> ClusterClient::Metrics(double timeout_ms) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    metrics_.clear();
  }
  std::string filter = topics_.WorkerMetrics("+");
  client_->Subscribe(filter);
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, Ms(timeout_ms), [&] {
    for (const auto& [id, w] : workers_) {
      if (w.online() && !metrics_.count(id)) return false;
    }
    return true;
  });
  lock.unlock();
  client_->Unsubscribe(filter);
  lock.lock();
  std::vector<control::WorkerMetrics> out;
  for (const auto& [id, m] : metrics_) out.push_back(m);
  return out;
}

}  // namespace thingsjs::actors

#include "actors/mqtt_client.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <map>
#include <set>
#include <string_view>

namespace thingsjs::actors {

namespace {

void InitLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

std::string Error(const std::string& what, int rc) { return what + ": " + mosquitto_strerror(rc); }

// Frees a property list when it goes out of scope.
struct Properties {
  mosquitto_property* list = nullptr;
  ~Properties() { mosquitto_property_free_all(&list); }
};

}  // namespace

class MqttClient::Impl {
 public:
  Impl(const MqttOptions& options, MessageHandler on_message, StateHandler on_state)
      : options_(options), on_message_(std::move(on_message)), on_state_(std::move(on_state)) {}

  ~Impl() {
    if (mosq_) {
      if (started_) {
        if (connected()) Flush(2000);
        mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
        mosquitto_loop_stop(mosq_, false);
      }
      mosquitto_destroy(mosq_);
    }
  }

  bool Flush(double timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::duration<double, std::milli>(timeout_ms), [&] { return unacked_.empty(); });
  }

  std::string Suspend(double timeout_ms) {
    if (options_.fence_topic.empty() || options_.session_expiry_s == 0) return "suspending needs a session and a fence topic";
    if (!started_) return "";
    std::string problem;
    // What the program published goes out first: messages beyond the broker's receive window
    // wait in libmosquitto, and would be lost with the connection.
    if (connected() && !Flush(timeout_ms)) problem = "published messages were not all acknowledged in time";
    std::unique_lock<std::mutex> lock(mutex_);
    if (connected_) {
      fence_token_ = std::to_string(++fence_count_);
      fenced_ = false;
      std::string token = fence_token_;
      lock.unlock();
      int rc = mosquitto_publish_v5(mosq_, nullptr, options_.fence_topic.c_str(), static_cast<int>(token.size()), token.data(), 0,
                                    false, nullptr);
      lock.lock();
      bool echoed = rc == MOSQ_ERR_SUCCESS &&
                    changed_.wait_for(lock, std::chrono::duration<double, std::milli>(timeout_ms), [&] { return fenced_ || !connected_; });
      if (!fenced_) {
        fence_token_.clear();  // an echo that comes later does nothing
        problem = echoed ? "the connection was lost while suspending; messages in flight may be delivered twice"
                         : "the broker did not echo the fence; messages in flight may be delivered twice";
      } else if (!fence_exact_) {
        problem = "the broker did not close the connection in time; messages in flight may be delivered twice";
      }
    }
    lock.unlock();
    // Without the fence (or already disconnected) this is the only disconnect. Until the
    // network thread has stopped, what it hands over still reaches the program (and is
    // captured after this returns).
    mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
    mosquitto_loop_stop(mosq_, false);
    lock.lock();
    suspended_ = true;
    lock.unlock();
    started_ = false;
    return problem;
  }

  void EndSession() {
    if (!started_) return;
    if (connected()) Flush(5000);
    Properties props;
    mosquitto_property_add_int32(&props.list, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 0);
    mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, options_.session_expiry_s > 0 ? props.list : nullptr);
    mosquitto_loop_stop(mosq_, false);
    started_ = false;
  }

  std::string Init() {
    InitLibrary();
    if (options_.session_expiry_s > 0 && options_.client_id.empty()) return "a session that outlives its connection needs a client id";
    mosq_ = mosquitto_new(options_.client_id.empty() ? nullptr : options_.client_id.c_str(), options_.session_expiry_s == 0, this);
    if (!mosq_) return "cannot make an MQTT client (out of memory, or an invalid client id)";
    int rc = mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    if (rc != MOSQ_ERR_SUCCESS) return Error("MQTT v5", rc);
    // Control traffic is small messages that wait for answers: Nagle's algorithm would hold
    // each one back for up to 40 ms.
    mosquitto_int_option(mosq_, MOSQ_OPT_TCP_NODELAY, 1);
    if (!options_.username.empty()) {
      rc = mosquitto_username_pw_set(mosq_, options_.username.c_str(), options_.password.empty() ? nullptr : options_.password.c_str());
      if (rc != MOSQ_ERR_SUCCESS) return Error("username", rc);
    }
    if (!options_.ca_file.empty()) {
      rc = mosquitto_tls_set(mosq_, options_.ca_file.c_str(), nullptr, nullptr, nullptr, nullptr);
      if (rc != MOSQ_ERR_SUCCESS) return Error("TLS (" + options_.ca_file + ")", rc);
    }
    if (!options_.will_topic.empty()) {
      rc = mosquitto_will_set_v5(mosq_, options_.will_topic.c_str(), static_cast<int>(options_.will_payload.size()),
                                 options_.will_payload.data(), 1, options_.will_retain, nullptr);
      if (rc != MOSQ_ERR_SUCCESS) return Error("last will", rc);
    }
    // libmosquitto counts whole seconds.
    unsigned min = static_cast<unsigned>(std::max(1.0, std::ceil(options_.reconnect_min_s)));
    unsigned max = static_cast<unsigned>(std::max<double>(min, std::ceil(options_.reconnect_max_s)));
    mosquitto_reconnect_delay_set(mosq_, min, max, true);
    mosquitto_connect_v5_callback_set(mosq_, &Impl::OnConnect);
    mosquitto_disconnect_v5_callback_set(mosq_, &Impl::OnDisconnect);
    mosquitto_message_v5_callback_set(mosq_, &Impl::OnMessage);
    mosquitto_publish_v5_callback_set(mosq_, &Impl::OnPublish);
    if (!options_.fence_topic.empty()) filters_[options_.fence_topic] = {0, 0};
    return "";
  }

  std::string Start() {
    if (started_) return "";
    {
      std::lock_guard<std::mutex> lock(mutex_);
      suspended_ = false;
    }
    int rc;
    if (options_.session_expiry_s > 0) {
      // Only the blocking connect takes v5 CONNECT properties; reconnections reuse them.
      Properties props;
      mosquitto_property_add_int32(&props.list, MQTT_PROP_SESSION_EXPIRY_INTERVAL, options_.session_expiry_s);
      rc = mosquitto_connect_bind_v5(mosq_, options_.host.c_str(), options_.port, options_.keepalive_s, nullptr, props.list);
    } else {
      rc = mosquitto_connect_async(mosq_, options_.host.c_str(), options_.port, options_.keepalive_s);
    }
    // A broker that is not up yet is fine: the network thread keeps trying.
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO) return Error("connect to " + options_.host, rc);
    rc = mosquitto_loop_start(mosq_);
    if (rc != MOSQ_ERR_SUCCESS) return Error("network thread", rc);
    started_ = true;
    return "";
  }

  std::string Subscribe(const std::string& filter, int qos, uint32_t id) {
    if (id > 268435455) return "subscription identifier out of range";
    std::lock_guard<std::mutex> lock(mutex_);
    filters_[filter] = {qos, id};
    if (!connected_) return "";  // subscribed when connected
    int rc = SendSubscribe(mosq_, filter, qos, id);
    return rc == MOSQ_ERR_SUCCESS || rc == MOSQ_ERR_NO_CONN ? "" : Error("subscribe", rc);
  }

  std::string Unsubscribe(const std::string& filter) {
    std::lock_guard<std::mutex> lock(mutex_);
    filters_.erase(filter);
    if (!connected_) return "";
    int rc = mosquitto_unsubscribe_v5(mosq_, nullptr, filter.c_str(), nullptr);
    return rc == MOSQ_ERR_SUCCESS || rc == MOSQ_ERR_NO_CONN ? "" : Error("unsubscribe", rc);
  }

  std::string Publish(const std::string& topic, std::string_view payload, const PublishOptions& o) {
    Properties props;
    if (!o.response_topic.empty() &&
        mosquitto_property_add_string(&props.list, MQTT_PROP_RESPONSE_TOPIC, o.response_topic.c_str()) != MOSQ_ERR_SUCCESS) {
      return "invalid response topic";
    }
    if (!o.correlation_data.empty()) {
      if (o.correlation_data.size() > 65535) return "correlation data longer than 65535 bytes";
      if (mosquitto_property_add_binary(&props.list, MQTT_PROP_CORRELATION_DATA, o.correlation_data.data(),
                                        static_cast<uint16_t>(o.correlation_data.size())) != MOSQ_ERR_SUCCESS) {
        return "invalid correlation data";
      }
    }
    if (payload.size() > 256u * 1024 * 1024) return "payload larger than 256 MB";
    int rc;
    {
      // Held across the call, so that the acknowledgement (on the network thread) cannot be
      // handled before the message is counted as waiting for one. libmosquitto does not call
      // back from publish.
      std::lock_guard<std::mutex> lock(mutex_);
      int mid = 0;
      rc = mosquitto_publish_v5(mosq_, &mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(), o.qos, o.retain,
                                props.list);
      if (o.qos > 0 && (rc == MOSQ_ERR_SUCCESS || rc == MOSQ_ERR_NO_CONN)) unacked_.insert(mid);
    }
    // While disconnected libmosquitto keeps QoS 1 and 2 messages and sends them after it
    // reconnects; it says so with MOSQ_ERR_NO_CONN.
    if (rc == MOSQ_ERR_NO_CONN && o.qos > 0) return "";
    return rc == MOSQ_ERR_SUCCESS ? "" : Error("publish to '" + topic + "'", rc);
  }

  bool connected() {
    std::lock_guard<std::mutex> lock(mutex_);
    return connected_;
  }

  bool WaitConnected(double timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::duration<double, std::milli>(timeout_ms), [&] { return connected_; });
  }

  void Abort() {
    if (!started_) return;
    // The broker publishes the will for this reason code, as for a lost connection.
    mosquitto_disconnect_v5(mosq_, MQTT_RC_DISCONNECT_WITH_WILL_MSG, nullptr);
    mosquitto_loop_stop(mosq_, false);
    started_ = false;
  }

 private:
  static int SendSubscribe(struct mosquitto* mosq, const std::string& filter, int qos, uint32_t id) {
    Properties props;
    if (id != 0) mosquitto_property_add_varint(&props.list, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, id);
    // Retained messages come with a new subscription only, not again after every reconnection
    // or move (the session keeps its subscriptions).
    return mosquitto_subscribe_v5(mosq, nullptr, filter.c_str(), qos, MQTT_SUB_OPT_SEND_RETAIN_NEW, props.list);
  }

  static void OnConnect(struct mosquitto* mosq, void* obj, int rc, int, const mosquitto_property*) {
    auto* self = static_cast<Impl*>(obj);
    if (rc != 0) {
      self->Changed(false, std::string("connection refused: ") + mosquitto_reason_string(rc));
      return;
    }
    {
      // Every filter again: a new connection starts without subscriptions.
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->connected_ = true;
      for (const auto& [filter, sub] : self->filters_) SendSubscribe(mosq, filter, sub.first, sub.second);
    }
    self->changed_.notify_all();
    if (self->on_state_) self->on_state_(true, "");
  }

  // The broker acknowledged a QoS 1 message (or libmosquitto gave it up), or a QoS 0 one was
  // sent (not counted).
  static void OnPublish(struct mosquitto*, void* obj, int mid, int, const mosquitto_property*) {
    auto* self = static_cast<Impl*>(obj);
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->unacked_.erase(mid);
    }
    self->changed_.notify_all();
  }

  static void OnDisconnect(struct mosquitto*, void* obj, int rc, const mosquitto_property*) {
    auto* self = static_cast<Impl*>(obj);
    self->Changed(false, rc == 0 ? "disconnected" : std::string("connection lost: ") + mosquitto_reason_string(rc));
  }

  void Changed(bool connected, const std::string& why) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      connected_ = connected;
    }
    changed_.notify_all();
    if (on_state_) on_state_(connected, why);
  }

  // Ends the connection so that the broker has read every acknowledgement this client sent
  // before it, and none after. Called on the network thread when the fence comes back, so
  // that every message handed over so far has its acknowledgement queued, and no later one
  // has been handled. A plain DISCONNECT is not enough: closing a socket that still has
  // unread data (the broker keeps sending) resets the connection, and the broker may drop
  // what it had not read yet, acknowledgements included; the message would come again.
  static bool Fence(struct mosquitto* mosq) {
    int fd = mosquitto_socket(mosq);
    if (fd < 0) return false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    // 1. Every acknowledgement queued so far goes out.
    while (mosquitto_want_write(mosq) && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLOUT, 0};
      poll(&p, 1, 50);
      if (mosquitto_loop_write(mosq, 1) != MOSQ_ERR_SUCCESS) return false;
    }
    // 2. The end of this side of the stream follows them; the broker reads all before it,
    // then closes its side.
    if (shutdown(fd, SHUT_WR) != 0) return false;
    // 3. Until it has: what it sends meanwhile is read and dropped, unacknowledged, so it
    // stays in the session for the next client.
    char buffer[16384];
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n == 0) return true;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return errno == ECONNRESET;
    }
    return false;
  }

  static void OnMessage(struct mosquitto* mosq, void* obj, const struct mosquitto_message* m, const mosquitto_property* props) {
    auto* self = static_cast<Impl*>(obj);
    if (!self->options_.fence_topic.empty() && m->topic && self->options_.fence_topic == m->topic) {
      std::string_view token(static_cast<const char*>(m->payload), static_cast<size_t>(m->payloadlen));
      {
        std::lock_guard<std::mutex> lock(self->mutex_);
        if (self->fenced_ || self->fence_token_.empty() || token != self->fence_token_) return;
        self->suspended_ = true;  // nothing after the fence reaches the program
      }
      // Not under the mutex: writing may call back (a lost connection).
      bool exact = Fence(mosq);
      // Stops the network loop without reconnecting (the socket is finished already).
      mosquitto_disconnect_v5(mosq, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
      {
        std::lock_guard<std::mutex> lock(self->mutex_);
        self->fence_exact_ = exact;
        self->fenced_ = true;
      }
      self->changed_.notify_all();
      return;
    }
    {
      // After the fence: not acknowledged (the DISCONNECT went first), so the broker keeps it.
      std::lock_guard<std::mutex> lock(self->mutex_);
      if (self->suspended_) return;
    }
    if (!self->on_message_) return;
    MqttMessage message;
    message.topic = m->topic ? m->topic : "";
    message.payload.assign(static_cast<const char*>(m->payload), static_cast<size_t>(m->payloadlen));
    message.qos = m->qos;
    message.retain = m->retain;
    char* response = nullptr;
    if (mosquitto_property_read_string(props, MQTT_PROP_RESPONSE_TOPIC, &response, false)) {
      message.response_topic = response;
      std::free(response);
    }
    void* data = nullptr;
    uint16_t length = 0;
    if (mosquitto_property_read_binary(props, MQTT_PROP_CORRELATION_DATA, &data, &length, false)) {
      message.correlation_data.assign(static_cast<const char*>(data), length);
      std::free(data);
    }
    uint32_t id = 0;
    for (const mosquitto_property* p = mosquitto_property_read_varint(props, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, &id, false); p;
         p = mosquitto_property_read_varint(p, MQTT_PROP_SUBSCRIPTION_IDENTIFIER, &id, true)) {
      message.subscription_ids.push_back(id);
    }
    self->on_message_(message);
  }

  MqttOptions options_;
  MessageHandler on_message_;
  StateHandler on_state_;
  struct mosquitto* mosq_ = nullptr;
  bool started_ = false;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool connected_ = false;
  std::map<std::string, std::pair<int, uint32_t>> filters_;  // filter -> (qos, subscription id)
  // Suspend's fence: the marker it waits for, and whether it came back.
  std::string fence_token_;
  uint64_t fence_count_ = 0;
  bool fenced_ = false;
  bool fence_exact_ = false;
  std::set<int> unacked_;  // message ids of QoS 1 messages published and not acknowledged yet
  bool suspended_ = false;  // messages are no longer handed over
};

std::unique_ptr<MqttClient> MqttClient::Create(const MqttOptions& options, MessageHandler on_message, StateHandler on_state,
                                               std::string* error) {
  auto impl = std::make_unique<Impl>(options, std::move(on_message), std::move(on_state));
  std::string problem = impl->Init();
  if (!problem.empty()) {
    if (error) *error = problem;
    return nullptr;
  }
  return std::unique_ptr<MqttClient>(new MqttClient(std::move(impl)));
}

MqttClient::MqttClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MqttClient::~MqttClient() = default;
std::string MqttClient::Start() { return impl_->Start(); }
std::string MqttClient::Subscribe(const std::string& filter, int qos, uint32_t subscription_id) {
  return impl_->Subscribe(filter, qos, subscription_id);
}
std::string MqttClient::Unsubscribe(const std::string& filter) { return impl_->Unsubscribe(filter); }
std::string MqttClient::Publish(const std::string& topic, std::string_view payload, const PublishOptions& options) {
  return impl_->Publish(topic, payload, options);
}
bool MqttClient::connected() const { return impl_->connected(); }
bool MqttClient::WaitConnected(double timeout_ms) { return impl_->WaitConnected(timeout_ms); }
void MqttClient::Abort() { impl_->Abort(); }
std::string MqttClient::Suspend(double timeout_ms) { return impl_->Suspend(timeout_ms); }
void MqttClient::EndSession() { impl_->EndSession(); }
bool MqttClient::Flush(double timeout_ms) { return impl_->Flush(timeout_ms); }

}  // namespace thingsjs::actors

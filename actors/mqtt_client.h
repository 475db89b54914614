#pragma once
// An MQTT v5 client on libmosquitto, for the MQTT bridge (issue 5): a threaded network loop,
// QoS 1 by default, reconnection with exponential backoff and resubscription of every filter,
// a last will, username/password, and the v5 response topic and correlation data that
// request/response uses. No libmosquitto header here: it stays in mqtt_client.cc.
//
// Callbacks run on the client's network thread, one at a time, in the order the broker
// delivers (so per-topic FIFO holds); they must not block for long.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace thingsjs::actors {

struct MqttOptions {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string client_id;           // empty: the broker assigns one
  int keepalive_s = 30;
  std::string username, password;  // empty: anonymous
  std::string ca_file;             // non-empty: TLS, verifying the broker with this CA
  // Published by the broker if the connection is lost without a clean disconnect.
  std::string will_topic, will_payload;
  bool will_retain = false;
  // Non-zero: the broker keeps this client's session (its subscriptions, and QoS 1 messages
  // for them) this many seconds after the connection ends, so a client that comes back with
  // the same id misses nothing. Needs a client_id. Zero: a clean session each time.
  uint32_t session_expiry_s = 0;
  // A topic only this client uses (e.g. "<prefix>/fence/<client id>"), needed by Suspend.
  std::string fence_topic;
  double reconnect_min_s = 0.5;    // first retry delay; doubles up to the max
  double reconnect_max_s = 10;
};

struct MqttMessage {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retain = false;
  std::string response_topic;    // MQTT v5 request/response, empty if none
  std::string correlation_data;
  std::vector<uint32_t> subscription_ids;  // which subscriptions (by identifier) it matched
};

class MqttClient {
 public:
  using MessageHandler = std::function<void(const MqttMessage&)>;
  // Connected (true) or lost (false, with why). Called on every change.
  using StateHandler = std::function<void(bool connected, const std::string& why)>;

  // Makes the client; `error` says why when it returns null (bad options, TLS files).
  static std::unique_ptr<MqttClient> Create(const MqttOptions& options, MessageHandler on_message,
                                            StateHandler on_state, std::string* error);
  // Disconnects cleanly (no will) and stops the network thread.
  ~MqttClient();
  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;

  // Starts the network thread and connects; it keeps reconnecting until destroyed or
  // suspended. Returns an error only for what retrying cannot fix. Starting a suspended
  // client connects it again (with its session, when it has one).
  std::string Start();

  // Disconnects so that another client with the same id and session can take over, without
  // losing or duplicating a QoS 1 message: every message handed to the message handler has
  // been acknowledged to the broker, and every message that was not stays in the session, for
  // whichever client connects with it next. (It publishes a marker to `fence_topic` and
  // disconnects from the network thread when the marker comes back, so that no message is
  // half-handled; those that arrive after the marker are left unacknowledged.) Needs a
  // session (session_expiry_s) and a fence topic. Returns an empty string, or why the
  // hand-over is not exact (the client is disconnected either way).
  std::string Suspend(double timeout_ms = 5000);

  // Disconnects and asks the broker to drop this client's session now (a program that ended),
  // once what it published has been acknowledged (at most 5 s).
  void EndSession();

  // Waits until every QoS 1 message published so far has been acknowledged by the broker, at
  // most `timeout_ms`; true if they all were. The destructor waits up to 2 s for them.
  bool Flush(double timeout_ms);

  // Filters are remembered and subscribed again after every reconnection. A non-zero
  // `subscription_id` (MQTT v5, 1 to 268435455) comes back with every message it matches.
  std::string Subscribe(const std::string& filter, int qos = 1, uint32_t subscription_id = 0);
  std::string Unsubscribe(const std::string& filter);

  struct PublishOptions {
    int qos = 1;
    bool retain = false;
    std::string response_topic;
    std::string correlation_data;
  };
  // Returns an empty string, or why libmosquitto would not take the message. While
  // disconnected, QoS 1 messages are kept and sent after reconnecting (QoS 0 ones are refused).
  std::string Publish(const std::string& topic, std::string_view payload, const PublishOptions& options);
  std::string Publish(const std::string& topic, std::string_view payload) { return Publish(topic, payload, PublishOptions()); }

  bool connected() const;
  // Waits until connected, at most `timeout_ms`; true if connected.
  bool WaitConnected(double timeout_ms);
  // Drops the connection without a clean disconnect, so the broker publishes the will (for
  // tests and for a worker that must look dead). The client stays stopped.
  void Abort();

  class Impl;

 private:
  explicit MqttClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace thingsjs::actors

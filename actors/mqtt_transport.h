#pragma once
// The runtime's publish/subscribe bus (runtime::Transport) over MQTT, so that `require('things')`
// reaches other processes and machines. Programs' topics live under `<prefix>/pubsub/`: a
// program cannot publish on the cluster's control topics. Each filter is one MQTT subscription
// shared by the programs of this process, with a subscription identifier, so that a message is
// delivered exactly to the filters it matched, once each, in the broker's order.
//
// A filter's identifier is a function of the filter alone, so that a client that takes over a
// persistent session (a program that migrated) understands the messages the broker kept for
// it, whose identifiers were chosen by the client before it.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "actors/mqtt_client.h"
#include "actors/program_session.h"

namespace thingsjs::actors {

class MqttTransport final : public ProgramSession {
 public:
  // Connects in the background (see MqttClient) unless `start` is false (then Connect()
  // does, e.g. once a restored program has subscribed again); `error`
  // says why when it returns null.
  static std::unique_ptr<MqttTransport> Create(const MqttOptions& options, const std::string& prefix, std::string* error,
                                               bool start = true);
  ~MqttTransport() override;

  void Publish(std::string_view topic, std::string_view payload) override;
  void Subscribe(std::string_view filter, runtime::MessageSink* sink) override;
  void Unsubscribe(std::string_view filter, runtime::MessageSink* sink) override;

  std::string Connect() override { return client_->Start(); }
  std::string Suspend() override { return client_->Suspend(); }
  void End() override { client_->EndSession(); }
  uint64_t messages_in() const override;   // delivered to a sink
  uint64_t messages_out() const override;  // published

  MqttClient& client() { return *client_; }
  uint64_t publish_failures() const;  // publishes libmosquitto refused (e.g. not connected)
  static uint32_t FilterId(std::string_view filter);

 private:
  explicit MqttTransport(std::string prefix) : prefix_(std::move(prefix)) {}
  void OnMessage(const MqttMessage& message);

  struct Filter {
    std::string filter;  // as the program wrote it
    uint32_t id = 0;
    std::set<runtime::MessageSink*> sinks;
  };
  std::string prefix_;  // "<prefix>/pubsub/"
  std::unique_ptr<MqttClient> client_;
  mutable std::mutex mutex_;
  std::map<std::string, Filter> filters_;
  std::multimap<uint32_t, std::string> by_id_;  // two filters may share an identifier
  uint64_t publish_failures_ = 0;
  uint64_t messages_in_ = 0, messages_out_ = 0;
};

}  // namespace thingsjs::actors

#pragma once
// A client of a cluster's control protocol (docs/protocol.md), for the admin shell, `thingsjs up`
// and tests: it follows the retained worker and program statuses, sends commands and waits for
// their answers (MQTT v5 response topic and correlation data), and follows console output.
// Plain threads, no actors: the shell is a short-lived client.

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "actors/mqtt_client.h"
#include "proto/control.pb.h"
#include "proto/control_codec.h"

namespace thingsjs::actors {

class ClusterClient {
 public:
  // Connects and waits (up to `timeout_ms`) for the connection and the retained statuses.
  static std::unique_ptr<ClusterClient> Connect(const MqttOptions& options, const std::string& prefix, double timeout_ms,
                                                std::string* error);
  ~ClusterClient();

  // Sends `command` to `topic` and waits for the answer. Returns an empty string when the
  // command succeeded (`reply` filled), else what went wrong: the worker's error, or that
  // nobody answered in time.
  std::string Request(const std::string& topic, const control::Command& command, double timeout_ms, control::Reply* reply);

  // The latest retained statuses (updated as they change).
  std::vector<control::WorkerStatus> Workers();
  std::vector<control::ProcStatus> Procs();
  bool FindProc(const std::string& pid, control::ProcStatus* status);
  // Waits until `pred` holds for the program's status, at most `timeout_ms`.
  bool WaitProc(const std::string& pid, const std::function<bool(const control::ProcStatus&)>& pred, double timeout_ms);

  // Calls `on_line` (on the network thread, one line at a time) for every console line of
  // `pid` from now on, until Unfollow; once Unfollow returns, no call is running.
  void Follow(const std::string& pid, std::function<void(const control::ConsoleLine&)> on_line);
  void Unfollow(const std::string& pid);

  // Waits for the next metrics report of each online worker, at most `timeout_ms`.
  std::vector<control::WorkerMetrics> Metrics(double timeout_ms);

  const proto::Topics& topics() const { return topics_; }

 private:
  explicit ClusterClient(const std::string& prefix) : topics_(prefix) {}
  void OnMessage(const MqttMessage& m);

  proto::Topics topics_;
  std::string replies_;
  std::unique_ptr<MqttClient> client_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, control::WorkerStatus> workers_;
  std::map<std::string, control::ProcStatus> procs_;
  std::map<std::string, control::Reply> answers_;  // by correlation data
  std::set<std::string> waiting_;                  // requests still waiting for an answer
  std::mutex follow_mutex_;                        // held while a follower is called
  std::map<std::string, std::function<void(const control::ConsoleLine&)>> follows_;
  std::map<std::string, control::WorkerMetrics> metrics_;
  uint64_t next_request_ = 1;
  uint64_t retained_seen_ = 0;
};

}  // namespace thingsjs::actors

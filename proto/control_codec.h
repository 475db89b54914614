#pragma once
// JSON renderings of control messages (proto/control.proto) for people and tools, and the
// cluster's topic names (docs/protocol.md).

#include <cstdint>
#include <string>
#include <string_view>

namespace google::protobuf {
class Message;
}

namespace thingsjs::proto {

// Wall-clock milliseconds since the Unix epoch: the clock of Command.deadline_unix_ms.
uint64_t UnixMs();

// protobuf's JSON mapping with the .proto field names; bytes are base64.
std::string ControlToJson(const google::protobuf::Message& message, bool pretty = false);
// Parses JSON into `message`; returns an empty string or what is wrong with it.
std::string ControlFromJson(std::string_view json, google::protobuf::Message* message);

// Where things live under a cluster's prefix. Ids (worker ids, process ids) are one topic
// level: non-empty, at most 128 bytes, no '/', '+', '#' or NUL.
class Topics {
 public:
  explicit Topics(std::string prefix) : prefix_(std::move(prefix)) {}
  static bool IsValidId(std::string_view id);

  std::string WorkerStatus(std::string_view worker) const { return prefix_ + "/workers/" + std::string(worker) + "/status"; }
  std::string WorkerCommands(std::string_view worker) const { return prefix_ + "/workers/" + std::string(worker) + "/cmd"; }
  std::string WorkerMetrics(std::string_view worker) const { return prefix_ + "/workers/" + std::string(worker) + "/metrics"; }
  std::string ProcStatus(std::string_view pid) const { return prefix_ + "/procs/" + std::string(pid) + "/status"; }
  std::string ProcCommands(std::string_view pid) const { return prefix_ + "/procs/" + std::string(pid) + "/cmd"; }
  std::string ProcConsole(std::string_view pid) const { return prefix_ + "/procs/" + std::string(pid) + "/console"; }
  // What programs publish and subscribe to (`things.publish('a/b', v)`): <prefix>/pubsub/a/b.
  std::string PubSub(std::string_view topic) const { return prefix_ + "/pubsub/" + std::string(topic); }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

}  // namespace thingsjs::proto

#include "proto/control_codec.h"

#include <chrono>

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

namespace thingsjs::proto {

uint64_t UnixMs() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

std::string ControlToJson(const google::protobuf::Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  options.preserve_proto_field_names = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  return status.ok() ? json : std::string("{}");
}

std::string ControlFromJson(std::string_view json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(std::string(json), message, options);
  return status.ok() ? std::string() : "invalid " + message->GetTypeName() + " JSON: " + std::string(status.message());
}

bool Topics::IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return id.find_first_of(std::string_view("/+#\0", 4)) == std::string_view::npos;
}

}  // namespace thingsjs::proto

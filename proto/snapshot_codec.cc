#include "proto/snapshot_codec.h"

#include <google/protobuf/util/json_util.h>

#include <array>

#include "proto/snapshot.pb.h"

namespace thingsjs::proto {

namespace {
std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
}  // namespace

uint32_t Crc32(std::string_view data) {
  static const std::array<uint32_t, 256> table = MakeCrcTable();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string EncodeEnvelope(std::string_view body) {
  snapshot::Envelope envelope;
  envelope.set_magic(std::string(kSnapshotMagic));
  envelope.set_version(kSnapshotVersion);
  envelope.set_crc32(Crc32(body));
  envelope.set_body(std::string(body));
  return envelope.SerializeAsString();
}

std::string DecodeEnvelope(std::string_view bytes, std::string* body) {
  snapshot::Envelope envelope;
  if (bytes.empty()) return "empty file: not a ThingsJS snapshot";
  if (!envelope.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) || envelope.magic() != kSnapshotMagic) {
    return "not a ThingsJS snapshot (or truncated)";
  }
  if (envelope.version() != kSnapshotVersion) {
    return "snapshot format version " + std::to_string(envelope.version()) + ", this thingsjs reads version " +
           std::to_string(kSnapshotVersion);
  }
  // A snapshot always has a body; without one, the file was cut after the header.
  if (envelope.body().empty() || Crc32(envelope.body()) != envelope.crc32()) {
    return "checksum mismatch: the snapshot is corrupt or truncated";
  }
  *body = std::move(*envelope.mutable_body());
  return "";
}

std::string SnapshotToJson(std::string_view bytes, std::string* json) {
  std::string body;
  std::string error = DecodeEnvelope(bytes, &body);
  if (!error.empty()) return error;
  snapshot::Snapshot s;
  if (!s.ParseFromString(body)) return "the snapshot body does not decode";
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(s, json, options);
  if (!status.ok()) return "cannot render the snapshot as JSON: " + std::string(status.message());
  return "";
}

}  // namespace thingsjs::proto

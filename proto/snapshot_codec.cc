#include "proto/snapshot_codec.h"

#include <google/protobuf/util/json_util.h>

#include <zlib.h>

#include <algorithm>

#include "proto/snapshot.pb.h"

namespace thingsjs::proto {

uint32_t Crc32(std::string_view data) {
  // zlib's CRC-32 is the IEEE one; it takes at most 4 GiB at a time.
  uLong c = crc32(0L, Z_NULL, 0);
  while (!data.empty()) {
    uInt n = static_cast<uInt>(std::min<size_t>(data.size(), 1u << 30));
    c = crc32(c, reinterpret_cast<const Bytef*>(data.data()), n);
    data.remove_prefix(n);
  }
  return static_cast<uint32_t>(c);
}

std::string EncodeEnvelope(std::string_view body) {
  snapshot::Envelope envelope;
  envelope.set_magic(std::string(kSnapshotMagic));
  envelope.set_version(kSnapshotVersion);
  envelope.set_crc32(Crc32(body));
  envelope.set_body(body.data(), body.size());
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
  // For people: property names in place rather than as numbers into the name table.
  for (snapshot::HeapObject& o : *s.mutable_objects()) {
    for (snapshot::Property& p : *o.mutable_properties()) {
      if (p.key_case() == snapshot::Property::kNameIndex && p.name_index() < static_cast<uint32_t>(s.names_size())) {
        p.set_name(s.names(static_cast<int>(p.name_index())));
      }
    }
  }
  s.clear_names();
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(s, json, options);
  if (!status.ok()) return "cannot render the snapshot as JSON: " + std::string(status.message());
  return "";
}

}  // namespace thingsjs::proto

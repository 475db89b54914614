#pragma once
// The snapshot's outer layer: magic, format version and a CRC-32 around the encoded Snapshot
// message (proto/snapshot.proto). Untrusted bytes come in here: every failure is an error
// message, never a crash.

#include <cstdint>
#include <string>
#include <string_view>

namespace thingsjs::proto {

inline constexpr std::string_view kSnapshotMagic = "thingsjs-snapshot";
inline constexpr uint32_t kSnapshotVersion = 1;

// CRC-32 (IEEE 802.3, as zlib computes it).
uint32_t Crc32(std::string_view data);

// Wraps an encoded Snapshot message.
std::string EncodeEnvelope(std::string_view body);

// Checks the envelope and hands out the encoded Snapshot. Returns an empty string on success,
// else what is wrong ("not a ThingsJS snapshot", "checksum mismatch: corrupt or truncated").
std::string DecodeEnvelope(std::string_view bytes, std::string* body);

// The snapshot as JSON (protobuf's JSON mapping, with property names in place of their
// numbers in the name table), for `thingsjs snapshot show`. Returns an
// empty string on success, else the error.
std::string SnapshotToJson(std::string_view bytes, std::string* json);

}  // namespace thingsjs::proto

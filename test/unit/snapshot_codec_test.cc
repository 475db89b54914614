#include <doctest/doctest.h>

#include <string>

#include "proto/snapshot_codec.h"

using namespace thingsjs::proto;

TEST_CASE("snapshot envelope: CRC-32 is zlib's") {
  CHECK(Crc32("123456789") == 0xCBF43926u);
  CHECK(Crc32("") == 0u);
}

TEST_CASE("snapshot envelope: round trip, and every damaged byte is caught") {
  std::string body = "some encoded snapshot body";
  std::string bytes = EncodeEnvelope(body);
  std::string out;
  CHECK(DecodeEnvelope(bytes, &out) == "");
  CHECK(out == body);
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
    std::string ignored;
    CHECK_MESSAGE(DecodeEnvelope(damaged, &ignored) != "", "byte " << i);
  }
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string ignored;
    CHECK_MESSAGE(DecodeEnvelope(bytes.substr(0, n), &ignored) != "", "truncated to " << n);
  }
}

TEST_CASE("snapshot envelope: hostile input gives errors, not crashes") {
  std::string json;
  CHECK(SnapshotToJson("", &json) == "empty file: not a ThingsJS snapshot");
  CHECK(SnapshotToJson(std::string(1000, '\xff'), &json) != "");
  // A valid envelope around a body that is not a Snapshot message.
  CHECK(SnapshotToJson(EncodeEnvelope("\xff\xff\xff"), &json) == "the snapshot body does not decode");
}

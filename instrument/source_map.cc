// Source map v3 (https://sourcemaps.info/spec.html): one source, no names. Each mapping is a
// segment of four base64-VLQ fields: generated column (relative to the previous segment on
// the same generated line), source index (always 0, relative: 0), original line and original
// column (both relative to the previous segment anywhere). Generated lines are separated by
// ';', segments on a line by ','.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "instrument/printer.h"

namespace thingsjs::instrument {

namespace {

const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void AppendVlq(std::string& out, int64_t value) {
  // Sign in the lowest bit, then 5 bits per digit, least significant first; bit 6 of a
  // digit (0x20) says another digit follows.
  uint64_t v = value < 0 ? ((static_cast<uint64_t>(-value)) << 1) | 1 : static_cast<uint64_t>(value) << 1;
  do {
    unsigned digit = static_cast<unsigned>(v & 0x1F);
    v >>= 5;
    if (v) digit |= 0x20;
    out.push_back(kBase64[digit]);
  } while (v);
}

void AppendJsonString(std::string& out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out.append("\\\"", 2); break;
      case '\\': out.append("\\\\", 2); break;
      case '\n': out.append("\\n", 2); break;
      case '\r': out.append("\\r", 2); break;
      case '\t': out.append("\\t", 2); break;
      case '\b': out.append("\\b", 2); break;
      case '\f': out.append("\\f", 2); break;
      default:
        if (c < 0x20) {
          char e[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
          out.append(e, 6);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

bool GeneratedBefore(const Mapping& a, const Mapping& b) {
  if (a.generated_line != b.generated_line) return a.generated_line < b.generated_line;
  return a.generated_column < b.generated_column;
}

}  // namespace

std::string SourceMapJson(const std::vector<Mapping>& mappings, std::string_view file,
                          std::string_view source_name) {
  // Mappings from Print() are already in generated order; sort a copy otherwise.
  const std::vector<Mapping>* sorted = &mappings;
  std::vector<Mapping> copy;
  if (!std::is_sorted(mappings.begin(), mappings.end(), GeneratedBefore)) {
    copy = mappings;
    std::stable_sort(copy.begin(), copy.end(), GeneratedBefore);
    sorted = &copy;
  }

  std::string out;
  out.reserve(64 + file.size() + source_name.size() + sorted->size() * 8);
  out.append("{\"version\":3,\"file\":");
  AppendJsonString(out, file);
  out.append(",\"sources\":[");
  AppendJsonString(out, source_name);
  out.append("],\"names\":[],\"mappings\":\"");

  uint32_t line = 0;
  int64_t prev_column = 0, prev_original_line = 0, prev_original_column = 0;
  bool first_on_line = true;
  const Mapping* last = nullptr;
  for (const Mapping& m : *sorted) {
    if (last && last->generated_line == m.generated_line &&
        last->generated_column == m.generated_column &&
        last->original_line == m.original_line && last->original_column == m.original_column) {
      continue;  // an exact duplicate says nothing new
    }
    last = &m;
    while (line < m.generated_line) {
      out.push_back(';');
      ++line;
      prev_column = 0;
      first_on_line = true;
    }
    if (!first_on_line) out.push_back(',');
    first_on_line = false;
    AppendVlq(out, static_cast<int64_t>(m.generated_column) - prev_column);
    AppendVlq(out, 0);  // source index: always the one source
    AppendVlq(out, static_cast<int64_t>(m.original_line) - prev_original_line);
    AppendVlq(out, static_cast<int64_t>(m.original_column) - prev_original_column);
    prev_column = m.generated_column;
    prev_original_line = m.original_line;
    prev_original_column = m.original_column;
  }
  out.append("\"}");
  return out;
}

}  // namespace thingsjs::instrument

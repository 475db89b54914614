#pragma once
// A small JSON tree for the parser's conformance driver: ESTree JSON is parsed back so that two
// trees can be normalized (test262's explicit twins) and their first difference named by path.
// Strings and numbers keep their JSON text (escapes included): both sides come from the same
// serializer, so comparing texts compares values.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace thingsjs::test {

struct Json {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  // kBool: "true"/"false"; kNumber: the number's text; kString: the text between the quotes.
  std::string text;
  std::vector<Json> items;                             // kArray
  std::vector<std::pair<std::string, Json>> members;  // kObject, in document order

  const Json* Find(std::string_view key) const;
  Json* Find(std::string_view key);
  bool IsString(std::string_view value) const { return type == Type::kString && text == value; }
};

// Parses `input` into `out`; false with `error` set when it is not JSON.
bool ParseJson(std::string_view input, Json* out, std::string* error);

// Compact JSON text.
std::string ToJson(const Json& value);

// The first difference between two trees as "path: left vs right" (for instance
// "body[0].expression.value: 1 vs 0"), or an empty string when they are equal.
std::string FirstDifference(const Json& a, const Json& b);

}  // namespace thingsjs::test

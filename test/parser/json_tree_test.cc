// The JSON tree of the conformance driver: it must read ESTree JSON back faithfully and name the
// first difference by path, or the driver's reports mislead.
#include <doctest/doctest.h>

#include <string>

#include "test/parser/json_tree.h"

namespace thingsjs::test {
namespace {

Json Parse(const std::string& text) {
  Json value;
  std::string error;
  REQUIRE_MESSAGE(ParseJson(text, &value, &error), error);
  return value;
}

TEST_CASE("JSON round-trips through the tree unchanged") {
  const std::string text =
      R"({"type":"Literal","value":"a\"b\u2028","raw":"'a\\\"b'","n":-1.5e+300,"z":null,)"
      R"("t":true,"f":false,"list":[1,[],{}],"o":{}})";
  CHECK(ToJson(Parse(text)) == text);
  CHECK(ToJson(Parse(" [ 1 , 2 ] ")) == "[1,2]");
}

TEST_CASE("malformed JSON is an error, not a crash") {
  Json value;
  std::string error;
  for (const char* bad : {"", "{", "[1,", "{\"a\" 1}", "\"abc", "tru", "[1] 2", "{\"a\":}"}) {
    CHECK_FALSE(ParseJson(bad, &value, &error));
    CHECK_FALSE(error.empty());
  }
  std::string deep(100000, '[');
  CHECK_FALSE(ParseJson(deep, &value, &error));
}

TEST_CASE("the first difference is named by its path") {
  Json a = Parse(R"({"type":"Program","body":[{"type":"ExpressionStatement","expression":)"
                 R"({"type":"Literal","value":1,"raw":"1"}}]})");
  Json b = Parse(R"({"type":"Program","body":[{"type":"ExpressionStatement","expression":)"
                 R"({"type":"Literal","value":0,"raw":"1"}}]})");
  CHECK(FirstDifference(a, a).empty());
  CHECK(FirstDifference(Parse("1"), Parse("2")) == "(root): 1 vs 2");
  CHECK(FirstDifference(a, b) == "body[0].expression.value: 1 vs 0");

  Json c = Parse(R"({"type":"Program","body":[{"type":"EmptyStatement"}]})");
  CHECK(FirstDifference(a, c) == "body[0].type: \"ExpressionStatement\" vs \"EmptyStatement\"");
  CHECK(FirstDifference(Parse("[1,2]"), Parse("[1]")) == "length: 2 vs 1");
  CHECK(FirstDifference(Parse(R"({"a":1})"), Parse(R"({"a":1,"b":2})")) ==
        "b: (absent) vs 2");
  CHECK(FirstDifference(Parse(R"({"a":1,"b":2})"), Parse(R"({"b":2,"a":1})")) ==
        "(root): property order a vs b");
}

}  // namespace
}  // namespace thingsjs::test

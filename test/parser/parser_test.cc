#include <doctest/doctest.h>

#include <string>

#include "instrument/estree.h"
#include "instrument/parser.h"

using namespace thingsjs::instrument;

namespace {
// The first error of `source`, as `line:col: message`, or "ok".
std::string ErrorOf(const std::string& source, bool module = false) {
  Arena arena;
  ParseOptions options;
  options.module = module;
  ParseResult r = Parse(source, arena, options);
  if (!r.error) return "ok";
  return std::to_string(r.error->position.line) + ":" + std::to_string(r.error->position.column + 1) +
         ": " + r.error->message;
}
std::string Estree(const std::string& source, bool module = false) {
  Arena arena;
  ParseOptions options;
  options.module = module;
  ParseResult r = Parse(source, arena, options);
  REQUIRE(!r.error);
  return ToEstreeJson(r.program);
}
}  // namespace

TEST_CASE("modern syntax parses") {
  const char* valid[] = {
      "class A { #x = 1; static #y; static { this.#y = 2; } get #z() { return #x in this; } }",
      "const f = async function* () { for await (const x of y) yield* x; };",
      "a ??= b; a ||= c; a &&= d; a?.b?.[c]?.(d);",
      "let { a, b: [c = 1, ...d], ...e } = f;",
      "label: for (;;) { continue label; }",
      "x = 1_000_000n + 0x1F_FFn; y = 0b1010; z = 0o17; w = .5e-3;",
      "tag`a${b}c\\unicode`;",
      "/(?<year>\\d{4})-\\k<year>/du.exec(s);",
      "function f() { return new.target; }",
      "async () => { await import('x'); };",
      "if (a) function f() {}",                // Annex B, sloppy
      "<!-- html comment\nx = 1; y\n--> also a comment",
      "var \\u{61}bc = 1; \\u0061bc;",
      "({ get a() {}, set a(v) {}, async *b() {}, [c]: 1, 'd': 2, 3: 4 });",
  };
  for (const char* src : valid) {
    INFO(std::string(src));
    CHECK(ErrorOf(src) == "ok");
  }
  CHECK(ErrorOf("import x, { y as z } from 'm'; export default class {}; export * as ns from 'n';", true) == "ok");
  CHECK(ErrorOf("await 1;", true) == "ok");  // top-level await in modules
}

TEST_CASE("syntax errors and early errors are reported at the right place") {
  CHECK(ErrorOf("let a = 1;\nlet a = 2;") == "2:5: Identifier 'a' has already been declared");
  CHECK(ErrorOf("var x = ;") == "1:9: Unexpected token ';'");
  CHECK(ErrorOf("'use strict'; with (a) {}") == "1:15: Strict mode code may not include a with statement");
  CHECK(ErrorOf("function f() { 'use strict'; var eval; }") == "1:34: Binding eval in strict mode");
  CHECK(ErrorOf("1 = 2") == "1:1: Invalid left-hand side in assignment");
  CHECK(ErrorOf("({a = 1})") == "1:5: Invalid shorthand property initializer");
  CHECK(ErrorOf("({a = 1} = b)") == "ok");
  CHECK(ErrorOf("a ?? b || c") == "1:1: Cannot mix ?? with || or && without parentheses");
  CHECK(ErrorOf("-a ** 2").find("Unary operator used immediately before exponentiation") != std::string::npos);
  CHECK(ErrorOf("class A { constructor() {} constructor() {} }") == "1:28: A class may only have one constructor");
  CHECK(ErrorOf("class A { m() { this.#x; } }") == "1:22: Private field '#x' must be declared in an enclosing class");
  CHECK(ErrorOf("function* g() { yield\n* 2; }").find("Unexpected token") != std::string::npos);
  CHECK(ErrorOf("break;") == "1:1: Illegal break statement");
  CHECK(ErrorOf("x: while (1) { (() => { break x; })(); }") == "1:31: Undefined label 'x'");
  CHECK(ErrorOf("async function f() { var await; }") == "1:26: Cannot use 'await' as an identifier inside an async function");
  CHECK(ErrorOf("`\\unicode`") == "1:2: Invalid escape sequence in template");
  CHECK(ErrorOf("/a/gg") == "1:4: Invalid regular expression flags");
  CHECK(ErrorOf("/(?<a>x)(?<a>y)/").find("Duplicate capture group name") != std::string::npos);
  CHECK(ErrorOf("'use strict'; 010") == "1:15: Octal literals are not allowed in strict mode.");
  CHECK(ErrorOf("\"\\07\"; 'use strict';") == "1:2: Octal escape sequences are not allowed in strict mode");
  CHECK(ErrorOf("export { x };", true) == "1:10: Export 'x' is not defined");
  CHECK(ErrorOf("import x from 'y';") == "1:1: Cannot use import statement outside a module");
  CHECK(ErrorOf("for (let x of y) { var x; }") == "1:24: Identifier 'x' has already been declared");
  CHECK(ErrorOf("a\n=>1").find("Unexpected token '=>'") != std::string::npos);
  CHECK(ErrorOf("\"unterminated") == "1:1: Unterminated string constant");
  CHECK(ErrorOf("3in x") == "1:2: Identifier directly after number");
  CHECK(ErrorOf("for (a = b in c);") == "1:6: Invalid left-hand side in for-in loop");
  CHECK(ErrorOf("for ([a = 1] of c);") == "ok");
  CHECK(ErrorOf("0_1") == "1:2: Numeric separator can not be used after leading 0");
  CHECK(ErrorOf("1__0") == "1:3: Numeric separators are only allowed between digits");
  CHECK(ErrorOf("a = 1;\n'\xC3\x28'") == "2:2: Invalid UTF-8 byte sequence");
  CHECK(ErrorOf("'\xED\xA0\x80'") == "1:2: Invalid UTF-8 byte sequence");  // a surrogate
}

TEST_CASE("positions count UTF-16 columns and all line terminators") {
  CHECK(ErrorOf("'\xF0\x9F\x98\x80'; @") == "1:7: Unexpected character '@'");  // emoji: 2 columns
  CHECK(ErrorOf("a\r\nb\rc\xE2\x80\xA8 @") == "4:2: Unexpected character '@'");
}

TEST_CASE("private names have their source range") {
  // A private name's token once had no end: `this.#x` ended at offset 0.
  const std::string source = "class A { #x; m() { this.#x; } }";
  Arena arena;
  ParseResult r = Parse(source, arena, ParseOptions());
  REQUIRE(!r.error);
  auto* cls = r.program->body[0]->As<Class>();
  auto* method = cls->body->body[1]->As<MethodDefinition>();
  auto* stmt = method->value->body->As<BlockStatement>()->body[0]->As<ExpressionStatement>();
  auto* member = stmt->expression->As<MemberExpression>();
  CHECK(source.substr(member->start, member->end - member->start) == "this.#x");
  CHECK(source.substr(member->property->start, member->property->end - member->property->start) == "#x");
  Node* field = cls->body->body[0]->As<PropertyDefinition>()->key;
  CHECK(source.substr(field->start, field->end - field->start) == "#x");
}

TEST_CASE("ESTree output for a few forms matches acorn's") {
  CHECK(Estree("a?.b") ==
        R"({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"ChainExpression","expression":{"type":"MemberExpression","object":{"type":"Identifier","name":"a"},"property":{"type":"Identifier","name":"b"},"computed":false,"optional":true}}}],"sourceType":"script"})");
  CHECK(Estree("'use strict'") ==
        R"({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"Literal","value":"use strict","raw":"'use strict'"},"directive":"use strict"}],"sourceType":"script"})");
  CHECK(Estree("x => x") ==
        R"({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"ArrowFunctionExpression","id":null,"expression":true,"generator":false,"async":false,"params":[{"type":"Identifier","name":"x"}],"body":{"type":"Identifier","name":"x"}}}],"sourceType":"script"})");
}

TEST_CASE("a syntax error message has file, line, column, the line and a caret") {
  std::string src = "let a = 1;\n  let a = 2;\n";
  Arena arena;
  ParseResult r = Parse(src, arena);
  REQUIRE(r.error);
  CHECK(FormatSyntaxError("x.js", src, *r.error) ==
        "x.js:2:7: SyntaxError: Identifier 'a' has already been declared\n  let a = 2;\n      ^\n");
}

TEST_CASE("deeply nested input does not crash") {
  std::string deep(100000, '[');
  Arena arena;
  ParseResult r = Parse(deep, arena);
  CHECK(r.error);
}

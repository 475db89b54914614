#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "instrument/transform.h"

using namespace thingsjs::instrument;

namespace {

std::string Code(const std::string& src, bool module = false) {
  InstrumentOptions options;
  options.module = module;
  InstrumentResult r = Instrument(src, options);
  REQUIRE(!r.error);
  return r.code;
}

// The accessor of exposed scope `id` whose parent is `parent` (empty: none), reading `names`.
std::string Accessor(int id, const std::string& parent, const std::string& slots) {
  std::string text = "const $tjs$e" + std::to_string(id) + " = ($tjs$i) => { switch ($tjs$i) { case -3: return " +
                     std::to_string(id) + ";";
  if (!parent.empty()) text += " case -2: return " + parent + ";";
  return text + slots + " } }; ";
}

}  // namespace

TEST_CASE("transform: functions whose locals nothing captures stay as written") {
  std::string src =
      "function add(a, b) { const s = a + b; return s; }\n"
      "var total = 0;\n"
      "for (var i = 0; i < 3; i++) total = add(total, i);\n"
      "setTimeout(function () { console.log(total); }, 1);\n";
  CHECK(Code(src) == src);
}

TEST_CASE("transform: captured variables get one accessor per scope, closures are linked") {
  std::string src = "function make(step) {\n  let n = 0;\n  return () => n += step;\n}\n";
  CHECK(Code(src) ==
        "function make(step) {\n  " + Accessor(0, "", " case 0: return step; case 1: return n;") +
            "let n = 0;\n  return ($tjs$L(() => n += step, $tjs$e0));\n}\n");
}

TEST_CASE("transform: top-level lexical bindings are exposed, top-level var and functions are not") {
  std::string src = "let a = 1; var b = 2; function f() { return a + b; }\n";
  CHECK(Code(src) == Accessor(0, "", " case 0: return a;") + "$tjs$L(f, $tjs$e0); " + src);
}

TEST_CASE("transform: names that wrapping would lose are passed along") {
  std::string src = "let x = 0; const f = () => x; let g; g = function () { return x; }; const o = { h: () => x };\n";
  std::string code = Code(src);
  CHECK(code.find("($tjs$L(() => x, $tjs$e0, \"f\"))") != std::string::npos);
  CHECK(code.find("($tjs$L(function () { return x; }, $tjs$e0, \"g\"))") != std::string::npos);
  CHECK(code.find("($tjs$L(() => x, $tjs$e0, \"h\"))") != std::string::npos);
  // Named functions keep their own name.
  CHECK(Code("let y; const k = function named() { return y; };").find("$tjs$e0))") != std::string::npos);
}

TEST_CASE("transform: per-iteration bindings are read in the loop body") {
  std::string src = "const fns = [];\nfor (let i = 0; i < 3; i++) fns.push(() => i);\n";
  std::string code = Code(src);
  CHECK(code.find("for (let i = 0; i < 3; i++) { " + Accessor(0, "", " case 0: return i;") +
                  "fns.push(($tjs$L(() => i, $tjs$e0))); }") != std::string::npos);
}

TEST_CASE("transform: concise arrow bodies become blocks when their parameters are captured") {
  std::string src = "const f = (a) => ((b) => a + b);";
  std::string code = Code(src);
  CHECK(code.find("(a) => { " + Accessor(0, "", " case 0: return a;") +
                  "return ( (($tjs$L((b) => a + b, $tjs$e0)))); }") != std::string::npos);
}

TEST_CASE("transform: arrows that use this expose their function's this") {
  std::string src = "function Timer() { this.n = 0; setInterval(() => this.n++, 10); }";
  CHECK(Code(src).find("case -1: return this;") != std::string::npos);
}

TEST_CASE("transform: object literals with methods and classes are linked") {
  std::string src = "let c = 0;\nconst o = { get v() { return c; } };\nclass A { m() { return c; } }\n";
  std::string code = Code(src);
  CHECK(code.find("($tjs$O({ get v() { return c; } }, $tjs$e0))") != std::string::npos);
  CHECK(code.find("class A { m() { return c; } } $tjs$C(A, $tjs$e0);") != std::string::npos);
}

TEST_CASE("transform: a directive prologue stays first") {
  std::string src = "'use strict'\nlet a = 1; setTimeout(() => a, 1);";
  std::string code = Code(src);
  CHECK(code.rfind("'use strict';const $tjs$e0", 0) == 0);
}

TEST_CASE("transform: inserted text never breaks a line and maps back") {
  std::string src = "let s = 'x';\nconst f = (a) => {\n  return () => a + s;\n};\nf(1)();\n";
  InstrumentResult r = Instrument(src);
  REQUIRE(!r.error);
  CHECK(std::count(r.code.begin(), r.code.end(), '\n') == std::count(src.begin(), src.end(), '\n'));
  // `return` on line 3 of both: its column maps back.
  PositionMap map(src, r.code, r);
  size_t at = r.code.find("a + s");
  REQUIRE(at != std::string::npos);
  size_t line_start = r.code.rfind('\n', at) + 1;
  uint32_t column = static_cast<uint32_t>(at - line_start);
  CHECK(column > 15);
  SourcePosition p = map.Original(3, column);
  CHECK(p.line == 3);
  CHECK(p.column == 15);
  CHECK(map.OriginalLineText(3) == "  return () => a + s;");
}

TEST_CASE("transform: non-ASCII names are escaped, so columns count the same") {
  std::string src = "let z = 0; const \xC3\xBC = () => z;";
  CHECK(Code(src).find("\"\\u00fc\"") != std::string::npos);
}

TEST_CASE("transform: eval and with leave the program as written, not migratable") {
  InstrumentResult r = Instrument("let a = 1;\nfunction f() { return eval('a'); }\n");
  REQUIRE(!r.error);
  CHECK(r.code == "let a = 1;\nfunction f() { return eval('a'); }\n");
  CHECK(r.not_migratable == "a direct eval call at 2:23");
  r = Instrument("with (Math) { var x = max(1, 2); }");
  CHECK(r.not_migratable == "a with statement at 1:1");
}

TEST_CASE("transform: what cannot be carried yet is reported, not guessed") {
  CHECK(Instrument("function f() { return () => arguments[0]; }").not_migratable ==
        "an arrow function using arguments at 1:29");
  CHECK(Instrument("switch (1) { case 1: let v = 2; setTimeout(() => v, 1); }").not_migratable.rfind(
            "a closure over a binding declared in a switch case", 0) == 0);
  CHECK(Instrument("function f() { return () => this.x; }").not_migratable.empty());
}

TEST_CASE("transform: the reserved prefix is refused") {
  InstrumentResult r = Instrument("let $tjs$e0 = 1;");
  REQUIRE(r.error);
  CHECK(r.error->message.find("reserved") != std::string::npos);
  CHECK(r.error->position.column == 4);
}

TEST_CASE("transform: syntax errors come from the parser") {
  InstrumentResult r = Instrument("let a = ;");
  REQUIRE(r.error);
  CHECK(r.error->position.column == 8);
}

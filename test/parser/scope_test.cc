#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "instrument/parser.h"
#include "instrument/scope.h"

using namespace thingsjs::instrument;

namespace {
struct Analyzed {
  Arena arena;
  Program* program = nullptr;
  ScopeAnalysis scopes;
  explicit Analyzed(const std::string& src, bool module = false) {
    ParseOptions options;
    options.module = module;
    source = src;
    ParseResult r = Parse(source, arena, options);
    REQUIRE(!r.error);
    program = r.program;
    scopes = AnalyzeScopes(program, arena);
  }
  std::string source;

  // "name:kind" of the captured bindings of every scope, in scope order.
  std::vector<std::string> Captured() const {
    std::vector<std::string> out;
    for (Scope* s : scopes.scopes) {
      for (Binding* b : s->CapturedBindings()) {
        out.push_back(std::string(b->name) + ":" + std::string(BindingKindName(b->kind)));
      }
    }
    return out;
  }
  std::vector<std::string> Globals() const {
    std::vector<std::string> out;
    for (Identifier* id : scopes.globals) out.push_back(std::string(id->name));
    return out;
  }
};
}  // namespace

TEST_CASE("only variables that inner functions use are captured") {
  Analyzed a(R"(
    function counter(start, step) {
      let count = start;      // captured
      let unused = 1;         // not captured
      const helper = 2;       // used only here
      helper;
      return () => (count += step);
    }
    function plain(x) { let y = x * 2; return y; }
  )");
  CHECK(a.Captured() == std::vector<std::string>{"step:parameter", "count:let"});
}

TEST_CASE("per-iteration let bindings and block scopes") {
  Analyzed a(R"(
    for (let i = 0; i < 3; i++) { setTimeout(() => i); }
    for (var j = 0; j < 3; j++) {}
    { let k = 1; const f = function () { return k; }; }
  )");
  Scope* for_scope = nullptr;
  for (Scope* s : a.scopes.scopes) {
    if (s->kind == ScopeKind::kFor) for_scope = s;
  }
  REQUIRE(for_scope);
  CHECK(for_scope->per_iteration);
  CHECK(for_scope->Find("i")->captured);
  CHECK(a.Captured() == std::vector<std::string>{"i:let", "k:let"});
  CHECK(a.Globals() == std::vector<std::string>{"setTimeout"});
}

TEST_CASE("references resolve to the nearest binding; the rest are globals") {
  Analyzed a(R"(
    var x = 1;
    function f(x) { return x + y; }
    try { z(); } catch (e) { e; }
    class C { m() { return C; } }
    (function g() { return g; })();
  )");
  CHECK(a.Globals() == std::vector<std::string>{"y", "z"});
  int bound = 0;
  for (const Reference& r : a.scopes.references) {
    if (r.binding) ++bound;
  }
  CHECK(bound == 4);  // x (param), e, C (inner class name), g (function name)
}

TEST_CASE("binding kinds") {
  Analyzed a("import d, { a as b } from 'm'; export let l = 1; export const c = 2; export class K {} "
             "export function f(p, { q }, ...r) { var v; try {} catch ({ e }) {} }",
             true);
  std::vector<std::string> kinds;
  for (Scope* s : a.scopes.scopes) {
    for (Binding* b : s->bindings) kinds.push_back(std::string(b->name) + ":" + std::string(BindingKindName(b->kind)));
  }
  CHECK(kinds == std::vector<std::string>{"d:import", "b:import", "l:let", "c:const", "K:class", "f:function",
                                          "K:class-name", "p:parameter", "q:parameter", "r:parameter",
                                          "v:var", "e:catch"});
}

TEST_CASE("eval and with make scopes dynamic, and eval captures everything visible") {
  Analyzed a("function f() { let a = 1; function g() { let b = 2; eval('a + b'); } with (o) { a; } }");
  CHECK(a.scopes.has_eval);
  CHECK(a.scopes.has_with);
  CHECK(a.Captured() == std::vector<std::string>{"f:function", "a:let", "g:function", "b:let"});
  bool with_dynamic = false;
  for (Scope* s : a.scopes.scopes) {
    if (s->kind == ScopeKind::kWith) with_dynamic = s->dynamic;
  }
  CHECK(with_dynamic);
}

TEST_CASE("writes are recorded") {
  Analyzed a("let a = 1, b = 2, c; a = 3; [b] = [4]; c++; ({ d: c } = {});");
  for (Scope* s : a.scopes.scopes) {
    for (Binding* b : s->bindings) CHECK(b->assigned);
  }
}

TEST_CASE("class field initializers and methods capture like functions") {
  Analyzed a("function make(v) { let w = 1; return class { x = v; static { w; } m() { return 1; } }; }");
  CHECK(a.Captured() == std::vector<std::string>{"v:parameter", "w:let"});
}

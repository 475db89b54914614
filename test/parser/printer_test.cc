// The printer (instrument/printer.cc) and source maps (instrument/source_map.cc).
//
// The main property: printing re-parses to the same tree, in both modes:
//   ToEstreeJson(Parse(Print(Parse(x)))) == ToEstreeJson(Parse(x)).
// Exact outputs pin the minimal parenthesization and the token spacing; every one of them was
// also checked with acorn (its tree for the output equals its tree for the input).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "instrument/arena.h"
#include "instrument/ast.h"
#include "instrument/estree.h"
#include "instrument/parser.h"
#include "instrument/printer.h"

namespace {

using namespace thingsjs::instrument;

Program* MustParse(std::string_view source, bool module, Arena& arena) {
  ParseOptions options;
  options.module = module;
  ParseResult result = Parse(source, arena, options);
  if (!result.program) FAIL_CHECK("syntax error: " << result.error->message << " in: " << source);
  return result.program;
}

// Prints `source`'s tree and checks that the output parses to the same tree.
std::string CheckRoundTrip(std::string_view source, bool module, bool compact) {
  Arena arena;
  Program* program = MustParse(source, module, arena);
  if (!program) return {};
  PrintOptions options;
  options.compact = compact;
  std::string printed = Print(program, source, options).code;
  Arena arena2;
  ParseOptions parse_options;
  parse_options.module = module;
  ParseResult again = Parse(printed, arena2, parse_options);
  CAPTURE(printed);
  if (!again.program) {
    FAIL_CHECK("printed code does not parse: " << again.error->message);
    return printed;
  }
  CHECK(ToEstreeJson(again.program) == ToEstreeJson(program));
  return printed;
}

std::string PrintCompact(const Program* program) {
  PrintOptions options;
  options.compact = true;
  return Print(program, "", options).code;
}

// ---- building trees by hand, the way a transform would (no positions, no raw text) ----

template <typename T = Node>
NodeList<T> List(Arena& arena, std::initializer_list<T*> items) {
  NodeList<T> list;
  list.size = static_cast<uint32_t>(items.size());
  list.items = arena.CopyArray(items.begin(), items.size());
  return list;
}

Identifier* Id(Arena& arena, std::string_view name) {
  auto* id = arena.New<Identifier>();
  id->name = name;
  return id;
}

Literal* Num(Arena& arena, double value, std::string_view raw = {}) {
  auto* lit = arena.New<Literal>();
  lit->literal_kind = LiteralKind::kNumber;
  lit->number = value;
  lit->raw = raw;
  return lit;
}

Literal* Str(Arena& arena, std::string_view value, std::string_view raw = {}) {
  auto* lit = arena.New<Literal>();
  lit->literal_kind = LiteralKind::kString;
  lit->string = value;
  lit->raw = raw;
  return lit;
}

Node* Binary(Arena& arena, Op op, Node* left, Node* right) {
  auto* b = arena.New<BinaryExpression>();
  b->op = op;
  b->left = left;
  b->right = right;
  return b;
}

Node* Member(Arena& arena, Node* object, std::string_view name) {
  auto* m = arena.New<MemberExpression>();
  m->object = object;
  m->property = Id(arena, name);
  return m;
}

Node* ExprStmt(Arena& arena, Node* e) {
  auto* s = arena.New<ExpressionStatement>();
  s->expression = e;
  return s;
}

Program* ProgramOf(Arena& arena, std::initializer_list<Node*> body) {
  auto* p = arena.New<Program>();
  p->body = List<Node>(arena, body);
  return p;
}

}  // namespace

TEST_CASE("printer: compact output has the fewest parentheses and spaces that stay correct") {
  struct Case {
    bool module;
    const char* source;
    const char* compact;
  };
  const Case cases[] = {
    {false, R"JS(({}).toString();)JS", R"JS(({}).toString();)JS"},
    {false, R"JS((function () {})();)JS", R"JS((function(){})();)JS"},
    {false, R"JS((async function () {})();)JS", R"JS((async function(){})();)JS"},
    {false, R"JS((class {}).name;)JS", R"JS((class{}).name;)JS"},
    {false, R"JS((let)[0] = 1;)JS", R"JS((let)[0]=1;)JS"},
    {false, R"JS(({a} = b);)JS", R"JS(({a}=b);)JS"},
    {false, R"JS(x = () => ({});)JS", R"JS(x=()=>({});)JS"},
    {false, R"JS(x = () => ({}).a;)JS", R"JS(x=()=>({}).a;)JS"},
    {false, R"JS(x = async (a) => a;)JS", R"JS(x=async a=>a;)JS"},
    {false, R"JS(x = async(a);)JS", R"JS(x=async(a);)JS"},
    {false, R"JS(new (f())();)JS", R"JS(new(f())();)JS"},
    {false, R"JS(new (a.b().c)();)JS", R"JS(new(a.b().c)();)JS"},
    {false, R"JS(new (a?.b)();)JS", R"JS(new(a?.b)();)JS"},
    {false, R"JS(new a.b.c();)JS", R"JS(new a.b.c();)JS"},
    {false, R"JS(new new A()();)JS", R"JS(new new A()();)JS"},
    {false, R"JS(y = (a?.b).c;)JS", R"JS(y=(a?.b).c;)JS"},
    {false, R"JS(y = a?.b.c;)JS", R"JS(y=a?.b.c;)JS"},
    {false, R"JS((a?.b)();)JS", R"JS((a?.b)();)JS"},
    {false, R"JS(1..toString();)JS", R"JS(1..toString();)JS"},
    {false, R"JS(1 .toString();)JS", R"JS(1 .toString();)JS"},
    {false, R"JS(1.5.toFixed();)JS", R"JS(1.5.toFixed();)JS"},
    {false, R"JS(x = a ? .5 : 1;)JS", R"JS(x=a? .5:1;)JS"},
    {false, R"JS(a - -b;)JS", R"JS(a- -b;)JS"},
    {false, R"JS(a + +b;)JS", R"JS(a+ +b;)JS"},
    {false, R"JS(a - --b;)JS", R"JS(a- --b;)JS"},
    {false, R"JS(a + ++b;)JS", R"JS(a+ ++b;)JS"},
    {false, R"JS(a-- - b;)JS", R"JS(a-- -b;)JS"},
    {false, R"JS(- -x;)JS", R"JS(- -x;)JS"},
    {false, R"JS(a < !--b;)JS", R"JS(a<! --b;)JS"},
    {false, R"JS(a-- > b;)JS", R"JS(a-- >b;)JS"},
    {false, R"JS(a / /re/g;)JS", R"JS(a/ /re/g;)JS"},
    {false, R"JS(a = /x/ / 2;)JS", R"JS(a=/x/ /2;)JS"},
    {false, R"JS(a = /x/ in b;)JS", R"JS(a=/x/ in b;)JS"},
    {false, R"JS((-a) ** b;)JS", R"JS((-a)**b;)JS"},
    {false, R"JS((a ** b) ** c;)JS", R"JS((a**b)**c;)JS"},
    {false, R"JS(a ** b ** c;)JS", R"JS(a**b**c;)JS"},
    {false, R"JS(a ** -b;)JS", R"JS(a**-b;)JS"},
    {false, R"JS(a ?? (b || c);)JS", R"JS(a??(b||c);)JS"},
    {false, R"JS((a || b) ?? c;)JS", R"JS((a||b)??c;)JS"},
    {false, R"JS(a ?? b ?? c;)JS", R"JS(a??b??c;)JS"},
    {false, R"JS((a ?? b) || c;)JS", R"JS((a??b)||c;)JS"},
    {false, R"JS(f((a, b), c => d);)JS", R"JS(f((a,b),c=>d);)JS"},
    {false, R"JS(x = (a, b) ? c : d;)JS", R"JS(x=(a,b)?c:d;)JS"},
    {false, R"JS(x = a ? (b, c) : d = e;)JS", R"JS(x=a?(b,c):d=e;)JS"},
    {false, R"JS(for ((a in b) ? c : d;;);)JS", R"JS(for((a in b)?c:d;;);)JS"},
    {false, R"JS(for (var q = (a in b);;);)JS", R"JS(for(var q=(a in b);;);)JS"},
    {false, R"JS(for (x => (a in b);;);)JS", R"JS(for(x=>(a in b);;);)JS"},
    {false, R"JS(for (x = [a in b];;);)JS", R"JS(for(x=[a in b];;);)JS"},
    {false, R"JS(for ((let) in x);)JS", R"JS(for((let)in x);)JS"},
    {false, R"JS(for ((async) of x);)JS", R"JS(for((async)of x);)JS"},
    {false, R"JS(for (x of (a, b));)JS", R"JS(for(x of(a,b));)JS"},
    {false, R"JS(if (a) { if (b) c; } else d;)JS", R"JS(if(a){if(b)c;}else d;)JS"},
    {false, R"JS(if (a) b; else if (c) d; else e;)JS", R"JS(if(a)b;else if(c)d;else e;)JS"},
    {false, R"JS(do x(); while (y))JS", R"JS(do x();while(y);)JS"},
    {false, R"JS(typeof (() => {});)JS", R"JS(typeof(()=>{});)JS"},
    {false, R"JS(void (a, b);)JS", R"JS(void(a,b);)JS"},
    {false, R"JS(!function () {}();)JS", R"JS(!function(){}();)JS"},
    {false, R"JS(class A extends (B, C) {})JS", R"JS(class A extends(B,C){})JS"},
    {false, R"JS(class A extends f() {})JS", R"JS(class A extends f(){})JS"},
    {false, R"JS(class A { static x = 1; #y; static {} get; static *[k]() {} })JS", R"JS(class A{static x=1;#y;static{}get;static*[k](){}})JS"},
    {false, R"JS(x = {a, b: 1, [c]: 2, d() {}, get e() {}, async *f() {}, ...g};)JS", R"JS(x={a,b:1,[c]:2,d(){},get e(){},async*f(){},...g};)JS"},
    {false, R"JS(var {a, b: {c = 1}, ...d} = e, [f, , g = 2, ...h] = i;)JS", R"JS(var{a,b:{c=1},...d}=e,[f,,g=2,...h]=i;)JS"},
    {false, R"JS(x = [, a, , ];)JS", R"JS(x=[,a,,];)JS"},
    {false, R"JS(t`a${b}\unicode`;)JS", R"JS(t`a${b}\unicode`;)JS"},
    {false, R"JS(("use strict");)JS", R"JS(("use strict");)JS"},
    {false, R"JS(function f() { "use strict"; 'a'; ("b"); })JS", R"JS(function f(){"use strict";'a';("b");})JS"},
    {false, R"JS(label: for (;;) continue label;)JS", R"JS(label:for(;;)continue label;)JS"},
    {false, R"JS(try {} catch {} finally {})JS", R"JS(try{}catch{}finally{})JS"},
    {false, R"JS(switch (a) { case 1: b(); default: })JS", R"JS(switch(a){case 1:b();default:})JS"},
    {false, R"JS(x = "\u2028\ud800'";)JS", R"JS(x="\u2028\ud800'";)JS"},
    {false, R"JS(x = 'a"b';)JS", R"JS(x='a"b';)JS"},
    {false, R"JS(x = 0x10 + 1_000 + 1e3 + .5 + 10n;)JS", R"JS(x=0x10+1_000+1e3+.5+10n;)JS"},
    {true, R"JS(export default (function () {});)JS", R"JS(export default(function(){});)JS"},
    {true, R"JS(export default (class {}).name;)JS", R"JS(export default(class{}).name;)JS"},
    {true, R"JS(export default async function () {})JS", R"JS(export default async function(){})JS"},
    {true, R"JS(import a, {b as c, "d e" as f} from "m"; export {c as "g h"}; export * as ns from "n";)JS", R"JS(import a,{b as c,"d e"as f}from"m";export{c as"g h"};export*as ns from"n";)JS"},
    {true, R"JS(x = (await y) ** 2;)JS", R"JS(x=(await y)**2;)JS"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.source);
    CHECK(CheckRoundTrip(c.source, c.module, true) == c.compact);
    CheckRoundTrip(c.source, c.module, false);
  }
}

TEST_CASE("printer: tricky programs round-trip in both modes") {
  struct Case {
    bool module;
    const char* source;
  };
  const Case cases[] = {
    {false, R"JS(x = (a, b) => c; x = (a = 1) => a; x = ([a]) => a; x = ({a}) => a; x = (...a) => a; x = async (a) => a; x = async(a); x = async (a, b) => a;)JS"},
    {false, R"JS((async () => {})(); (async function () {})(); new (class {})(); new (function () {})(); new (a())(); new (a?.b)(); new (import("x"))(); new (a.b().c)(); new a.b.c(); new (a.b.c)(); new new A()(); new (new A().b)(); new A().b; new (A().b)();)JS"},
    {false, R"JS((function () {}).call(); (class {}).name; ({}).x; ({} = x); [a] = b; ({a} = b); ({a}) => 1;)JS"},
    {false, R"JS((let)[0] = 1; (let); (let).x = 1; for ((let) in x); for ((let).x of y); for ((async) of x); for ((let) = 0;;); let.x;)JS"},
    {false, R"JS(a = b ? c : d ? e : f; (a ? b : c) ? d : e; a = (b, c); a = b ? (c, d) : e;)JS"},
    {false, R"JS(x => ({a: 1}); () => ({}).a; () => ({a} = b); () => [a] = b;)JS"},
    {false, R"JS((a || b)(); (a + b).c; (-a).b; (++a).b; (a++).b; typeof (() => {}); void (a, b); !function () {}(); a = function () {}();)JS"},
    {false, R"JS(for (var a = (b in c) ? d : e;;); for (let a = function () { return b in c; };;); for (a => (b in c);;); for (x of (a, b)); for (x in a, b); for (x = `${a in b}`;;); for ((a in b).c;;); for (x = [a in b];;); for (x = {y: a in b};;); for (x = f(a in b);;); for (var x = y, z = (a in b);;);)JS"},
    {false, R"JS(for (async of => {};;);)JS"},
    {false, R"JS(if (a) { if (b) c; } else d; if (a) if (b) c; else d; else e;)JS"},
    {false, R"JS(a: b: c; a: for (;;) { continue a; })JS"},
    {false, R"JS(x = a ? .5 : 1; x = 1..toString(); x = 1.0.toString(); x = 0.5.x; x = .5.x; x = 1e3.x; x = 0b1.x; x = 0x10.x; x = (1).x; x = 1 .x; x = 1_000 .x; x = 1.e3;)JS"},
    {false, R"JS(x = 01.x; x = 08 .x; x = 0777; x = 09.5;)JS"},
    {false, R"JS(x = "\u2028\u2029"; x = '"\''; x = "'"; x = '\0'; x = "\x41\u{1F600}\uD83D\uDE00\ud800"; x = 'a\
  b';)JS"},
    {false, R"JS(a = /[/]/.test(b); a = b / /c/; a = /x/ / 2; a = b /= /c/; a = /x/g in b; a = /x/ instanceof b; a = b / c / d; a = b / (c / d);)JS"},
    {false, R"JS(if (a) /re/.test(b); while (x) /a/g.exec(s); {} /re/.test(b); a = b
  /re/g.test(c);)JS"},
    {false, R"JS(a = b++ + +c; a = b + ++c; a = b - -c; a = - -b; a = -(-b); a = +-b; a = - +b; a = b-- - c; a = b - --c; a = b < !--c; a = b-- > c; a = b-- >= c; a = b-- >> c;)JS"},
    {false, R"JS(x = a ** -b; x = (-a) ** b; x = (a ** b) ** c; x = a ** b ** c; x = (+a) ** b; x = (typeof a) ** b; x = a ** (b * c); x = (a * b) ** c; x = (a++) ** b; x = (--a) ** b;)JS"},
    {false, R"JS(x = a ?? (b || c); x = (a && b) ?? c; x = a || (b ?? c); x = (a ?? b) && c; x = a ?? b ?? c; x = a ?? (b ?? c); x = (a, b) ?? c; x = (a ? b : c) ?? d; x = a ?? b ? c : d;)JS"},
    {false, R"JS(function* g() { x = yield a, b; (yield a) + 1; yield (a, b); yield yield a; f(yield); x = yield; x = (yield) ? 1 : 2; yield* a; x = yield a ? b : c; yield /re/; yield
  a; })JS"},
    {false, R"JS(async function f() { await (a, b); (await a)(); await a.b; await -a; (await a).b; await (async () => {})(); })JS"},
    {false, R"JS(class A extends (a, b) {} class B extends (a ? b : c) {} class C extends a.b {} class D extends f() {} class E extends (async () => {}) {} class F extends (class {}) {} class G extends (a || b) {} class H extends new A() {})JS"},
    {false, R"JS(class I { get; set; static; async; 'constructor'() {} static static() {} get get() {} set set(v) {} static async *[x]() {} 123() {} "a b" = 1; [c] = 2; #d; static #e() {} static async = 1; get
  x() {} static { var s; } 'x'; [y]; in; static *gen() {} })JS"},
    {false, R"JS(({if: 1, class: 2, "a": 3, 1: 4, 1.5: 5, 0x10: 6, [a]: 7, get: 8, set: 9, async: 10, get() {}, set() {}, async() {}, await: 11, *gen() {}, async *ag() {}, get [k]() {}, __proto__: null});)JS"},
    {false, R"JS(x = `a${b}c${d}`; x = `a${`b${c}`}`; a`x`; (a?.b)`x`; a.b`c`; new a`x`(); a`x``y`; x = `\n\r\u{41}\``; x = `${a, b}`; x = `${{}}`;)JS"},
    {false, R"JS(function h() { 'use strict'; "a"; } ("use strict"); a; "b"; ('c');)JS"},
    {false, R"JS(function k() { "a"; ("b"); })JS"},
    {false, R"JS(if (a) function f() {})JS"},
    {false, R"JS(x = class { static { } };)JS"},
    {false, R"JS(a, b; (a, b), c; a = (b, c), d;)JS"},
    {false, R"JS(a?.b.c(); (a?.b.c)(); a?.b?.(); (a?.b)?.c; a?.[b]; (a?.b)[c]; delete a?.b; (a?.b).c(); a?.b.c.d?.e; (a?.())(); a?.().b;)JS"},
    {false, R"JS(throw a, b;)JS"},
    {false, R"JS(x = {a: 1}.a; x = function () {}.call(); x = class {}.name;)JS"},
    {false, R"JS(x = a ? b => c : d => e; x = (a => b) ? c : d; x = a || (b => c); x = (a) => (b) => c; x = a => b ? c : d; x = a => (b, c); x = a => { return b; };)JS"},
    {false, R"JS(x = -0; x = - 0; x = ~-a; x = !(a && b); x = !a && b; x = -(a + b); x = (-a) + b;)JS"},
    {false, R"JS(x = a in b; x = !(a in b); x = (a, b) in c; x = a instanceof b; x = !(a instanceof b);)JS"},
    {false, R"JS(x = a = b; x = (a = b); (a = b).c; x = a += b; x = a ? b = c : d = e;)JS"},
    {false, R"JS(x = a < b < c; x = a < (b < c); x = a == b != c; x = a - (b - c); x = a - b - c; x = a / (b * c); x = a * b / c; x = a + (b + c); x = (a + b) + c; x = a + "" + b;)JS"},
    {false, R"JS(x = a | b ^ c & d; x = (a | b) ^ c; x = a << b >> c >>> d; x = a >>> (b << c);)JS"},
    {false, R"JS(x = new A; x = new A.B(); x = new (A.B()); x = new (A())(); x = new A()(); x = new (A()());)JS"},
    {false, R"JS(x = a.b.c; x = a[b][c]; x = a["b"]; x = a[b, c]; x = a[(b, c)];)JS"},
    {false, R"JS(x = typeof typeof a; x = void void a; x = delete delete a; x = !!a; x = ~~a; x = -~a;)JS"},
    {false, R"JS(x = [, a, , b, ,]; x = [,]; x = [, ,]; x = [...a, ...b]; x = [a, ...b, c];)JS"},
    {false, R"JS(var {a, b: {c, d = 1}, ...e} = f, [g, , h = 2, ...i] = j;)JS"},
    {false, R"JS(label: { break label; })JS"},
    {false, R"JS(do x(); while (y) z();)JS"},
    {false, R"JS(switch (a) { } switch (a) { default: } switch (a) { case 1: case 2: b; })JS"},
    {false, R"JS(try { } catch (e) { } try { } finally { } try { } catch { } finally { })JS"},
    {false, R"JS(with (a) b; with (a) { })JS"},
    {false, R"JS(x = this; x = null; x = true; x = false; x = undefined;)JS"},
    {false, R"JS(var \u0061b = 1; x = \u0061b; x = a.\u0062;)JS"},
    {false, R"JS(x = "\u{10FFFF}"; x = "😀"; x = 'é'; x = ab\u00e9;
)JS"},
    {true, R"JS(export default async function () {} )JS"},
    {true, R"JS(export default function* () {})JS"},
    {true, R"JS(export default (async function () {});)JS"},
    {true, R"JS(export default (class {});)JS"},
    {true, R"JS(export default (a, b);)JS"},
    {true, R"JS(export default a = b;)JS"},
    {true, R"JS(export default {};)JS"},
    {true, R"JS(export default class A {})JS"},
    {true, R"JS(export default function f() {})JS"},
    {true, R"JS(export default (function () {}).call();)JS"},
    {true, R"JS(export default (class {}).name;)JS"},
    {true, R"JS(export default async () => {};)JS"},
    {true, R"JS(export default [];)JS"},
    {true, R"JS(export { default } from "m"; export { default as x } from "m"; import { default as y } from "m";)JS"},
    {true, R"JS(import {a as b, c} from "m"; export {b, c as d}; export * as e from "n"; export * as "f g" from "o"; export {"h i" as "j k"} from "p"; import {"l m" as n} from "q"; export {n as "o p"};)JS"},
    {true, R"JS(x = (await y) ** 2; await (a, b); for await (const x of y); x = import.meta.url; import("x"); x = await import("y");)JS"},
    {true, R"JS(export let l1 = 1, l2; export var v; export const c1 = 1; export class C {} export function f() {} export async function af() {} export function* gf() {}
)JS"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.source);
    CheckRoundTrip(c.source, c.module, true);
    CheckRoundTrip(c.source, c.module, false);
  }
}

TEST_CASE("printer: readable mode indents by two spaces, one statement per line") {
  const char* source = R"("use strict";
import_();
function f(a, {b, c = 1}, ...d) {
  if (a) { return b; } else if (c) return; else { throw d; }
}
class A extends B {
  static x = 1;
  constructor() { super(); }
  get y() { return this.#z; }
  #z = 2;
  static { init(); }
}
switch (x) { case 1: case 2: y(); break; default: z(); }
try { a(); } catch (e) { b(e); } finally { c(); }
for (let i = 0, n = a.length; i < n; i++) { if (!a[i]) continue; }
do { x--; } while (x > 0);
label: while (true) break label;
const g = async (x) => { await x; }, h = x => x * 2;
obj = {a: 1, b, [c]: d, m() {}, ...rest};
)";
  CHECK(CheckRoundTrip(source, false, false) == R"("use strict";
import_();
function f(a, {b, c = 1}, ...d) {
  if (a) {
    return b;
  } else if (c) return;
  else {
    throw d;
  }
}
class A extends B {
  static x = 1;
  constructor() {
    super();
  }
  get y() {
    return this.#z;
  }
  #z = 2;
  static {
    init();
  }
}
switch (x) {
  case 1:
  case 2:
    y();
    break;
  default:
    z();
}
try {
  a();
} catch (e) {
  b(e);
} finally {
  c();
}
for (let i = 0, n = a.length; i < n; i++) {
  if (!a[i]) continue;
}
do {
  x--;
} while (x > 0);
label: while (true) break label;
const g = async x => {
  await x;
}, h = x => x * 2;
obj = {a: 1, b, [c]: d, m() {}, ...rest};
)");
}

TEST_CASE("printer: numbers made by a transform") {
  Arena arena;
  auto* minus_one = Num(arena, -1);
  Program* p = ProgramOf(
      arena, {ExprStmt(arena, Binary(arena, Op::kSub, Id(arena, "a"), minus_one)),
              ExprStmt(arena, Binary(arena, Op::kExp, minus_one, Num(arena, 2))),
              ExprStmt(arena, Member(arena, minus_one, "x")),
              ExprStmt(arena, Member(arena, Num(arena, 5), "x")),
              ExprStmt(arena, Member(arena, Num(arena, 0.5), "x")),
              ExprStmt(arena, Binary(arena, Op::kAdd, Num(arena, std::nan("")), Num(arena, HUGE_VAL))),
              ExprStmt(arena, Binary(arena, Op::kSub, Num(arena, -HUGE_VAL), Num(arena, -0.0))),
              ExprStmt(arena, Num(arena, 1e21)),
              // A raw that no longer matches the value is not used.
              ExprStmt(arena, Num(arena, 2, "1")),
              ExprStmt(arena, Num(arena, 16, "0x10")),
              ExprStmt(arena, Num(arena, 15, "0o17")),
              ExprStmt(arena, Num(arena, 15, "017")),
              ExprStmt(arena, Num(arena, 1000, "1_000")),
              ExprStmt(arena, Num(arena, 0.001, "1e-3"))});
  CHECK(PrintCompact(p) ==
        "a- -1;(-1)**2;(-1).x;5 .x;0.5.x;(0/0)+1e999;-1e999- -0;1e+21;2;0x10;0o17;017;1_000;1e-3;");
}

TEST_CASE("printer: strings made by a transform are escaped") {
  Arena arena;
  Program* p = ProgramOf(
      arena,
      {ExprStmt(arena, Binary(arena, Op::kAdd, Str(arena, "it's"), Str(arena, "say \"hi\""))),
       ExprStmt(arena, Binary(arena, Op::kAdd, Str(arena, "\"'\""), Str(arena, "a\\b\n\r\t\b\f\v"))),
       // U+2028, U+2029, a lone surrogate, a NUL and another control, DEL, non-ASCII kept.
       ExprStmt(arena, Binary(arena, Op::kAdd, Str(arena, "\xE2\x80\xA8\xE2\x80\xA9\xED\xB0\x80"),
                              Str(arena, std::string_view("\0\x1f\x7f\xC3\xA9\xF0\x9F\x98\x80", 9)))),
       // Raw text that spells the value is kept; raw text that does not is replaced.
       ExprStmt(arena, Binary(arena, Op::kAdd, Str(arena, "a", "'\\x61'"), Str(arena, "b", "'a'")))});
  std::string out = PrintCompact(p);
  CHECK(out == R"("it's"+'say "hi"';'"\'"'+"a\\b\n\r\t\b\f\v";"\u2028\u2029\uDC00"+"\x00\x1F\x7F)"
                "\xC3\xA9\xF0\x9F\x98\x80" R"(";'\x61'+"b";)");
  // Each printed string parses back to its value.
  Arena arena2;
  Program* again = MustParse(out, false, arena2);
  REQUIRE(again);
  CHECK(ToEstreeJson(again).find(R"("value":"\"'\"")") != std::string::npos);
  auto* third = again->body[2]->As<ExpressionStatement>()->expression->As<BinaryExpression>();
  CHECK(third->left->As<Literal>()->string == "\xE2\x80\xA8\xE2\x80\xA9\xED\xB0\x80");
  CHECK(third->right->As<Literal>()->string ==
        std::string_view("\0\x1f\x7f\xC3\xA9\xF0\x9F\x98\x80", 9));
}

TEST_CASE("printer: trees only a transform makes still print correctly") {
  Arena arena;
  // if (a) if (b) c; else d;  with the else on the OUTER if: braces keep it there.
  auto* inner = arena.New<IfStatement>();
  inner->test = Id(arena, "b");
  inner->consequent = ExprStmt(arena, Id(arena, "c"));
  auto* outer = arena.New<IfStatement>();
  outer->test = Id(arena, "a");
  outer->consequent = inner;
  outer->alternate = ExprStmt(arena, Id(arena, "d"));
  // {a: b} marked shorthand: the names differ, so it is printed in full.
  auto* prop = arena.New<Property>();
  prop->key = Id(arena, "a");
  prop->value = Id(arena, "b");
  prop->shorthand = true;
  auto* object = arena.New<ObjectExpression>();
  object->properties = List<Node>(arena, {prop});
  auto* assign = arena.New<AssignmentExpression>();
  assign->left = Id(arena, "x");
  assign->right = object;
  // A directive without raw text, and a string statement that is not a directive.
  auto* directive = arena.New<ExpressionStatement>();
  directive->expression = Str(arena, "use strict");
  directive->is_directive = true;
  directive->directive = "use strict";
  Program* p = ProgramOf(arena, {directive, ExprStmt(arena, Str(arena, "not a directive")), outer,
                                 ExprStmt(arena, assign)});
  CHECK(PrintCompact(p) == R"("use strict";("not a directive");if(a){if(b)c;}else d;x={a:b};)");
}

TEST_CASE("printer: source maps point statements and expressions at their input positions") {
  // CRLF and U+2028 end lines; the emoji is two UTF-16 units wide on both sides.
  std::string source = "var a = \"\xF0\x9F\x98\x80\"; b;\r\nc\xE2\x80\xA8" "d;";
  Arena arena;
  Program* program = MustParse(source, false, arena);
  REQUIRE(program);
  PrintOptions options;
  options.source_map = true;
  PrintResult readable = Print(program, source, options);
  CHECK(readable.code == "var a = \"\xF0\x9F\x98\x80\";\nb;\nc;\nd;\n");
  struct M {
    uint32_t gl, gc, ol, oc;
  };
  auto check = [](const std::vector<Mapping>& got, std::vector<M> want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      CAPTURE(i);
      CHECK(got[i].generated_line == want[i].gl);
      CHECK(got[i].generated_column == want[i].gc);
      CHECK(got[i].original_line == want[i].ol);
      CHECK(got[i].original_column == want[i].oc);
    }
  };
  check(readable.mappings, {{0, 0, 0, 0}, {0, 4, 0, 4}, {0, 8, 0, 8}, {1, 0, 0, 14}, {2, 0, 1, 0},
                            {3, 0, 2, 0}});
  options.compact = true;
  PrintResult compact = Print(program, source, options);
  CHECK(compact.code == "var a=\"\xF0\x9F\x98\x80\";b;c;d;");
  check(compact.mappings, {{0, 0, 0, 0}, {0, 4, 0, 4}, {0, 6, 0, 8}, {0, 11, 0, 14}, {0, 13, 1, 0},
                           {0, 15, 2, 0}});
  CHECK(SourceMapJson(compact.mappings, "out.js", "in.js") ==
        R"({"version":3,"file":"out.js","sources":["in.js"],"names":[],"mappings":"AAAA,IAAI,EAAI,KAAM,EACd,EACA"})");
  CHECK(SourceMapJson(readable.mappings, "out.js", "in.js") ==
        R"({"version":3,"file":"out.js","sources":["in.js"],"names":[],"mappings":"AAAA,IAAI,IAAI;AAAM;AACd;AACA"})");
  // No mappings unless asked for.
  CHECK(Print(program, source, {}).mappings.empty());
}

TEST_CASE("printer: nodes made by a transform (no position) get no mapping") {
  Arena arena;
  auto* call = arena.New<CallExpression>();
  call->callee = Id(arena, "f");
  call->start = 3;  // a node from the input
  call->end = 6;
  Program* p = ProgramOf(arena, {ExprStmt(arena, call)});
  PrintOptions options;
  options.source_map = true;
  PrintResult r = Print(p, "// f()\n", options);
  CHECK(r.code == "f();\n");
  REQUIRE(r.mappings.size() == 1);
  CHECK(r.mappings[0].generated_column == 0);
  CHECK(r.mappings[0].original_column == 3);
}

TEST_CASE("source map: VLQ fields, line breaks and unsorted input") {
  std::vector<Mapping> mappings = {
      {0, 0, 0, 0}, {0, 5, 1, 2}, {1, 0, 2, 0}, {3, 1000, 0, 1000}, {3, 1, 40, 17}};
  // Unsorted input is sorted by generated position; line 2 has no segment.
  CHECK(SourceMapJson(mappings, "a \"b\".js", "src\\x.js") ==
        R"({"version":3,"file":"a \"b\".js","sources":["src\\x.js"],"names":[],"mappings":"AAAA,KACE;AACF;;CAsCiB,u+BAxCu9B"})");
  CHECK(SourceMapJson({}, "o.js", "i.js") ==
        R"({"version":3,"file":"o.js","sources":["i.js"],"names":[],"mappings":""})");
}

// ESTree JSON output (instrument/estree.cc): the exact text JSON.stringify prints for acorn's
// tree (ecmaVersion 2022), start/end removed. The expected strings were produced by acorn 8.19:
//   JSON.stringify(acorn.parse(src, {ecmaVersion: 2022, sourceType}),
//                  (k, v) => k === 'start' || k === 'end' ? undefined
//                          : typeof v === 'bigint' ? null : v)
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <string_view>

#include "instrument/arena.h"
#include "instrument/ast.h"
#include "instrument/estree.h"
#include "instrument/parser.h"

namespace {

using namespace thingsjs::instrument;

std::string Js(double value) {
  std::string s;
  AppendJsNumber(s, value);
  return s;
}

template <typename T>
NodeList<T> MakeList(Arena& arena, std::initializer_list<T*> items) {
  NodeList<T> list;
  list.size = static_cast<uint32_t>(items.size());
  list.items = arena.CopyArray(items.begin(), items.size());
  return list;
}

Literal* MakeLiteral(Arena& arena, LiteralKind kind, std::string_view raw) {
  auto* lit = arena.New<Literal>();
  lit->literal_kind = kind;
  lit->raw = raw;
  return lit;
}

ExpressionStatement* Stmt(Arena& arena, Node* expression) {
  auto* s = arena.New<ExpressionStatement>();
  s->expression = expression;
  return s;
}

std::string ParseToJson(std::string_view source, bool module, Arena& arena) {
  ParseOptions options;
  options.module = module;
  ParseResult result = Parse(source, arena, options);
  if (!result.program) return "syntax error: " + result.error->message;
  return ToEstreeJson(result.program);
}

}  // namespace

TEST_CASE("estree: numbers print as Number.prototype.toString prints them") {
  struct Case {
    double value;
    const char* text;
  };
  const Case cases[] = {
      {0e+0, "0"},
      {-0.0, "0"},
      {1e+0, "1"},
      {-1e+0, "-1"},
      {1.5e+0, "1.5"},
      {1e-1, "0.1"},
      {3.0000000000000004e-1, "0.30000000000000004"},
      {1e+21, "1e+21"},
      {1e+20, "100000000000000000000"},
      {1.2345678901234568e+20, "123456789012345680000"},
      {1.5e-7, "1.5e-7"},
      {1e-6, "0.000001"},
      {1e-7, "1e-7"},
      {5e-324, "5e-324"},
      {1.7976931348623157e+308, "1.7976931348623157e+308"},
      {9.007199254740992e+15, "9007199254740992"},
      {1.23456e+2, "123.456"},
      {-1.5e+300, "-1.5e+300"},
      {3.333333333333333e-1, "0.3333333333333333"},
      {1e+2, "100"},
      {5e-7, "5e-7"},
      {1.2345e-6, "0.0000012345"},
      {1.5e-323, "1.5e-323"},
      {1e+301, "1e+301"},
      {std::nan(""), "NaN"},
      {HUGE_VAL, "Infinity"},
      {-HUGE_VAL, "-Infinity"},
      {4.35e+0, "4.35"},
      {9.95e+0, "9.95"},
      {1.2345678901234568e+18, "1234567890123456800"},
      {1.23e-4, "0.000123"},
      {2.5e-5, "0.000025"},
      {9.999999999999999e+20, "999999999999999900000"},
      {1.0000000000000005e+15, "1000000000000000.5"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(Js(c.value) == c.text);
  }
  char buf[40];
  CHECK(std::string(buf, FormatJsNumber(-1e-7, buf)) == "-1e-7");
}

TEST_CASE("estree: literal values as JSON.stringify shows them") {
  Arena arena;
  auto* str = MakeLiteral(arena, LiteralKind::kString, R"("\ud800\x01\x7f\u2028\"\\\n\t")");
  // A lone surrogate (WTF-8), a control, DEL, U+2028, quote, backslash, LF, TAB.
  str->string = "\xED\xA0\x80\x01\x7F\xE2\x80\xA8\"\\\n\t";
  auto* pair = MakeLiteral(arena, LiteralKind::kString, R"("\ud83d\ude00")");
  pair->string = "\xED\xA0\xBD\xED\xB8\x80";  // a pair written as two 3-byte sequences: joined
  auto* regex = MakeLiteral(arena, LiteralKind::kRegExp, "/a\\/b[/]/gi");
  regex->regex_pattern = "a\\/b[/]";
  regex->regex_flags = "gi";
  auto* hex_bigint = MakeLiteral(arena, LiteralKind::kBigInt, "0x1F_FFn");
  hex_bigint->bigint = "0x1FFF";
  auto* big_bigint = MakeLiteral(arena, LiteralKind::kBigInt, "0b1111111111111111111111111111111111111111111111111111111111111111111111n");
  auto* dec_bigint = MakeLiteral(arena, LiteralKind::kBigInt, "1_000n");
  auto* huge = MakeLiteral(arena, LiteralKind::kNumber, "1e400");
  huge->number = HUGE_VAL;
  auto* num = MakeLiteral(arena, LiteralKind::kNumber, "1e21");
  num->number = 1e21;
  auto* boolean = MakeLiteral(arena, LiteralKind::kBoolean, "true");
  boolean->boolean = true;
  auto* null = MakeLiteral(arena, LiteralKind::kNull, "null");

  auto* program = arena.New<Program>();
  program->body = MakeList<Node>(arena, {Stmt(arena, str), Stmt(arena, pair), Stmt(arena, regex),
                                         Stmt(arena, hex_bigint), Stmt(arena, big_bigint),
                                         Stmt(arena, dec_bigint), Stmt(arena, huge),
                                         Stmt(arena, num), Stmt(arena, boolean),
                                         Stmt(arena, null)});
  std::string json = ToEstreeJson(program);
  CHECK(json ==
        std::string(R"({"type":"Program","body":[)") +
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":"\ud800\u0001)" "\x7F\xE2\x80\xA8" R"(\"\\\n\t","raw":"\"\\ud800\\x01\\x7f\\u2028\\\"\\\\\\n\\t\""}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":")" "\xF0\x9F\x98\x80" R"(","raw":"\"\\ud83d\\ude00\""}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":{},"raw":"/a\\/b[/]/gi","regex":{"pattern":"a\\/b[/]","flags":"gi"}}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":null,"raw":"0x1F_FFn","bigint":"8191"}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":null,"raw":"0b1111111111111111111111111111111111111111111111111111111111111111111111n","bigint":"1180591620717411303423"}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":null,"raw":"1_000n","bigint":"1000"}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":null,"raw":"1e400"}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":1e+21,"raw":"1e21"}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":true,"raw":"true"}},)"
            R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":null,"raw":"null"}}],"sourceType":"script"})");
}

TEST_CASE("estree: template elements, directives and null children") {
  Arena arena;
  auto* bad = arena.New<TemplateElement>();
  bad->raw = "\\unicode";
  bad->cooked_valid = false;
  bad->tail = true;
  auto* quasi = arena.New<TemplateLiteral>();
  quasi->quasis = MakeList<TemplateElement>(arena, {bad});
  auto* tag = arena.New<Identifier>();
  tag->name = "t";
  auto* tagged = arena.New<TaggedTemplateExpression>();
  tagged->tag = tag;
  tagged->quasi = quasi;

  auto* directive = Stmt(arena, MakeLiteral(arena, LiteralKind::kString, "'use\\x20strict'"));
  directive->expression->As<Literal>()->string = "use strict";
  directive->is_directive = true;
  directive->directive = "use\\x20strict";

  auto* ret = arena.New<ReturnStatement>();
  auto* fn = arena.New<FunctionDeclaration>();
  auto* id = arena.New<Identifier>();
  id->name = "f";
  fn->id = id;
  auto* body = arena.New<BlockStatement>();
  body->body = MakeList<Node>(arena, {ret});
  fn->body = body;

  auto* program = arena.New<Program>();
  program->is_module = true;
  program->body = MakeList<Node>(arena, {directive, Stmt(arena, tagged), fn});
  CHECK(ToEstreeJson(program) ==
        R"({"type":"Program","body":[)"
        R"({"type":"ExpressionStatement","expression":{"type":"Literal","value":"use strict","raw":"'use\\x20strict'"},"directive":"use\\x20strict"},)"
        R"({"type":"ExpressionStatement","expression":{"type":"TaggedTemplateExpression","tag":{"type":"Identifier","name":"t"},"quasi":{"type":"TemplateLiteral","expressions":[],"quasis":[{"type":"TemplateElement","value":{"raw":"\\unicode","cooked":null},"tail":true}]}}},)"
        R"({"type":"FunctionDeclaration","id":{"type":"Identifier","name":"f"},"expression":false,"generator":false,"async":false,"params":[],"body":{"type":"BlockStatement","body":[{"type":"ReturnStatement","argument":null}]}}],"sourceType":"module"})");
}

TEST_CASE("estree: pretty output is JSON.stringify(tree, null, 2)") {
  Arena arena;
  auto* key = arena.New<Identifier>();
  key->name = "a";
  auto* value = MakeLiteral(arena, LiteralKind::kNumber, "1");
  value->number = 1;
  auto* prop = arena.New<Property>();
  prop->key = key;
  prop->value = value;
  auto* empty = arena.New<ArrayExpression>();
  auto* prop2 = arena.New<Property>();
  auto* key2 = arena.New<Identifier>();
  key2->name = "b";
  prop2->key = key2;
  prop2->value = empty;
  auto* object = arena.New<ObjectExpression>();
  object->properties = MakeList<Node>(arena, {prop, prop2});
  auto* program = arena.New<Program>();
  program->body = MakeList<Node>(arena, {Stmt(arena, object)});
  CHECK(ToEstreeJson(program, true) == R"({
  "type": "Program",
  "body": [
    {
      "type": "ExpressionStatement",
      "expression": {
        "type": "ObjectExpression",
        "properties": [
          {
            "type": "Property",
            "method": false,
            "shorthand": false,
            "computed": false,
            "key": {
              "type": "Identifier",
              "name": "a"
            },
            "value": {
              "type": "Literal",
              "value": 1,
              "raw": "1"
            },
            "kind": "init"
          },
          {
            "type": "Property",
            "method": false,
            "shorthand": false,
            "computed": false,
            "key": {
              "type": "Identifier",
              "name": "b"
            },
            "value": {
              "type": "ArrayExpression",
              "elements": []
            },
            "kind": "init"
          }
        ]
      }
    }
  ],
  "sourceType": "script"
})");
}

TEST_CASE("estree: parsed programs serialize exactly as acorn's") {
  struct Case {
    bool module;
    const char* source;
    const char* json;
  };
  const Case cases[] = {
    {false, R"JS("use strict"; 'a\x20b'; l: for (;;) break l;)JS",
     R"JSON({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"Literal","value":"use strict","raw":"\"use strict\""},"directive":"use strict"},{"type":"ExpressionStatement","expression":{"type":"Literal","value":"a b","raw":"'a\\x20b'"},"directive":"a\\x20b"},{"type":"LabeledStatement","body":{"type":"ForStatement","init":null,"test":null,"update":null,"body":{"type":"BreakStatement","label":{"type":"Identifier","name":"l"}}},"label":{"type":"Identifier","name":"l"}}],"sourceType":"script"})JSON"},
    {false, R"JS(x = {a, b: 1, get c() {}, set c(v) {}, [d]() {}, async *e() {}, ...f};)JS",
     R"JSON({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"=","left":{"type":"Identifier","name":"x"},"right":{"type":"ObjectExpression","properties":[{"type":"Property","method":false,"shorthand":true,"computed":false,"key":{"type":"Identifier","name":"a"},"value":{"type":"Identifier","name":"a"},"kind":"init"},{"type":"Property","method":false,"shorthand":false,"computed":false,"key":{"type":"Identifier","name":"b"},"value":{"type":"Literal","value":1,"raw":"1"},"kind":"init"},{"type":"Property","method":false,"shorthand":false,"computed":false,"key":{"type":"Identifier","name":"c"},"value":{"type":"FunctionExpression","id":null,"expression":false,"generator":false,"async":false,"params":[],"body":{"type":"BlockStatement","body":[]}},"kind":"get"},{"type":"Property","method":false,"shorthand":false,"computed":false,"key":{"type":"Identifier","name":"c"},"value":{"type":"FunctionExpression","id":null,"expression":false,"generator":false,"async":false,"params":[{"type":"Identifier","name":"v"}],"body":{"type":"BlockStatement","body":[]}},"kind":"set"},{"type":"Property","method":true,"shorthand":false,"computed":true,"key":{"type":"Identifier","name":"d"},"value":{"type":"FunctionExpression","id":null,"expression":false,"generator":false,"async":false,"params":[],"body":{"type":"BlockStatement","body":[]}},"kind":"init"},{"type":"Property","method":true,"shorthand":false,"computed":false,"key":{"type":"Identifier","name":"e"},"value":{"type":"FunctionExpression","id":null,"expression":false,"generator":true,"async":true,"params":[],"body":{"type":"BlockStatement","body":[]}},"kind":"init"},{"type":"SpreadElement","argument":{"type":"Identifier","name":"f"}}]}}}],"sourceType":"script"})JSON"},
    {false, R"JS(class A extends B { static x = 1; #y; static {} constructor() { super(); } get z() { return #y in this; } })JS",
     R"JSON({"type":"Program","body":[{"type":"ClassDeclaration","id":{"type":"Identifier","name":"A"},"superClass":{"type":"Identifier","name":"B"},"body":{"type":"ClassBody","body":[{"type":"PropertyDefinition","static":true,"computed":false,"key":{"type":"Identifier","name":"x"},"value":{"type":"Literal","value":1,"raw":"1"}},{"type":"PropertyDefinition","static":false,"computed":false,"key":{"type":"PrivateIdentifier","name":"y"},"value":null},{"type":"StaticBlock","body":[]},{"type":"MethodDefinition","static":false,"computed":false,"key":{"type":"Identifier","name":"constructor"},"kind":"constructor","value":{"type":"FunctionExpression","id":null,"expression":false,"generator":false,"async":false,"params":[],"body":{"type":"BlockStatement","body":[{"type":"ExpressionStatement","expression":{"type":"CallExpression","callee":{"type":"Super"},"arguments":[],"optional":false}}]}}},{"type":"MethodDefinition","static":false,"computed":false,"key":{"type":"Identifier","name":"z"},"kind":"get","value":{"type":"FunctionExpression","id":null,"expression":false,"generator":false,"async":false,"params":[],"body":{"type":"BlockStatement","body":[{"type":"ReturnStatement","argument":{"type":"BinaryExpression","left":{"type":"PrivateIdentifier","name":"y"},"operator":"in","right":{"type":"ThisExpression"}}}]}}}]}}],"sourceType":"script"})JSON"},
    {false, R"JS(a?.b(); (a?.b).c; a?.[0]?.(1);)JS",
     R"JSON({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"ChainExpression","expression":{"type":"CallExpression","callee":{"type":"MemberExpression","object":{"type":"Identifier","name":"a"},"property":{"type":"Identifier","name":"b"},"computed":false,"optional":true},"arguments":[],"optional":false}}},{"type":"ExpressionStatement","expression":{"type":"MemberExpression","object":{"type":"ChainExpression","expression":{"type":"MemberExpression","object":{"type":"Identifier","name":"a"},"property":{"type":"Identifier","name":"b"},"computed":false,"optional":true}},"property":{"type":"Identifier","name":"c"},"computed":false,"optional":false}},{"type":"ExpressionStatement","expression":{"type":"ChainExpression","expression":{"type":"CallExpression","callee":{"type":"MemberExpression","object":{"type":"Identifier","name":"a"},"property":{"type":"Literal","value":0,"raw":"0"},"computed":true,"optional":true},"arguments":[{"type":"Literal","value":1,"raw":"1"}],"optional":true}}}],"sourceType":"script"})JSON"},
    {false, R"JS(tag`\unicode${x}\n`; `a${b}c`;)JS",
     R"JSON({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"TaggedTemplateExpression","tag":{"type":"Identifier","name":"tag"},"quasi":{"type":"TemplateLiteral","expressions":[{"type":"Identifier","name":"x"}],"quasis":[{"type":"TemplateElement","value":{"raw":"\\unicode","cooked":null},"tail":false},{"type":"TemplateElement","value":{"raw":"\\n","cooked":"\n"},"tail":true}]}}},{"type":"ExpressionStatement","expression":{"type":"TemplateLiteral","expressions":[{"type":"Identifier","name":"b"}],"quasis":[{"type":"TemplateElement","value":{"raw":"a","cooked":"a"},"tail":false},{"type":"TemplateElement","value":{"raw":"c","cooked":"c"},"tail":true}]}}],"sourceType":"script"})JSON"},
    {false, R"JS(/re[/]/gi; 0x1fn; 1_000n; 1e21; 1e-7; 0.1; "\ud800\0\u001f\u2028\"\\";)JS",
     R"JSON({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"Literal","value":{},"raw":"/re[/]/gi","regex":{"pattern":"re[/]","flags":"gi"}}},{"type":"ExpressionStatement","expression":{"type":"Literal","value":null,"raw":"0x1fn","bigint":"31"}},{"type":"ExpressionStatement","expression":{"type":"Literal","value":null,"raw":"1_000n","bigint":"1000"}},{"type":"ExpressionStatement","expression":{"type":"Literal","value":1e+21,"raw":"1e21"}},{"type":"ExpressionStatement","expression":{"type":"Literal","value":1e-7,"raw":"1e-7"}},{"type":"ExpressionStatement","expression":{"type":"Literal","value":0.1,"raw":"0.1"}},{"type":"ExpressionStatement","expression":{"type":"Literal","value":"\ud800\u0000\u001f \"\\","raw":"\"\\ud800\\0\\u001f\\u2028\\\"\\\\\""}}],"sourceType":"script"})JSON"},
    {true, R"JS(import a, {"c d" as b, e} from "m"; import * as ns from 'n'; export * as q from "x"; export {a as "z"}; export default class {} import.meta; import("y");)JS",
     R"JSON({"type":"Program","body":[{"type":"ImportDeclaration","specifiers":[{"type":"ImportDefaultSpecifier","local":{"type":"Identifier","name":"a"}},{"type":"ImportSpecifier","imported":{"type":"Literal","value":"c d","raw":"\"c d\""},"local":{"type":"Identifier","name":"b"}},{"type":"ImportSpecifier","imported":{"type":"Identifier","name":"e"},"local":{"type":"Identifier","name":"e"}}],"source":{"type":"Literal","value":"m","raw":"\"m\""}},{"type":"ImportDeclaration","specifiers":[{"type":"ImportNamespaceSpecifier","local":{"type":"Identifier","name":"ns"}}],"source":{"type":"Literal","value":"n","raw":"'n'"}},{"type":"ExportAllDeclaration","exported":{"type":"Identifier","name":"q"},"source":{"type":"Literal","value":"x","raw":"\"x\""}},{"type":"ExportNamedDeclaration","declaration":null,"specifiers":[{"type":"ExportSpecifier","local":{"type":"Identifier","name":"a"},"exported":{"type":"Literal","value":"z","raw":"\"z\""}}],"source":null},{"type":"ExportDefaultDeclaration","declaration":{"type":"ClassDeclaration","id":null,"superClass":null,"body":{"type":"ClassBody","body":[]}}},{"type":"ExpressionStatement","expression":{"type":"MetaProperty","meta":{"type":"Identifier","name":"import"},"property":{"type":"Identifier","name":"meta"}}},{"type":"ExpressionStatement","expression":{"type":"ImportExpression","source":{"type":"Literal","value":"y","raw":"\"y\""}}}],"sourceType":"module"})JSON"},
    {false, R"JS(async function* f({a = 1, b: [c, , d], ...e}, ...g) { for await (const x of y); yield* z; await w; })JS",
     R"JSON({"type":"Program","body":[{"type":"FunctionDeclaration","id":{"type":"Identifier","name":"f"},"expression":false,"generator":true,"async":true,"params":[{"type":"ObjectPattern","properties":[{"type":"Property","method":false,"shorthand":true,"computed":false,"key":{"type":"Identifier","name":"a"},"value":{"type":"AssignmentPattern","left":{"type":"Identifier","name":"a"},"right":{"type":"Literal","value":1,"raw":"1"}},"kind":"init"},{"type":"Property","method":false,"shorthand":false,"computed":false,"key":{"type":"Identifier","name":"b"},"value":{"type":"ArrayPattern","elements":[{"type":"Identifier","name":"c"},null,{"type":"Identifier","name":"d"}]},"kind":"init"},{"type":"RestElement","argument":{"type":"Identifier","name":"e"}}]},{"type":"RestElement","argument":{"type":"Identifier","name":"g"}}],"body":{"type":"BlockStatement","body":[{"type":"ForOfStatement","await":true,"left":{"type":"VariableDeclaration","declarations":[{"type":"VariableDeclarator","id":{"type":"Identifier","name":"x"},"init":null}],"kind":"const"},"right":{"type":"Identifier","name":"y"},"body":{"type":"EmptyStatement"}},{"type":"ExpressionStatement","expression":{"type":"YieldExpression","delegate":true,"argument":{"type":"Identifier","name":"z"}}},{"type":"ExpressionStatement","expression":{"type":"AwaitExpression","argument":{"type":"Identifier","name":"w"}}}]}}],"sourceType":"script"})JSON"},
    {false, R"JS(switch (x) { case 1: y(); default: } try {} catch {} finally {} try {} catch ([e]) {})JS",
     R"JSON({"type":"Program","body":[{"type":"SwitchStatement","discriminant":{"type":"Identifier","name":"x"},"cases":[{"type":"SwitchCase","consequent":[{"type":"ExpressionStatement","expression":{"type":"CallExpression","callee":{"type":"Identifier","name":"y"},"arguments":[],"optional":false}}],"test":{"type":"Literal","value":1,"raw":"1"}},{"type":"SwitchCase","consequent":[],"test":null}]},{"type":"TryStatement","block":{"type":"BlockStatement","body":[]},"handler":{"type":"CatchClause","param":null,"body":{"type":"BlockStatement","body":[]}},"finalizer":{"type":"BlockStatement","body":[]}},{"type":"TryStatement","block":{"type":"BlockStatement","body":[]},"handler":{"type":"CatchClause","param":{"type":"ArrayPattern","elements":[{"type":"Identifier","name":"e"}]},"body":{"type":"BlockStatement","body":[]}},"finalizer":null}],"sourceType":"script"})JSON"},
    {false, R"JS(for (var i in o); for (let [k, v] of m) continue; do ; while (0) if (a) b; else c; with (o) {} debugger;)JS",
     R"JSON({"type":"Program","body":[{"type":"ForInStatement","left":{"type":"VariableDeclaration","declarations":[{"type":"VariableDeclarator","id":{"type":"Identifier","name":"i"},"init":null}],"kind":"var"},"right":{"type":"Identifier","name":"o"},"body":{"type":"EmptyStatement"}},{"type":"ForOfStatement","await":false,"left":{"type":"VariableDeclaration","declarations":[{"type":"VariableDeclarator","id":{"type":"ArrayPattern","elements":[{"type":"Identifier","name":"k"},{"type":"Identifier","name":"v"}]},"init":null}],"kind":"let"},"right":{"type":"Identifier","name":"m"},"body":{"type":"ContinueStatement","label":null}},{"type":"DoWhileStatement","body":{"type":"EmptyStatement"},"test":{"type":"Literal","value":0,"raw":"0"}},{"type":"IfStatement","test":{"type":"Identifier","name":"a"},"consequent":{"type":"ExpressionStatement","expression":{"type":"Identifier","name":"b"}},"alternate":{"type":"ExpressionStatement","expression":{"type":"Identifier","name":"c"}}},{"type":"WithStatement","object":{"type":"Identifier","name":"o"},"body":{"type":"BlockStatement","body":[]}},{"type":"DebuggerStatement"}],"sourceType":"script"})JSON"},
    {false, R"JS(x = function* g() { yield; }; y = async (a) => a; z = () => ({}); new A; function h() { new.target; } a = b ? c : d, e;)JS",
     R"JSON({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"=","left":{"type":"Identifier","name":"x"},"right":{"type":"FunctionExpression","id":{"type":"Identifier","name":"g"},"expression":false,"generator":true,"async":false,"params":[],"body":{"type":"BlockStatement","body":[{"type":"ExpressionStatement","expression":{"type":"YieldExpression","delegate":false,"argument":null}}]}}}},{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"=","left":{"type":"Identifier","name":"y"},"right":{"type":"ArrowFunctionExpression","id":null,"expression":true,"generator":false,"async":true,"params":[{"type":"Identifier","name":"a"}],"body":{"type":"Identifier","name":"a"}}}},{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"=","left":{"type":"Identifier","name":"z"},"right":{"type":"ArrowFunctionExpression","id":null,"expression":true,"generator":false,"async":false,"params":[],"body":{"type":"ObjectExpression","properties":[]}}}},{"type":"ExpressionStatement","expression":{"type":"NewExpression","callee":{"type":"Identifier","name":"A"},"arguments":[]}},{"type":"FunctionDeclaration","id":{"type":"Identifier","name":"h"},"expression":false,"generator":false,"async":false,"params":[],"body":{"type":"BlockStatement","body":[{"type":"ExpressionStatement","expression":{"type":"MetaProperty","meta":{"type":"Identifier","name":"new"},"property":{"type":"Identifier","name":"target"}}}]}},{"type":"ExpressionStatement","expression":{"type":"SequenceExpression","expressions":[{"type":"AssignmentExpression","operator":"=","left":{"type":"Identifier","name":"a"},"right":{"type":"ConditionalExpression","test":{"type":"Identifier","name":"b"},"consequent":{"type":"Identifier","name":"c"},"alternate":{"type":"Identifier","name":"d"}}},{"type":"Identifier","name":"e"}]}}],"sourceType":"script"})JSON"},
    {false, R"JS(a ??= b; a ||= c; a &&= d; a **= 2; x = (-a) ** 2 === void 0 ? typeof a : !b; ++a; a--; delete a[b];)JS",
     R"JSON({"type":"Program","body":[{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"??=","left":{"type":"Identifier","name":"a"},"right":{"type":"Identifier","name":"b"}}},{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"||=","left":{"type":"Identifier","name":"a"},"right":{"type":"Identifier","name":"c"}}},{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"&&=","left":{"type":"Identifier","name":"a"},"right":{"type":"Identifier","name":"d"}}},{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"**=","left":{"type":"Identifier","name":"a"},"right":{"type":"Literal","value":2,"raw":"2"}}},{"type":"ExpressionStatement","expression":{"type":"AssignmentExpression","operator":"=","left":{"type":"Identifier","name":"x"},"right":{"type":"ConditionalExpression","test":{"type":"BinaryExpression","left":{"type":"BinaryExpression","left":{"type":"UnaryExpression","operator":"-","prefix":true,"argument":{"type":"Identifier","name":"a"}},"operator":"**","right":{"type":"Literal","value":2,"raw":"2"}},"operator":"===","right":{"type":"UnaryExpression","operator":"void","prefix":true,"argument":{"type":"Literal","value":0,"raw":"0"}}},"consequent":{"type":"UnaryExpression","operator":"typeof","prefix":true,"argument":{"type":"Identifier","name":"a"}},"alternate":{"type":"UnaryExpression","operator":"!","prefix":true,"argument":{"type":"Identifier","name":"b"}}}}},{"type":"ExpressionStatement","expression":{"type":"UpdateExpression","operator":"++","prefix":true,"argument":{"type":"Identifier","name":"a"}}},{"type":"ExpressionStatement","expression":{"type":"UpdateExpression","operator":"--","prefix":false,"argument":{"type":"Identifier","name":"a"}}},{"type":"ExpressionStatement","expression":{"type":"UnaryExpression","operator":"delete","prefix":true,"argument":{"type":"MemberExpression","object":{"type":"Identifier","name":"a"},"property":{"type":"Identifier","name":"b"},"computed":true,"optional":false}}}],"sourceType":"script"})JSON"},

  };
  for (const Case& c : cases) {
    CAPTURE(c.source);
    Arena arena;
    CHECK(ParseToJson(c.source, c.module, arena) == c.json);
  }
}

// ESTree JSON output: the AST serialized the way JSON.stringify serializes acorn's tree
// (ecmaVersion 2022), minus positions. Property names and their order follow acorn 8.x as
// observed on its output; value formatting follows JSON.stringify (numbers as
// Number.prototype.toString prints them, strings escaped as the well-formed JSON.stringify of
// ES2019 escapes them).

#include "instrument/estree.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace thingsjs::instrument {

// ---- numbers -----------------------------------------------------------------------------

size_t FormatJsNumber(double value, char* buf) {
  // Number::toString(10), ECMA-262 6.1.6.1.20.
  if (std::isnan(value)) {
    std::memcpy(buf, "NaN", 3);
    return 3;
  }
  char* p = buf;
  if (value == 0) {  // +0 and -0 both print as "0"
    *p = '0';
    return 1;
  }
  if (value < 0) {
    *p++ = '-';
    value = -value;
  }
  if (std::isinf(value)) {
    std::memcpy(p, "Infinity", 8);
    return static_cast<size_t>(p - buf) + 8;
  }
  // The shortest digits that round-trip, as d[.ddd]e[+-]x.
  char sci[40];
  auto res = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
  const char* end = res.ptr;
  char digits[24];
  int k = 0;  // number of significant digits
  const char* q = sci;
  for (; q < end && *q != 'e'; ++q) {
    if (*q != '.') digits[k++] = *q;
  }
  // Exponent: the value is 0.d1d2... x 10^n with n = exp + 1.
  int exp = 0;
  bool exp_neg = false;
  ++q;  // 'e'
  if (*q == '-') {
    exp_neg = true;
    ++q;
  } else if (*q == '+') {
    ++q;
  }
  for (; q < end; ++q) exp = exp * 10 + (*q - '0');
  if (exp_neg) exp = -exp;
  // to_chars never emits trailing zeros in the shortest form except for the single digit
  // case, but strip them anyway so k is minimal.
  while (k > 1 && digits[k - 1] == '0') --k;
  int n = exp + 1;
  if (k <= n && n <= 21) {
    std::memcpy(p, digits, static_cast<size_t>(k));
    p += k;
    for (int i = k; i < n; ++i) *p++ = '0';
  } else if (0 < n && n <= 21) {
    std::memcpy(p, digits, static_cast<size_t>(n));
    p += n;
    *p++ = '.';
    std::memcpy(p, digits + n, static_cast<size_t>(k - n));
    p += k - n;
  } else if (-6 < n && n <= 0) {
    *p++ = '0';
    *p++ = '.';
    for (int i = 0; i < -n; ++i) *p++ = '0';
    std::memcpy(p, digits, static_cast<size_t>(k));
    p += k;
  } else {
    *p++ = digits[0];
    if (k > 1) {
      *p++ = '.';
      std::memcpy(p, digits + 1, static_cast<size_t>(k - 1));
      p += k - 1;
    }
    *p++ = 'e';
    int e = n - 1;
    if (e < 0) {
      *p++ = '-';
      e = -e;
    } else {
      *p++ = '+';
    }
    char eb[8];
    int el = 0;
    do {
      eb[el++] = static_cast<char>('0' + e % 10);
      e /= 10;
    } while (e);
    while (el) *p++ = eb[--el];
  }
  return static_cast<size_t>(p - buf);
}

void AppendJsNumber(std::string& out, double value) {
  char buf[40];
  out.append(buf, FormatJsNumber(value, buf));
}

namespace {

// ---- bigint: acorn 8.x prints `bigint` as the value's decimal digits -----------------------

void AppendBigIntDecimal(std::string& out, std::string_view raw) {
  // raw: the literal as written, e.g. "0x1F_00n" (a trailing 'n' is optional here).
  if (!raw.empty() && raw.back() == 'n') raw.remove_suffix(1);
  unsigned base = 10;
  if (raw.size() > 1 && raw[0] == '0') {
    char c = static_cast<char>(raw[1] | 0x20);
    if (c == 'x') base = 16;
    if (c == 'o') base = 8;
    if (c == 'b') base = 2;
    if (base != 10) raw.remove_prefix(2);
  }
  if (base == 10) {
    // Already decimal: drop separators and leading zeros.
    size_t before = out.size();
    for (char c : raw) {
      if (c == '_') continue;
      if (c == '0' && out.size() == before) continue;
      out.push_back(c);
    }
    if (out.size() == before) out.push_back('0');
    return;
  }
  // Little-endian limbs of 10^9.
  std::vector<uint32_t> limbs;
  for (char c : raw) {
    if (c == '_') continue;
    unsigned d = (c >= '0' && c <= '9') ? static_cast<unsigned>(c - '0')
                                         : static_cast<unsigned>((c | 0x20) - 'a' + 10);
    uint64_t carry = d;
    for (uint32_t& limb : limbs) {
      uint64_t v = static_cast<uint64_t>(limb) * base + carry;
      limb = static_cast<uint32_t>(v % 1000000000u);
      carry = v / 1000000000u;
    }
    while (carry) {
      limbs.push_back(static_cast<uint32_t>(carry % 1000000000u));
      carry /= 1000000000u;
    }
  }
  while (!limbs.empty() && limbs.back() == 0) limbs.pop_back();
  if (limbs.empty()) {
    out.push_back('0');
    return;
  }
  char buf[16];
  auto r = std::to_chars(buf, buf + sizeof buf, limbs.back());
  out.append(buf, static_cast<size_t>(r.ptr - buf));
  for (size_t i = limbs.size() - 1; i-- > 0;) {
    r = std::to_chars(buf, buf + sizeof buf, limbs[i]);
    size_t len = static_cast<size_t>(r.ptr - buf);
    out.append(9 - len, '0');
    out.append(buf, len);
  }
}

// ---- JSON writer -------------------------------------------------------------------------

const char kHex[] = "0123456789abcdef";

// Bytes JSON.stringify copies as they are (0xED may start a surrogate: checked separately).
struct JsonPlainTable {
  bool t[256];
  constexpr JsonPlainTable() : t() {
    for (int c = 0; c < 256; ++c) t[c] = c >= 0x20 && c != '"' && c != '\\' && c != 0xED;
  }
};
constexpr JsonPlainTable kJsonPlain;

// Appends `s` (WTF-8) as a JSON string literal, escaped like JSON.stringify: the short escapes,
// other controls as \u00xx, lone surrogates as \udxxx (lowercase hex). A surrogate pair
// written as two 3-byte sequences is joined into one 4-byte character, as a JavaScript string
// would hold it.
void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* end = p + s.size();
  const unsigned char* run = p;
  while (p < end) {
    unsigned char c = *p;
    if (kJsonPlain.t[c]) {
      ++p;
      continue;
    }
    if (c == 0xED) {
      if (end - p < 3 || p[1] < 0xA0) {  // an ordinary character U+D000..U+D7FF
        p += 3 <= end - p ? 3 : end - p;
        continue;
      }
      out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
      uint32_t u = 0xD000u | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      if (u < 0xDC00 && end - p >= 6 && p[3] == 0xED && p[4] >= 0xB0) {
        uint32_t lo = 0xD000u | ((p[4] & 0x3Fu) << 6) | (p[5] & 0x3Fu);
        uint32_t cp = 0x10000u + ((u - 0xD800u) << 10) + (lo - 0xDC00u);
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        p += 6;
      } else {
        char e[6] = {'\\', 'u', 'd', kHex[(u >> 8) & 0xF], kHex[(u >> 4) & 0xF], kHex[u & 0xF]};
        out.append(e, 6);
        p += 3;
      }
      run = p;
      continue;
    }
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
    switch (c) {
      case '"': out.append("\\\"", 2); break;
      case '\\': out.append("\\\\", 2); break;
      case '\b': out.append("\\b", 2); break;
      case '\f': out.append("\\f", 2); break;
      case '\n': out.append("\\n", 2); break;
      case '\r': out.append("\\r", 2); break;
      case '\t': out.append("\\t", 2); break;
      default: {
        char e[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(e, 6);
      }
    }
    ++p;
    run = p;
  }
  out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
  out.push_back('"');
}

class EstreeWriter {
 public:
  EstreeWriter(bool pretty, bool locations) : pretty_(pretty), locations_(locations) {}

  std::string Finish() { return std::move(out_); }
  void Reserve(size_t n) { out_.reserve(n); }

  void Value(const Node* node);

 private:
  // Layout helpers. Every object starts with "type", so Key() always writes a separator.
  void Newline() {
    out_.push_back('\n');
    out_.append(static_cast<size_t>(depth_) * 2, ' ');
  }
  void Begin(const Node* node) {
    out_.push_back('{');
    ++depth_;
    if (pretty_) Newline();
    if (pretty_) {
      out_.append("\"type\": \"", 9);
    } else {
      out_.append("\"type\":\"", 8);
    }
    out_.append(NodeKindName(node->kind));  // plain ASCII: no escapes
    out_.push_back('"');
    if (locations_) {
      Key("start");
      Number(node->start);
      Key("end");
      Number(node->end);
    }
  }
  void BeginObject() {  // a plain object whose first key comes with FirstKey()
    out_.push_back('{');
    ++depth_;
  }
  // Keys are string literals: their length is known at compile time.
  template <size_t N>
  void FirstKey(const char (&name)[N]) {
    if (pretty_) Newline();
    out_.push_back('"');
    out_.append(name, N - 1);
    if (pretty_) {
      out_.append("\": ", 3);
    } else {
      out_.append("\":", 2);
    }
  }
  template <size_t N>
  void Key(const char (&name)[N]) {
    out_.push_back(',');
    FirstKey(name);
  }
  void End() {
    --depth_;
    if (pretty_) Newline();
    out_.push_back('}');
  }
  void Bool(bool b) { b ? out_.append("true", 4) : out_.append("false", 5); }
  void Null() { out_.append("null", 4); }
  void Str(std::string_view s) { AppendJsonString(out_, s); }
  void Number(double d) {
    if (!std::isfinite(d)) return Null();
    AppendJsNumber(out_, d);
  }

  template <typename T>
  void List(const NodeList<T>& list) {
    if (list.empty()) {
      out_.append("[]", 2);
      return;
    }
    out_.push_back('[');
    ++depth_;
    for (uint32_t i = 0; i < list.size; ++i) {
      if (i) out_.push_back(',');
      if (pretty_) Newline();
      Value(list[i]);
    }
    --depth_;
    if (pretty_) Newline();
    out_.push_back(']');
  }

  // Shared layouts.
  void FunctionFields(const Function* f) {
    Key("id");
    Value(f->id);
    Key("expression");
    Bool(f->is_expression);
    Key("generator");
    Bool(f->is_generator);
    Key("async");
    Bool(f->is_async);
    Key("params");
    List(f->params);
    Key("body");
    Value(f->body);
  }
  void ClassFields(const Class* c) {
    Key("id");
    Value(c->id);
    Key("superClass");
    Value(c->super_class);
    Key("body");
    Value(c->body);
  }
  void OperatorField(Op op) {
    Key("operator");
    Str(OpText(op));
  }
  void LiteralFields(const Literal* lit);

  std::string out_;
  bool pretty_;
  bool locations_;
  int depth_ = 0;
};

void EstreeWriter::LiteralFields(const Literal* lit) {
  Key("value");
  switch (lit->literal_kind) {
    case LiteralKind::kNull: Null(); break;
    case LiteralKind::kBoolean: Bool(lit->boolean); break;
    case LiteralKind::kNumber: Number(lit->number); break;
    case LiteralKind::kString: Str(lit->string); break;
    case LiteralKind::kRegExp: out_.append("{}", 2); break;  // a RegExp object has no own keys
    case LiteralKind::kBigInt: Null(); break;  // JSON.stringify cannot print a BigInt
  }
  Key("raw");
  Str(lit->raw);
  if (lit->literal_kind == LiteralKind::kRegExp) {
    Key("regex");
    BeginObject();
    FirstKey("pattern");
    Str(lit->regex_pattern);
    Key("flags");
    Str(lit->regex_flags);
    End();
  } else if (lit->literal_kind == LiteralKind::kBigInt) {
    Key("bigint");
    out_.push_back('"');
    AppendBigIntDecimal(out_, lit->raw.empty() ? lit->bigint : lit->raw);
    out_.push_back('"');
  }
}

void EstreeWriter::Value(const Node* node) {
  if (!node) return Null();
  Begin(node);
  switch (node->kind) {
    case NodeKind::kProgram: {
      auto* n = node->As<Program>();
      Key("body");
      List(n->body);
      Key("sourceType");
      Str(n->is_module ? "module" : "script");
      break;
    }
    case NodeKind::kExpressionStatement: {
      auto* n = node->As<ExpressionStatement>();
      Key("expression");
      Value(n->expression);
      if (n->is_directive) {
        Key("directive");
        Str(n->directive);
      }
      break;
    }
    case NodeKind::kBlockStatement:
      Key("body");
      List(node->As<BlockStatement>()->body);
      break;
    case NodeKind::kStaticBlock:
      Key("body");
      List(node->As<StaticBlock>()->body);
      break;
    case NodeKind::kEmptyStatement:
    case NodeKind::kDebuggerStatement:
    case NodeKind::kThisExpression:
    case NodeKind::kSuper:
      break;
    case NodeKind::kWithStatement: {
      auto* n = node->As<WithStatement>();
      Key("object");
      Value(n->object);
      Key("body");
      Value(n->body);
      break;
    }
    case NodeKind::kReturnStatement:
      Key("argument");
      Value(node->As<ReturnStatement>()->argument);
      break;
    case NodeKind::kLabeledStatement: {  // acorn sets body before label
      auto* n = node->As<LabeledStatement>();
      Key("body");
      Value(n->body);
      Key("label");
      Value(n->label);
      break;
    }
    case NodeKind::kBreakStatement:
      Key("label");
      Value(node->As<BreakStatement>()->label);
      break;
    case NodeKind::kContinueStatement:
      Key("label");
      Value(node->As<ContinueStatement>()->label);
      break;
    case NodeKind::kIfStatement: {
      auto* n = node->As<IfStatement>();
      Key("test");
      Value(n->test);
      Key("consequent");
      Value(n->consequent);
      Key("alternate");
      Value(n->alternate);
      break;
    }
    case NodeKind::kSwitchStatement: {
      auto* n = node->As<SwitchStatement>();
      Key("discriminant");
      Value(n->discriminant);
      Key("cases");
      List(n->cases);
      break;
    }
    case NodeKind::kSwitchCase: {  // consequent before test
      auto* n = node->As<SwitchCase>();
      Key("consequent");
      List(n->consequent);
      Key("test");
      Value(n->test);
      break;
    }
    case NodeKind::kThrowStatement:
      Key("argument");
      Value(node->As<ThrowStatement>()->argument);
      break;
    case NodeKind::kTryStatement: {
      auto* n = node->As<TryStatement>();
      Key("block");
      Value(n->block);
      Key("handler");
      Value(n->handler);
      Key("finalizer");
      Value(n->finalizer);
      break;
    }
    case NodeKind::kCatchClause: {
      auto* n = node->As<CatchClause>();
      Key("param");
      Value(n->param);
      Key("body");
      Value(n->body);
      break;
    }
    case NodeKind::kWhileStatement: {
      auto* n = node->As<WhileStatement>();
      Key("test");
      Value(n->test);
      Key("body");
      Value(n->body);
      break;
    }
    case NodeKind::kDoWhileStatement: {
      auto* n = node->As<DoWhileStatement>();
      Key("body");
      Value(n->body);
      Key("test");
      Value(n->test);
      break;
    }
    case NodeKind::kForStatement: {
      auto* n = node->As<ForStatement>();
      Key("init");
      Value(n->init);
      Key("test");
      Value(n->test);
      Key("update");
      Value(n->update);
      Key("body");
      Value(n->body);
      break;
    }
    case NodeKind::kForInStatement: {
      auto* n = node->As<ForInStatement>();
      Key("left");
      Value(n->left);
      Key("right");
      Value(n->right);
      Key("body");
      Value(n->body);
      break;
    }
    case NodeKind::kForOfStatement: {
      auto* n = node->As<ForOfStatement>();
      Key("await");
      Bool(n->is_await);
      Key("left");
      Value(n->left);
      Key("right");
      Value(n->right);
      Key("body");
      Value(n->body);
      break;
    }
    case NodeKind::kFunctionDeclaration:
    case NodeKind::kFunctionExpression:
    case NodeKind::kArrowFunctionExpression:
      FunctionFields(node->As<Function>());
      break;
    case NodeKind::kVariableDeclaration: {
      auto* n = node->As<VariableDeclaration>();
      Key("declarations");
      List(n->declarations);
      Key("kind");
      Str(n->var_kind == VarKind::kVar ? "var" : n->var_kind == VarKind::kLet ? "let" : "const");
      break;
    }
    case NodeKind::kVariableDeclarator: {
      auto* n = node->As<VariableDeclarator>();
      Key("id");
      Value(n->id);
      Key("init");
      Value(n->init);
      break;
    }
    case NodeKind::kClassDeclaration:
    case NodeKind::kClassExpression:
      ClassFields(node->As<Class>());
      break;
    case NodeKind::kClassBody:
      Key("body");
      List(node->As<ClassBody>()->body);
      break;
    case NodeKind::kMethodDefinition: {
      auto* n = node->As<MethodDefinition>();
      Key("static");
      Bool(n->is_static);
      Key("computed");
      Bool(n->computed);
      Key("key");
      Value(n->key);
      Key("kind");
      switch (n->method_kind) {
        case MethodKind::kConstructor: Str("constructor"); break;
        case MethodKind::kMethod: Str("method"); break;
        case MethodKind::kGet: Str("get"); break;
        case MethodKind::kSet: Str("set"); break;
      }
      Key("value");
      Value(n->value);
      break;
    }
    case NodeKind::kPropertyDefinition: {
      auto* n = node->As<PropertyDefinition>();
      Key("static");
      Bool(n->is_static);
      Key("computed");
      Bool(n->computed);
      Key("key");
      Value(n->key);
      Key("value");
      Value(n->value);
      break;
    }
    case NodeKind::kIdentifier:
      Key("name");
      Str(node->As<Identifier>()->name);
      break;
    case NodeKind::kPrivateIdentifier:
      Key("name");
      Str(node->As<PrivateIdentifier>()->name);
      break;
    case NodeKind::kLiteral:
      LiteralFields(node->As<Literal>());
      break;
    case NodeKind::kArrayExpression:
      Key("elements");
      List(node->As<ArrayExpression>()->elements);
      break;
    case NodeKind::kObjectExpression:
      Key("properties");
      List(node->As<ObjectExpression>()->properties);
      break;
    case NodeKind::kProperty: {
      auto* n = node->As<Property>();
      Key("method");
      Bool(n->method);
      Key("shorthand");
      Bool(n->shorthand);
      Key("computed");
      Bool(n->computed);
      Key("key");
      Value(n->key);
      Key("value");
      Value(n->value);
      Key("kind");
      Str(n->property_kind == PropertyKind::kInit  ? "init"
          : n->property_kind == PropertyKind::kGet ? "get"
                                                    : "set");
      break;
    }
    case NodeKind::kSpreadElement:
      Key("argument");
      Value(node->As<SpreadElement>()->argument);
      break;
    case NodeKind::kTemplateLiteral: {  // expressions before quasis
      auto* n = node->As<TemplateLiteral>();
      Key("expressions");
      List(n->expressions);
      Key("quasis");
      List(n->quasis);
      break;
    }
    case NodeKind::kTemplateElement: {
      auto* n = node->As<TemplateElement>();
      Key("value");
      BeginObject();
      FirstKey("raw");
      Str(n->raw);
      Key("cooked");
      if (n->cooked_valid) {
        Str(n->cooked);
      } else {
        Null();
      }
      End();
      Key("tail");
      Bool(n->tail);
      break;
    }
    case NodeKind::kTaggedTemplateExpression: {
      auto* n = node->As<TaggedTemplateExpression>();
      Key("tag");
      Value(n->tag);
      Key("quasi");
      Value(n->quasi);
      break;
    }
    case NodeKind::kUnaryExpression: {
      auto* n = node->As<UnaryExpression>();
      OperatorField(n->op);
      Key("prefix");
      Bool(true);
      Key("argument");
      Value(n->argument);
      break;
    }
    case NodeKind::kUpdateExpression: {
      auto* n = node->As<UpdateExpression>();
      OperatorField(n->op);
      Key("prefix");
      Bool(n->prefix);
      Key("argument");
      Value(n->argument);
      break;
    }
    case NodeKind::kBinaryExpression: {
      auto* n = node->As<BinaryExpression>();
      Key("left");
      Value(n->left);
      OperatorField(n->op);
      Key("right");
      Value(n->right);
      break;
    }
    case NodeKind::kLogicalExpression: {
      auto* n = node->As<LogicalExpression>();
      Key("left");
      Value(n->left);
      OperatorField(n->op);
      Key("right");
      Value(n->right);
      break;
    }
    case NodeKind::kAssignmentExpression: {
      auto* n = node->As<AssignmentExpression>();
      OperatorField(n->op);
      Key("left");
      Value(n->left);
      Key("right");
      Value(n->right);
      break;
    }
    case NodeKind::kConditionalExpression: {
      auto* n = node->As<ConditionalExpression>();
      Key("test");
      Value(n->test);
      Key("consequent");
      Value(n->consequent);
      Key("alternate");
      Value(n->alternate);
      break;
    }
    case NodeKind::kCallExpression: {
      auto* n = node->As<CallExpression>();
      Key("callee");
      Value(n->callee);
      Key("arguments");
      List(n->arguments);
      Key("optional");
      Bool(n->optional);
      break;
    }
    case NodeKind::kNewExpression: {
      auto* n = node->As<NewExpression>();
      Key("callee");
      Value(n->callee);
      Key("arguments");
      List(n->arguments);
      break;
    }
    case NodeKind::kMemberExpression: {
      auto* n = node->As<MemberExpression>();
      Key("object");
      Value(n->object);
      Key("property");
      Value(n->property);
      Key("computed");
      Bool(n->computed);
      Key("optional");
      Bool(n->optional);
      break;
    }
    case NodeKind::kChainExpression:
      Key("expression");
      Value(node->As<ChainExpression>()->expression);
      break;
    case NodeKind::kSequenceExpression:
      Key("expressions");
      List(node->As<SequenceExpression>()->expressions);
      break;
    case NodeKind::kYieldExpression: {
      auto* n = node->As<YieldExpression>();
      Key("delegate");
      Bool(n->delegate);
      Key("argument");
      Value(n->argument);
      break;
    }
    case NodeKind::kAwaitExpression:
      Key("argument");
      Value(node->As<AwaitExpression>()->argument);
      break;
    case NodeKind::kMetaProperty: {
      auto* n = node->As<MetaProperty>();
      Key("meta");
      Value(n->meta);
      Key("property");
      Value(n->property);
      break;
    }
    case NodeKind::kImportExpression:
      Key("source");
      Value(node->As<ImportExpression>()->source);
      break;
    case NodeKind::kParenthesizedExpression:
      Key("expression");
      Value(node->As<ParenthesizedExpression>()->expression);
      break;
    case NodeKind::kObjectPattern:
      Key("properties");
      List(node->As<ObjectPattern>()->properties);
      break;
    case NodeKind::kArrayPattern:
      Key("elements");
      List(node->As<ArrayPattern>()->elements);
      break;
    case NodeKind::kRestElement:
      Key("argument");
      Value(node->As<RestElement>()->argument);
      break;
    case NodeKind::kAssignmentPattern: {
      auto* n = node->As<AssignmentPattern>();
      Key("left");
      Value(n->left);
      Key("right");
      Value(n->right);
      break;
    }
    case NodeKind::kImportDeclaration: {
      auto* n = node->As<ImportDeclaration>();
      Key("specifiers");
      List(n->specifiers);
      Key("source");
      Value(n->source);
      break;
    }
    case NodeKind::kImportSpecifier: {
      auto* n = node->As<ImportSpecifier>();
      Key("imported");
      Value(n->imported);
      Key("local");
      Value(n->local);
      break;
    }
    case NodeKind::kImportDefaultSpecifier:
      Key("local");
      Value(node->As<ImportDefaultSpecifier>()->local);
      break;
    case NodeKind::kImportNamespaceSpecifier:
      Key("local");
      Value(node->As<ImportNamespaceSpecifier>()->local);
      break;
    case NodeKind::kExportNamedDeclaration: {
      auto* n = node->As<ExportNamedDeclaration>();
      Key("declaration");
      Value(n->declaration);
      Key("specifiers");
      List(n->specifiers);
      Key("source");
      Value(n->source);
      break;
    }
    case NodeKind::kExportSpecifier: {
      auto* n = node->As<ExportSpecifier>();
      Key("local");
      Value(n->local);
      Key("exported");
      Value(n->exported);
      break;
    }
    case NodeKind::kExportDefaultDeclaration:
      Key("declaration");
      Value(node->As<ExportDefaultDeclaration>()->declaration);
      break;
    case NodeKind::kExportAllDeclaration: {
      auto* n = node->As<ExportAllDeclaration>();
      Key("exported");
      Value(n->exported);
      Key("source");
      Value(n->source);
      break;
    }
  }
  End();
}

}  // namespace

std::string ToEstreeJson(const Program* program, bool pretty, bool locations) {
  EstreeWriter writer(pretty, locations);
  if (program) writer.Reserve(static_cast<size_t>(program->end - program->start) * 8 + 64);
  writer.Value(program);
  return writer.Finish();
}

}  // namespace thingsjs::instrument

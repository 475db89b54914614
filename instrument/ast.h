#pragma once
// The JavaScript AST: ESTree's node types (the format acorn prints), as plain structs in an
// arena. A node is identified by its `kind`; code switches on it and static_casts to the
// concrete type (`node->As<BinaryExpression>()`). No virtual functions, no destructors.
//
// Strings are views: into the source where the text is verbatim (identifiers without
// escapes, raw literal text), or into the arena for cooked values. Cooked string values are
// WTF-8: UTF-8 that may hold lone surrogates (JavaScript strings are UTF-16).
//
// Positions are byte offsets into the source: [start, end). LineTable turns them into
// line/column.

#include <cstdint>
#include <string_view>

namespace thingsjs::instrument {

#define THINGSJS_AST_NODES(V)  \
  V(Program)                   \
  /* statements */             \
  V(ExpressionStatement)       \
  V(BlockStatement)            \
  V(StaticBlock)               \
  V(EmptyStatement)            \
  V(DebuggerStatement)         \
  V(WithStatement)             \
  V(ReturnStatement)           \
  V(LabeledStatement)          \
  V(BreakStatement)            \
  V(ContinueStatement)         \
  V(IfStatement)               \
  V(SwitchStatement)           \
  V(SwitchCase)                \
  V(ThrowStatement)            \
  V(TryStatement)              \
  V(CatchClause)               \
  V(WhileStatement)            \
  V(DoWhileStatement)          \
  V(ForStatement)              \
  V(ForInStatement)            \
  V(ForOfStatement)            \
  V(FunctionDeclaration)       \
  V(VariableDeclaration)       \
  V(VariableDeclarator)        \
  V(ClassDeclaration)          \
  /* expressions */            \
  V(Identifier)                \
  V(PrivateIdentifier)         \
  V(Literal)                   \
  V(ThisExpression)            \
  V(Super)                     \
  V(ArrayExpression)           \
  V(ObjectExpression)          \
  V(Property)                  \
  V(SpreadElement)             \
  V(FunctionExpression)        \
  V(ArrowFunctionExpression)   \
  V(ClassExpression)           \
  V(ClassBody)                 \
  V(MethodDefinition)          \
  V(PropertyDefinition)        \
  V(TemplateLiteral)           \
  V(TemplateElement)           \
  V(TaggedTemplateExpression)  \
  V(UnaryExpression)           \
  V(UpdateExpression)          \
  V(BinaryExpression)          \
  V(LogicalExpression)         \
  V(AssignmentExpression)      \
  V(ConditionalExpression)     \
  V(CallExpression)            \
  V(NewExpression)             \
  V(MemberExpression)          \
  V(ChainExpression)           \
  V(SequenceExpression)        \
  V(YieldExpression)           \
  V(AwaitExpression)           \
  V(MetaProperty)              \
  V(ImportExpression)          \
  V(ParenthesizedExpression)   \
  /* patterns */               \
  V(ObjectPattern)             \
  V(ArrayPattern)              \
  V(RestElement)               \
  V(AssignmentPattern)         \
  /* modules */                \
  V(ImportDeclaration)         \
  V(ImportSpecifier)           \
  V(ImportDefaultSpecifier)    \
  V(ImportNamespaceSpecifier)  \
  V(ExportNamedDeclaration)    \
  V(ExportSpecifier)           \
  V(ExportDefaultDeclaration)  \
  V(ExportAllDeclaration)

enum class NodeKind : uint8_t {
#define THINGSJS_AST_ENUM(name) k##name,
  THINGSJS_AST_NODES(THINGSJS_AST_ENUM)
#undef THINGSJS_AST_ENUM
};

// The ESTree `type` string of a kind ("BinaryExpression").
std::string_view NodeKindName(NodeKind kind);

struct Node {
  NodeKind kind;
  bool parenthesized = false;  // written in parentheses (set by the parser)
  uint32_t start = 0;
  uint32_t end = 0;

  explicit Node(NodeKind k) : kind(k) {}
  template <typename T>
  T* As() { return static_cast<T*>(this); }
  template <typename T>
  const T* As() const { return static_cast<const T*>(this); }
  bool Is(NodeKind k) const { return kind == k; }
};

// An arena array of nodes. Elements may be null where ESTree has null (array holes).
template <typename T = Node>
struct NodeList {
  T** items = nullptr;
  uint32_t size = 0;

  T** begin() const { return items; }
  T** end() const { return items + size; }
  T* operator[](uint32_t i) const { return items[i]; }
  bool empty() const { return size == 0; }
};

// ---- operators ---------------------------------------------------------------------------

#define THINGSJS_OPERATORS(V)                                                            \
  /* binary */                                                                           \
  V(kEq, "==") V(kNe, "!=") V(kStrictEq, "===") V(kStrictNe, "!==") V(kLt, "<")          \
  V(kLe, "<=") V(kGt, ">") V(kGe, ">=") V(kShl, "<<") V(kSar, ">>") V(kShr, ">>>")       \
  V(kAdd, "+") V(kSub, "-") V(kMul, "*") V(kDiv, "/") V(kMod, "%") V(kExp, "**")         \
  V(kBitOr, "|") V(kBitXor, "^") V(kBitAnd, "&") V(kIn, "in")                            \
  V(kInstanceof, "instanceof")                                                           \
  /* logical */                                                                          \
  V(kOr, "||") V(kAnd, "&&") V(kNullish, "??")                                           \
  /* unary (kSub/kAdd reused for - and +) */                                             \
  V(kNot, "!") V(kBitNot, "~") V(kTypeof, "typeof") V(kVoid, "void")                     \
  V(kDelete, "delete")                                                                   \
  /* update */                                                                           \
  V(kInc, "++") V(kDec, "--")                                                            \
  /* assignment */                                                                       \
  V(kAssign, "=") V(kAddAssign, "+=") V(kSubAssign, "-=") V(kMulAssign, "*=")            \
  V(kDivAssign, "/=") V(kModAssign, "%=") V(kExpAssign, "**=") V(kShlAssign, "<<=")      \
  V(kSarAssign, ">>=") V(kShrAssign, ">>>=") V(kBitOrAssign, "|=")                       \
  V(kBitXorAssign, "^=") V(kBitAndAssign, "&=") V(kOrAssign, "||=")                      \
  V(kAndAssign, "&&=") V(kNullishAssign, "?\?=")

enum class Op : uint8_t {
#define THINGSJS_OP_ENUM(name, text) name,
  THINGSJS_OPERATORS(THINGSJS_OP_ENUM)
#undef THINGSJS_OP_ENUM
};

std::string_view OpText(Op op);

// ---- program and statements --------------------------------------------------------------

struct Program : Node {
  Program() : Node(NodeKind::kProgram) {}
  bool is_module = false;
  NodeList<> body;  // statements, directives (ExpressionStatement with directive), module items
};

struct ExpressionStatement : Node {
  ExpressionStatement() : Node(NodeKind::kExpressionStatement) {}
  // One-byte fields go before pointers (here and in the other node types): they fill the 4
  // bytes after Node's 12, where a pointer would leave a hole.
  bool is_directive = false;
  Node* expression = nullptr;
  // For directive prologue entries ('use strict'): the raw string text without quotes.
  std::string_view directive;
};

struct BlockStatement : Node {
  BlockStatement() : Node(NodeKind::kBlockStatement) {}
  NodeList<> body;
};

struct StaticBlock : Node {
  StaticBlock() : Node(NodeKind::kStaticBlock) {}
  NodeList<> body;
};

struct EmptyStatement : Node {
  EmptyStatement() : Node(NodeKind::kEmptyStatement) {}
};

struct DebuggerStatement : Node {
  DebuggerStatement() : Node(NodeKind::kDebuggerStatement) {}
};

struct WithStatement : Node {
  WithStatement() : Node(NodeKind::kWithStatement) {}
  Node* object = nullptr;
  Node* body = nullptr;
};

struct ReturnStatement : Node {
  ReturnStatement() : Node(NodeKind::kReturnStatement) {}
  Node* argument = nullptr;  // may be null
};

struct Identifier;

struct LabeledStatement : Node {
  LabeledStatement() : Node(NodeKind::kLabeledStatement) {}
  Identifier* label = nullptr;
  Node* body = nullptr;
};

struct BreakStatement : Node {
  BreakStatement() : Node(NodeKind::kBreakStatement) {}
  Identifier* label = nullptr;  // may be null
};

struct ContinueStatement : Node {
  ContinueStatement() : Node(NodeKind::kContinueStatement) {}
  Identifier* label = nullptr;  // may be null
};

struct IfStatement : Node {
  IfStatement() : Node(NodeKind::kIfStatement) {}
  Node* test = nullptr;
  Node* consequent = nullptr;
  Node* alternate = nullptr;  // may be null
};

struct SwitchCase : Node {
  SwitchCase() : Node(NodeKind::kSwitchCase) {}
  Node* test = nullptr;  // null for `default:`
  NodeList<> consequent;
};

struct SwitchStatement : Node {
  SwitchStatement() : Node(NodeKind::kSwitchStatement) {}
  Node* discriminant = nullptr;
  NodeList<SwitchCase> cases;
};

struct ThrowStatement : Node {
  ThrowStatement() : Node(NodeKind::kThrowStatement) {}
  Node* argument = nullptr;
};

struct CatchClause : Node {
  CatchClause() : Node(NodeKind::kCatchClause) {}
  Node* param = nullptr;  // may be null (optional catch binding)
  BlockStatement* body = nullptr;
};

struct TryStatement : Node {
  TryStatement() : Node(NodeKind::kTryStatement) {}
  BlockStatement* block = nullptr;
  CatchClause* handler = nullptr;       // may be null
  BlockStatement* finalizer = nullptr;  // may be null
};

struct WhileStatement : Node {
  WhileStatement() : Node(NodeKind::kWhileStatement) {}
  Node* test = nullptr;
  Node* body = nullptr;
};

struct DoWhileStatement : Node {
  DoWhileStatement() : Node(NodeKind::kDoWhileStatement) {}
  Node* body = nullptr;
  Node* test = nullptr;
};

struct ForStatement : Node {
  ForStatement() : Node(NodeKind::kForStatement) {}
  Node* init = nullptr;    // VariableDeclaration, expression, or null
  Node* test = nullptr;    // may be null
  Node* update = nullptr;  // may be null
  Node* body = nullptr;
};

struct ForInStatement : Node {
  ForInStatement() : Node(NodeKind::kForInStatement) {}
  Node* left = nullptr;  // VariableDeclaration or pattern
  Node* right = nullptr;
  Node* body = nullptr;
};

struct ForOfStatement : Node {
  ForOfStatement() : Node(NodeKind::kForOfStatement) {}
  bool is_await = false;
  Node* left = nullptr;
  Node* right = nullptr;
  Node* body = nullptr;
};

enum class VarKind : uint8_t { kVar, kLet, kConst };

struct VariableDeclarator : Node {
  VariableDeclarator() : Node(NodeKind::kVariableDeclarator) {}
  Node* id = nullptr;    // Identifier or pattern
  Node* init = nullptr;  // may be null
};

struct VariableDeclaration : Node {
  VariableDeclaration() : Node(NodeKind::kVariableDeclaration) {}
  VarKind var_kind = VarKind::kVar;
  NodeList<VariableDeclarator> declarations;
};

// FunctionDeclaration, FunctionExpression and ArrowFunctionExpression share this layout.
struct Function : Node {
  explicit Function(NodeKind k) : Node(k) {}
  Identifier* id = nullptr;  // may be null
  NodeList<> params;         // Identifier or pattern (RestElement last)
  Node* body = nullptr;      // BlockStatement, or an expression for concise arrows
  bool is_async = false;
  bool is_generator = false;
  bool is_expression = false;  // arrow with an expression body
  bool is_strict = false;      // strict code (set by the parser)
  bool has_simple_params = true;
  bool uses_this_or_arguments = false;  // informational, for the transform
};

struct FunctionDeclaration : Function {
  FunctionDeclaration() : Function(NodeKind::kFunctionDeclaration) {}
};
struct FunctionExpression : Function {
  FunctionExpression() : Function(NodeKind::kFunctionExpression) {}
};
struct ArrowFunctionExpression : Function {
  ArrowFunctionExpression() : Function(NodeKind::kArrowFunctionExpression) {}
};

struct ClassBody : Node {
  ClassBody() : Node(NodeKind::kClassBody) {}
  NodeList<> body;  // MethodDefinition, PropertyDefinition, StaticBlock
};

// ClassDeclaration and ClassExpression share this layout.
struct Class : Node {
  explicit Class(NodeKind k) : Node(k) {}
  Identifier* id = nullptr;         // may be null
  Node* super_class = nullptr;      // may be null
  ClassBody* body = nullptr;
};
struct ClassDeclaration : Class {
  ClassDeclaration() : Class(NodeKind::kClassDeclaration) {}
};
struct ClassExpression : Class {
  ClassExpression() : Class(NodeKind::kClassExpression) {}
};

enum class MethodKind : uint8_t { kConstructor, kMethod, kGet, kSet };

struct MethodDefinition : Node {
  MethodDefinition() : Node(NodeKind::kMethodDefinition) {}
  MethodKind method_kind = MethodKind::kMethod;
  bool computed = false;
  bool is_static = false;
  Node* key = nullptr;  // expression, Identifier or PrivateIdentifier
  FunctionExpression* value = nullptr;
};

struct PropertyDefinition : Node {
  PropertyDefinition() : Node(NodeKind::kPropertyDefinition) {}
  bool computed = false;
  bool is_static = false;
  Node* key = nullptr;
  Node* value = nullptr;  // may be null
};

// ---- expressions -------------------------------------------------------------------------

// A name as 12 bytes aligned to 4 (a pointer and a 32-bit length), where std::string_view
// takes 16 aligned to 8: in an Identifier it fills the hole after the node header, making
// the node 24 bytes instead of 32. It reads like a std::string_view.
struct [[gnu::packed, gnu::aligned(4)]] PackedName {
  PackedName() = default;
  PackedName(std::string_view s) : ptr(s.data()), length(static_cast<uint32_t>(s.size())) {}
  // Not a constructor from const char*: `name == "x"` would then be ambiguous.
  PackedName& operator=(const char* s) { return *this = PackedName(std::string_view(s)); }
  operator std::string_view() const { return {ptr, length}; }
  std::string_view view() const { return {ptr, length}; }
  const char* data() const { return ptr; }
  size_t size() const { return length; }
  bool empty() const { return length == 0; }
  char operator[](size_t i) const { return ptr[i]; }
  char front() const { return ptr[0]; }
  char back() const { return ptr[length - 1]; }
  friend bool operator==(const PackedName& a, const PackedName& b) { return a.view() == b.view(); }
  friend bool operator==(const PackedName& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(std::string_view a, const PackedName& b) { return a == b.view(); }
  friend bool operator!=(const PackedName& a, const PackedName& b) { return a.view() != b.view(); }
  friend bool operator!=(const PackedName& a, std::string_view b) { return a.view() != b; }
  friend bool operator!=(std::string_view a, const PackedName& b) { return a != b.view(); }

  const char* ptr = nullptr;
  uint32_t length = 0;
};
static_assert(sizeof(PackedName) == 12 && alignof(PackedName) == 4);

struct Identifier : Node {
  Identifier() : Node(NodeKind::kIdentifier) {}
  // Cooked (escapes resolved). What the name refers to is in the scope analysis
  // (scope.h: Reference::binding, Binding::declaration), not in the node: identifiers are a
  // third of an AST, so they stay small.
  PackedName name;
};
static_assert(sizeof(Identifier) == 24);

struct PrivateIdentifier : Node {
  PrivateIdentifier() : Node(NodeKind::kPrivateIdentifier) {}
  std::string_view name;  // without '#'
};

enum class LiteralKind : uint8_t { kNull, kBoolean, kNumber, kString, kRegExp, kBigInt };

struct Literal : Node {
  Literal() : Node(NodeKind::kLiteral) {}
  LiteralKind literal_kind = LiteralKind::kNull;
  bool boolean = false;
  double number = 0;
  // One literal is one kind: its text shares the space (keeps the most common node small).
  union {
    std::string_view string = {};   // kString: cooked value (WTF-8)
    std::string_view regex_pattern;  // kRegExp
    std::string_view bigint;         // kBigInt: digits as written, without 'n' and '_'
  };
  std::string_view raw;  // source text
  std::string_view regex_flags;
};

struct ThisExpression : Node {
  ThisExpression() : Node(NodeKind::kThisExpression) {}
};

struct Super : Node {
  Super() : Node(NodeKind::kSuper) {}
};

struct ArrayExpression : Node {
  ArrayExpression() : Node(NodeKind::kArrayExpression) {}
  NodeList<> elements;  // null for holes; SpreadElement allowed
};

enum class PropertyKind : uint8_t { kInit, kGet, kSet };

struct Property : Node {
  Property() : Node(NodeKind::kProperty) {}
  PropertyKind property_kind = PropertyKind::kInit;
  bool method = false;
  bool shorthand = false;
  bool computed = false;
  Node* key = nullptr;
  Node* value = nullptr;  // for shorthand, the same Identifier (or AssignmentPattern in patterns)
};

struct ObjectExpression : Node {
  ObjectExpression() : Node(NodeKind::kObjectExpression) {}
  NodeList<> properties;  // Property or SpreadElement
};

struct SpreadElement : Node {
  SpreadElement() : Node(NodeKind::kSpreadElement) {}
  Node* argument = nullptr;
};

struct TemplateElement : Node {
  TemplateElement() : Node(NodeKind::kTemplateElement) {}
  bool cooked_valid = true; // false: an invalid escape in a tagged template (cooked is null)
  bool tail = false;
  std::string_view raw;     // as written between the delimiters (line ends normalized)
  std::string_view cooked;  // WTF-8
};

struct TemplateLiteral : Node {
  TemplateLiteral() : Node(NodeKind::kTemplateLiteral) {}
  NodeList<TemplateElement> quasis;
  NodeList<> expressions;
};

struct TaggedTemplateExpression : Node {
  TaggedTemplateExpression() : Node(NodeKind::kTaggedTemplateExpression) {}
  Node* tag = nullptr;
  TemplateLiteral* quasi = nullptr;
};

struct UnaryExpression : Node {
  UnaryExpression() : Node(NodeKind::kUnaryExpression) {}
  Op op = Op::kNot;
  Node* argument = nullptr;
};

struct UpdateExpression : Node {
  UpdateExpression() : Node(NodeKind::kUpdateExpression) {}
  Op op = Op::kInc;
  bool prefix = false;
  Node* argument = nullptr;
};

struct BinaryExpression : Node {
  BinaryExpression() : Node(NodeKind::kBinaryExpression) {}
  Op op = Op::kAdd;
  Node* left = nullptr;  // may be a PrivateIdentifier for `#x in obj`
  Node* right = nullptr;
};

struct LogicalExpression : Node {
  LogicalExpression() : Node(NodeKind::kLogicalExpression) {}
  Op op = Op::kOr;
  Node* left = nullptr;
  Node* right = nullptr;
};

struct AssignmentExpression : Node {
  AssignmentExpression() : Node(NodeKind::kAssignmentExpression) {}
  Op op = Op::kAssign;
  Node* left = nullptr;  // pattern or member expression
  Node* right = nullptr;
};

struct ConditionalExpression : Node {
  ConditionalExpression() : Node(NodeKind::kConditionalExpression) {}
  Node* test = nullptr;
  Node* consequent = nullptr;
  Node* alternate = nullptr;
};

struct CallExpression : Node {
  CallExpression() : Node(NodeKind::kCallExpression) {}
  bool optional = false;
  Node* callee = nullptr;
  NodeList<> arguments;
};

struct NewExpression : Node {
  NewExpression() : Node(NodeKind::kNewExpression) {}
  Node* callee = nullptr;
  NodeList<> arguments;
};

struct MemberExpression : Node {
  MemberExpression() : Node(NodeKind::kMemberExpression) {}
  bool computed = false;
  bool optional = false;
  Node* object = nullptr;
  Node* property = nullptr;  // Identifier, PrivateIdentifier or (computed) expression
};

struct ChainExpression : Node {
  ChainExpression() : Node(NodeKind::kChainExpression) {}
  Node* expression = nullptr;  // CallExpression or MemberExpression
};

struct SequenceExpression : Node {
  SequenceExpression() : Node(NodeKind::kSequenceExpression) {}
  NodeList<> expressions;
};

struct YieldExpression : Node {
  YieldExpression() : Node(NodeKind::kYieldExpression) {}
  bool delegate = false;
  Node* argument = nullptr;  // may be null
};

struct AwaitExpression : Node {
  AwaitExpression() : Node(NodeKind::kAwaitExpression) {}
  Node* argument = nullptr;
};

struct MetaProperty : Node {
  MetaProperty() : Node(NodeKind::kMetaProperty) {}
  Identifier* meta = nullptr;      // new / import
  Identifier* property = nullptr;  // target / meta
};

struct ImportExpression : Node {
  ImportExpression() : Node(NodeKind::kImportExpression) {}
  Node* source = nullptr;
};

// Only produced with ParseOptions::preserve_parens (acorn's preserveParens); the printer and
// ESTree output otherwise never see it.
struct ParenthesizedExpression : Node {
  ParenthesizedExpression() : Node(NodeKind::kParenthesizedExpression) {}
  Node* expression = nullptr;
};

// ---- patterns ----------------------------------------------------------------------------

struct ObjectPattern : Node {
  ObjectPattern() : Node(NodeKind::kObjectPattern) {}
  NodeList<> properties;  // Property (value is a pattern) or RestElement
};

struct ArrayPattern : Node {
  ArrayPattern() : Node(NodeKind::kArrayPattern) {}
  NodeList<> elements;  // null for holes
};

struct RestElement : Node {
  RestElement() : Node(NodeKind::kRestElement) {}
  Node* argument = nullptr;
};

struct AssignmentPattern : Node {
  AssignmentPattern() : Node(NodeKind::kAssignmentPattern) {}
  Node* left = nullptr;
  Node* right = nullptr;
};

// ---- modules -----------------------------------------------------------------------------

struct ImportSpecifier : Node {
  ImportSpecifier() : Node(NodeKind::kImportSpecifier) {}
  Node* imported = nullptr;  // Identifier or string Literal
  Identifier* local = nullptr;
};

struct ImportDefaultSpecifier : Node {
  ImportDefaultSpecifier() : Node(NodeKind::kImportDefaultSpecifier) {}
  Identifier* local = nullptr;
};

struct ImportNamespaceSpecifier : Node {
  ImportNamespaceSpecifier() : Node(NodeKind::kImportNamespaceSpecifier) {}
  Identifier* local = nullptr;
};

struct ImportDeclaration : Node {
  ImportDeclaration() : Node(NodeKind::kImportDeclaration) {}
  NodeList<> specifiers;
  Literal* source = nullptr;
};

struct ExportSpecifier : Node {
  ExportSpecifier() : Node(NodeKind::kExportSpecifier) {}
  Node* local = nullptr;     // Identifier or string Literal
  Node* exported = nullptr;  // Identifier or string Literal
};

struct ExportNamedDeclaration : Node {
  ExportNamedDeclaration() : Node(NodeKind::kExportNamedDeclaration) {}
  Node* declaration = nullptr;  // may be null
  NodeList<ExportSpecifier> specifiers;
  Literal* source = nullptr;  // may be null
};

struct ExportDefaultDeclaration : Node {
  ExportDefaultDeclaration() : Node(NodeKind::kExportDefaultDeclaration) {}
  Node* declaration = nullptr;  // declaration or expression
};

struct ExportAllDeclaration : Node {
  ExportAllDeclaration() : Node(NodeKind::kExportAllDeclaration) {}
  Node* exported = nullptr;  // Identifier, string Literal or null
  Literal* source = nullptr;
};

// Calls `f(child)` for every non-null direct child of `node`, in source order.
template <typename F>
void ForEachChild(const Node* node, F&& f);

}  // namespace thingsjs::instrument

#include "instrument/ast_children.h"

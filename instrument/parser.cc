// The ECMAScript 2022 parser: recursive descent over the Lexer's tokens, with cover grammars
// for arrow parameters and destructuring assignment, and the early errors of the spec.

#include "instrument/parser.h"

#include <cstring>

#include "instrument/parser_internal.h"
#include "instrument/regexp.h"

namespace thingsjs::instrument {

namespace {

bool IsReservedWord(std::string_view n) {
  // Unescaped reserved words arrive as keyword tokens; this serves escaped identifiers.
  return KeywordTokenOf(n) != Tok::kIdentifier;
}

bool IsStrictReservedWord(std::string_view n) {
  switch (n.size()) {
    case 3: return n == "let";
    case 5: return n == "yield";
    case 6: return n == "public" || n == "static";
    case 7: return n == "package" || n == "private";
    case 9: return n == "interface" || n == "protected";
    case 10: return n == "implements";
    default: return false;
  }
}

bool IsKeywordToken(Tok t) { return t >= Tok::kBreak && t <= Tok::kWith; }

// The identifiers a binding pattern declares, in source order.
void BoundNames(Node* p, std::vector<Identifier*>& out) {
  if (!p) return;
  switch (p->kind) {
    case NodeKind::kIdentifier: out.push_back(p->As<Identifier>()); break;
    case NodeKind::kObjectPattern:
      for (Node* q : p->As<ObjectPattern>()->properties) {
        BoundNames(q->kind == NodeKind::kProperty ? q->As<Property>()->value : q, out);
      }
      break;
    case NodeKind::kArrayPattern:
      for (Node* q : p->As<ArrayPattern>()->elements) BoundNames(q, out);
      break;
    case NodeKind::kRestElement: BoundNames(p->As<RestElement>()->argument, out); break;
    case NodeKind::kAssignmentPattern: BoundNames(p->As<AssignmentPattern>()->left, out); break;
    default: break;
  }
}

// Binary operator precedence by token (higher binds tighter; 0: not a binary operator), a
// table: it is asked after every operand.
struct PrecedenceTable {
  uint8_t prec[256] = {};
  constexpr PrecedenceTable() {
    const struct {
      Tok tok;
      uint8_t prec;
    } ops[] = {{Tok::kQuestionQuestion, 1}, {Tok::kPipePipe, 2}, {Tok::kAmpAmp, 3}, {Tok::kPipe, 4},
               {Tok::kCaret, 5},  {Tok::kAmp, 6},  {Tok::kEq, 7},  {Tok::kNe, 7}, {Tok::kStrictEq, 7},
               {Tok::kStrictNe, 7}, {Tok::kLt, 8}, {Tok::kGt, 8}, {Tok::kLe, 8}, {Tok::kGe, 8},
               {Tok::kInstanceof, 8}, {Tok::kIn, 8}, {Tok::kShl, 9}, {Tok::kSar, 9}, {Tok::kShr, 9},
               {Tok::kPlus, 10}, {Tok::kMinus, 10}, {Tok::kStar, 11}, {Tok::kSlash, 11},
               {Tok::kPercent, 11}, {Tok::kStarStar, 12}};
    for (const auto& op : ops) prec[static_cast<uint8_t>(op.tok)] = op.prec;
  }
};
constexpr PrecedenceTable kPrecedence;

inline int BinaryPrecedence(Tok t, bool allow_in) {
  if (t == Tok::kIn && !allow_in) return 0;
  return kPrecedence.prec[static_cast<uint8_t>(t)];
}

Op BinaryOp(Tok t) {
  switch (t) {
    case Tok::kQuestionQuestion: return Op::kNullish;
    case Tok::kPipePipe: return Op::kOr;
    case Tok::kAmpAmp: return Op::kAnd;
    case Tok::kPipe: return Op::kBitOr;
    case Tok::kCaret: return Op::kBitXor;
    case Tok::kAmp: return Op::kBitAnd;
    case Tok::kEq: return Op::kEq;
    case Tok::kNe: return Op::kNe;
    case Tok::kStrictEq: return Op::kStrictEq;
    case Tok::kStrictNe: return Op::kStrictNe;
    case Tok::kLt: return Op::kLt;
    case Tok::kGt: return Op::kGt;
    case Tok::kLe: return Op::kLe;
    case Tok::kGe: return Op::kGe;
    case Tok::kInstanceof: return Op::kInstanceof;
    case Tok::kIn: return Op::kIn;
    case Tok::kShl: return Op::kShl;
    case Tok::kSar: return Op::kSar;
    case Tok::kShr: return Op::kShr;
    case Tok::kPlus: return Op::kAdd;
    case Tok::kMinus: return Op::kSub;
    case Tok::kStar: return Op::kMul;
    case Tok::kSlash: return Op::kDiv;
    case Tok::kPercent: return Op::kMod;
    default: return Op::kExp;
  }
}

bool AssignOp(Tok t, Op* op) {
  switch (t) {
    case Tok::kAssign: *op = Op::kAssign; return true;
    case Tok::kPlusAssign: *op = Op::kAddAssign; return true;
    case Tok::kMinusAssign: *op = Op::kSubAssign; return true;
    case Tok::kStarAssign: *op = Op::kMulAssign; return true;
    case Tok::kSlashAssign: *op = Op::kDivAssign; return true;
    case Tok::kPercentAssign: *op = Op::kModAssign; return true;
    case Tok::kStarStarAssign: *op = Op::kExpAssign; return true;
    case Tok::kShlAssign: *op = Op::kShlAssign; return true;
    case Tok::kSarAssign: *op = Op::kSarAssign; return true;
    case Tok::kShrAssign: *op = Op::kShrAssign; return true;
    case Tok::kPipeAssign: *op = Op::kBitOrAssign; return true;
    case Tok::kCaretAssign: *op = Op::kBitXorAssign; return true;
    case Tok::kAmpAssign: *op = Op::kBitAndAssign; return true;
    case Tok::kPipePipeAssign: *op = Op::kOrAssign; return true;
    case Tok::kAmpAmpAssign: *op = Op::kAndAssign; return true;
    case Tok::kQuestionQuestionAssign: *op = Op::kNullishAssign; return true;
    default: return false;
  }
}

class Parser {
 public:
  Parser(std::string_view source, Arena& arena, const ParseOptions& options)
      : src_(source), arena_(arena), options_(options), lex_(source, arena, options.module) {}

  Program* Run();

 private:
  // ---- tokens ----
  const Token& tok() const { return lex_.token(); }
  Tok type() const { return lex_.token().type; }
  void Next() {
    lex_.Next();
    if (lex_.has_error()) throw ParseAbort{lex_.error_pos(), lex_.error_message()};
  }
  bool Is(Tok t) const { return type() == t; }
  bool Eat(Tok t) {
    if (type() != t) return false;
    Next();
    return true;
  }
  bool IsName(Ctx name) const { return type() == Tok::kIdentifier && tok().contextual == name; }
  bool EatName(Ctx name) {
    if (!IsName(name)) return false;
    Next();
    return true;
  }
  [[noreturn]] void Fail(uint32_t pos, std::string message) { throw ParseAbort{pos, std::move(message)}; }

  // Untrusted input must not overflow the stack: nesting is limited, in the parser's own
  // recursion and in the depth of left-leaning chains (a+b+c..., a.b.c...) that later
  // recursive passes walk.
  static constexpr uint32_t kMaxNesting = 1000;
  static constexpr uint32_t kMaxChain = 10000;
  struct DepthGuard {
    explicit DepthGuard(Parser& p) : parser(p) {
      if (++parser.depth_ > kMaxNesting) parser.Fail(parser.tok().start, "Too much nesting: the program is nested more than 1000 levels deep");
    }
    ~DepthGuard() { --parser.depth_; }
    Parser& parser;
  };
  void CheckChain(uint32_t length) {
    if (length > kMaxChain) Fail(tok().start, "Expression too long: more than 10000 chained operations");
  }
  [[noreturn]] void Unexpected() {
    if (type() == Tok::kEof) Fail(tok().start, "Unexpected end of input");
    std::string text(src_.substr(tok().start, tok().end - tok().start));
    if (type() == Tok::kTemplate) text = "template";
    if (text.size() > 40) text = text.substr(0, 40) + "...";
    Fail(tok().start, "Unexpected token '" + text + "'");
  }
  void Expect(Tok t) {
    if (!Eat(t)) Unexpected();
  }
  // Automatic semicolon insertion.
  bool CanInsertSemicolon() const {
    return type() == Tok::kEof || type() == Tok::kRBrace || tok().newline_before;
  }
  void Semicolon() {
    if (!Eat(Tok::kSemicolon) && !CanInsertSemicolon()) Unexpected();
  }
  // The first character after the current token, skipping spaces and tabs; 0 when a line
  // break, comment or non-ASCII character comes first (then callers use Peek()).
  char PeekChar() const {
    size_t i = tok().end;
    while (i < src_.size() && (src_[i] == ' ' || src_[i] == '\t')) ++i;
    if (i >= src_.size()) return 0;
    char c = src_[i];
    if (c == '/' || c == '\n' || c == '\r' || static_cast<unsigned char>(c) >= 0x80) return 0;
    return c;
  }
  // Whether "=>" follows the current token (spaces and tabs between); used after PeekChar
  // returned '='.
  bool ArrowFollows() const {
    size_t i = tok().end;
    while (i < src_.size() && (src_[i] == ' ' || src_[i] == '\t')) ++i;
    return i + 1 < src_.size() && src_[i] == '=' && src_[i + 1] == '>';
  }
  // One-token lookahead.
  Token Peek() {
    Lexer::State s = lex_.Save();
    Next();
    Token t = tok();
    lex_.Restore(s);
    return t;
  }

  template <typename T>
  T* Start() {
    T* n = arena_.New<T>();
    n->start = tok().start;
    return n;
  }
  template <typename T>
  T* StartAt(uint32_t start) {
    T* n = arena_.New<T>();
    n->start = start;
    return n;
  }
  template <typename T>
  T* Finish(T* n) {
    n->end = lex_.prev_end();
    return n;
  }

  // ---- scopes ----
  // Scopes are reused (cleared, keeping their capacity) so entering one does not allocate.
  void EnterScope(uint8_t flags) {
    if (scope_depth_ == scopes_.size()) scopes_.emplace_back();
    DeclScope& s = scopes_[scope_depth_++];
    s.flags = flags;
    s.var.Clear();
    s.lexical.Clear();
    s.functions.Clear();
    s.params.Clear();
    s.non_plain_functions.Clear();
    s.catch_param = {};
  }
  void ExitScope() { --scope_depth_; }
  DeclScope& CurrentScope() { return scopes_[scope_depth_ - 1]; }
  void Declare(std::string_view name, BindKind kind, uint32_t pos, bool plain_function = true);
  void DeclarePattern(Node* pattern, BindKind kind);

  // ---- identifiers ----
  void CheckBindingIdentifier(std::string_view name, uint32_t pos, bool escaped);
  void CheckIdentifierReference(std::string_view name, uint32_t pos, bool escaped);
  Identifier* ParseIdentifierName();  // any IdentifierName incl. keywords (property names)
  Identifier* ParseBindingIdentifier();
  Identifier* ParseIdentifierReference();

  // ---- statements ----
  void ParseDirectivesAndBody(ListBuilder& body, Tok end);
  Node* ParseStatementListItem();
  Node* ParseStatement(bool labelled_function_ok = false);
  Node* ParseBlock(bool new_scope = true);
  Node* ParseVarStatement(VarKind kind);
  VariableDeclaration* ParseVariableDeclarations(VarKind kind, bool allow_in, bool in_for);
  Node* ParseIf();
  Node* ParseFor();
  Node* ParseWhile();
  Node* ParseDoWhile();
  Node* ParseReturn();
  Node* ParseBreakContinue(bool is_break);
  Node* ParseThrow();
  Node* ParseTry();
  Node* ParseSwitch();
  Node* ParseWith();
  Node* ParseLabelledOrExpression();
  Node* ParseLoopBody();
  bool IsLetDeclaration();
  bool IsAsyncFunctionStart();

  // ---- functions and classes ----
  Function* ParseFunction(Function* fn, bool is_statement, bool is_async, bool optional_id);
  void ParseFunctionParamsAndBody(Function* fn, bool is_method, bool is_constructor,
                                  bool derived_class, bool is_getter, bool is_setter);
  void ParseFormalParameters(Function* fn, ListBuilder& params);
  void ParseFunctionBody(Function* fn, bool expression_body);
  void CheckParams(Function* fn, bool allow_duplicates);
  Node* ParseArrowFunction(uint32_t start, NodeList<> params, bool is_async);
  Class* ParseClass(Class* cls, bool is_statement, bool optional_id);
  Node* ParseClassElement(bool derived, bool* has_constructor);
  Node* ParsePropertyName(bool* computed, bool allow_private);
  // `async`, `*`, `get`/`set` before a property or method name. A modifier word is a modifier
  // only when a name follows it (`{ get: 1 }`, `{ async() {} }` use it as the name); after
  // `async` the name must be on the same line.
  struct Modifiers {
    bool is_async = false;
    bool is_generator = false;
    int accessor = 0;  // 1: get, 2: set
  };
  bool ModifierApplies(bool same_line) {
    Token next = Peek();
    if (same_line && next.newline_before) return false;
    switch (next.type) {
      case Tok::kLParen: case Tok::kComma: case Tok::kRBrace: case Tok::kColon: case Tok::kAssign:
      case Tok::kSemicolon: case Tok::kEof:
        return false;
      default:
        return true;
    }
  }
  Modifiers ParseModifiers() {
    Modifiers m;
    if (IsName(Ctx::kAsync) && ModifierApplies(true)) {
      m.is_async = true;
      Next();
    }
    if (Eat(Tok::kStar)) m.is_generator = true;
    if (!m.is_async && !m.is_generator && (IsName(Ctx::kGet) || IsName(Ctx::kSet)) && ModifierApplies(false)) {
      m.accessor = IsName(Ctx::kGet) ? 1 : 2;
      Next();
    }
    return m;
  }

  // ---- expressions ----
  Node* ParseExpression(bool allow_in = true, CoverErrors* cover = nullptr);
  Node* ParseAssignment(bool allow_in = true, CoverErrors* cover = nullptr);
  Node* ParseConditional(bool allow_in, CoverErrors* cover);
  Node* ParseBinary(int min_prec, bool allow_in, CoverErrors* cover);
  [[gnu::noinline]] Node* ParsePrivateIn(bool allow_in);  // `#x` before `in`
  // The operators after `left` (ParseBinary's loop, apart so that an operand without one
  // returns from a small function).
  [[gnu::noinline]] Node* ParseBinaryRest(Node* left, uint32_t start, int min_prec, bool allow_in,
                                          CoverErrors* cover);
  Node* ParseUnary(CoverErrors* cover);
  Node* ParseUpdateOrPostfix(CoverErrors* cover);
  Node* ParseSubscripts(Node* base, uint32_t start, bool no_calls, CoverErrors* cover);
  [[gnu::noinline]] Node* ParseSubscriptsRest(Node* base, uint32_t start, bool no_calls, CoverErrors* cover);
  Node* ParseLeftHandSide(CoverErrors* cover);
  Node* ParseNew();
  Node* ParsePrimary(CoverErrors* cover);
  Node* ParseParenthesized(CoverErrors* cover);
  Node* ParseArrayLiteral(CoverErrors* cover);
  Node* ParseObjectLiteral(CoverErrors* cover);
  Node* ParseTemplate(bool tagged);
  Node* ParseYield(bool allow_in);
  Node* ParseAwait();
  NodeList<> ParseArguments(bool* has_trailing = nullptr);
  Literal* ParseStringLiteral();
  Literal* MakeLiteralFromToken();
  // Both fields of a kind are -1 when there is nothing to report: one AND tells.
  void CheckCoverErrors(const CoverErrors& cover, bool as_pattern) {
    int pending = as_pattern ? cover.trailing_comma & cover.parenthesized_pattern
                             : cover.shorthand_assign & cover.double_proto;
    if (pending >= 0) FailCoverErrors(cover, as_pattern);
  }
  [[noreturn, gnu::cold, gnu::noinline]] void FailCoverErrors(const CoverErrors& cover, bool as_pattern);
  // An arrow function is an AssignmentExpression: it cannot be an operand.
  void RejectBareArrow(Node* n) {
    if (n->kind == NodeKind::kArrowFunctionExpression && !n->parenthesized) {
      Fail(n->start, "Malformed arrow function parameter list");
    }
  }
  // `if (x) l: function f() {}` and loop bodies: labelled functions are not allowed there.
  void RejectLabelledFunction(Node* body) {
    while (body->kind == NodeKind::kLabeledStatement) {
      body = body->As<LabeledStatement>()->body;
      if (body->kind == NodeKind::kFunctionDeclaration) {
        Fail(body->start, "In non-strict mode code, functions can only be declared at top level, inside a block, or as the body of an if statement");
      }
    }
  }

  // ---- patterns ----
  Node* ParseBindingTarget();
  Node* ParseBindingElement();
  Node* ParseBindingPattern();
  Node* ToAssignmentTarget(Node* expr, bool is_binding);
  Node* ToSimpleAssignmentTarget(Node* expr);
  bool IsValidSimpleTarget(Node* expr) const;

  // ---- modules ----
  Node* ParseImportDeclaration();
  Node* ParseExport();
  Node* ParseModuleExportName();
  void AddExportedName(std::string_view name, uint32_t pos);
  void CheckPrivateNames(PrivateNameScope& scope);

  std::string_view src_;
  Arena& arena_;
  ParseOptions options_;
  Lexer lex_;
  uint32_t depth_ = 0;
  FunctionContext fn_;
  std::vector<DeclScope> scopes_;
  size_t scope_depth_ = 0;
  std::vector<Node*> scratch_;        // ListBuilder stack
  std::vector<Node*> quasi_scratch_;  // template quasis, built alongside their expressions
  std::vector<PrivateNameScope> private_scopes_;
  std::vector<std::string_view> exported_;
  std::vector<std::pair<std::string_view, uint32_t>> export_locals_;
  // Where `yield`/`await` appeared in a region that may turn into arrow parameters.
  int yield_pos_ = -1;
  int await_pos_ = -1;
  int await_ident_pos_ = -1;
  bool in_module_top_level() const { return options_.module && !fn_.in_function && !fn_.in_static_block; }
  bool await_is_keyword() const {
    return fn_.is_async || (options_.module && !fn_.in_function) ;
  }
};

// ---- scope and declarations --------------------------------------------------------------

void Parser::Declare(std::string_view name, BindKind kind, uint32_t pos, bool plain_function) {
  auto redeclared = [&]() { Fail(pos, "Identifier '" + std::string(name) + "' has already been declared"); };
  DeclScope& scope = CurrentScope();
  switch (kind) {
    case BindKind::kLexical:
    case BindKind::kClassName: {
      if (DeclScope::Has(scope.lexical, name) || DeclScope::Has(scope.functions, name) ||
          DeclScope::Has(scope.var, name) || DeclScope::Has(scope.params, name) ||
          scope.catch_param == name) {
        redeclared();
      }
      scope.lexical.Add(name);
      break;
    }
    case BindKind::kSimpleCatch:
      scope.catch_param = name;
      break;
    case BindKind::kParam:
      scope.params.Add(name);
      break;
    case BindKind::kFunction: {
      bool var_like = (scope.flags & DeclScope::kFunction) &&
                      !((scope.flags & DeclScope::kTop) && options_.module);
      if (var_like) {
        if (DeclScope::Has(scope.lexical, name)) redeclared();
        scope.functions.Add(name);
      } else {
        // In a block (or at module top level) a function is lexical; sloppy scripts allow
        // duplicate plain function declarations in a block (Annex B).
        if (DeclScope::Has(scope.lexical, name) || DeclScope::Has(scope.var, name) ||
            scope.catch_param == name) {
          redeclared();
        }
        if (DeclScope::Has(scope.functions, name) &&
            (fn_.strict || options_.module || !plain_function || DeclScope::Has(scope.non_plain_functions, name))) {
          redeclared();
        }
        scope.functions.Add(name);
        if (!plain_function) scope.non_plain_functions.Add(name);
      }
      break;
    }
    case BindKind::kVar: {
      for (size_t i = scope_depth_; i-- > 0;) {
        DeclScope& s = scopes_[i];
        bool function_scope = s.flags & DeclScope::kFunction;
        if (DeclScope::Has(s.lexical, name)) redeclared();
        // A var may redeclare a simple catch parameter (Annex B), not a block function.
        if (!function_scope && DeclScope::Has(s.functions, name)) redeclared();
        if (function_scope && (s.flags & DeclScope::kTop) && options_.module &&
            DeclScope::Has(s.functions, name)) {
          redeclared();
        }
        s.var.Add(name);
        if (function_scope) break;
      }
      break;
    }
  }
}

void Parser::DeclarePattern(Node* pattern, BindKind kind) {
  if (!pattern) return;
  switch (pattern->kind) {
    case NodeKind::kIdentifier:
      Declare(pattern->As<Identifier>()->name, kind, pattern->start);
      break;
    case NodeKind::kObjectPattern:
      for (Node* p : pattern->As<ObjectPattern>()->properties) {
        if (p->kind == NodeKind::kProperty) {
          DeclarePattern(p->As<Property>()->value, kind);
        } else {
          DeclarePattern(p, kind);
        }
      }
      break;
    case NodeKind::kArrayPattern:
      for (Node* e : pattern->As<ArrayPattern>()->elements) DeclarePattern(e, kind);
      break;
    case NodeKind::kRestElement:
      DeclarePattern(pattern->As<RestElement>()->argument, kind);
      break;
    case NodeKind::kAssignmentPattern:
      DeclarePattern(pattern->As<AssignmentPattern>()->left, kind);
      break;
    default:
      break;
  }
}

// ---- identifiers -------------------------------------------------------------------------

void Parser::CheckIdentifierReference(std::string_view name, uint32_t pos, bool escaped) {
  // Fast path: most identifiers are none of the special names below (let, yield, await,
  // arguments, and the strict mode reserved words public, static, package, private,
  // interface, protected, implements).
  if (!escaped) {
    if (name.empty()) return;
    char c = name[0];
    if (c != 'l' && c != 'y' && c != 'p' && c != 's' && c != 'i' && c != 'a') return;
    if (!fn_.strict && name.size() != 5 && name.size() != 9) return;
  }
  if (escaped && IsReservedWord(name)) Fail(pos, "Keyword must not contain escaped characters");
  if (fn_.strict && IsStrictReservedWord(name)) {
    Fail(pos, "Unexpected strict mode reserved word '" + std::string(name) + "'");
  }
  if (name == "yield") {
    if (fn_.is_generator) {
      if (fn_.in_params || escaped) Fail(pos, "Yield expression not allowed in formal parameter");
      Fail(pos, "Cannot use 'yield' as an identifier inside a generator");
    }
  } else if (name == "await") {
    if (options_.module) Fail(pos, "Cannot use keyword 'await' outside an async function");
    if (await_is_keyword()) Fail(pos, "Cannot use 'await' as an identifier inside an async function");
    if (fn_.in_static_block) Fail(pos, "Cannot use 'await' in class static initialization block");
    if (await_ident_pos_ < 0) await_ident_pos_ = static_cast<int>(pos);
  } else if (name == "arguments") {
    if (!fn_.allow_arguments) Fail(pos, "'arguments' is not allowed in class field initializer or static initialization block");
  } else if (escaped && IsReservedWord(name)) {
    Fail(pos, "Unexpected keyword '" + std::string(name) + "'");
  }
}

void Parser::CheckBindingIdentifier(std::string_view name, uint32_t pos, bool escaped) {
  CheckIdentifierReference(name, pos, escaped);
  if (fn_.strict && (name == "eval" || name == "arguments")) {
    Fail(pos, "Binding " + std::string(name) + " in strict mode");
  }
}

Identifier* Parser::ParseIdentifierName() {
  if (type() != Tok::kIdentifier && !IsKeywordToken(type())) Unexpected();
  auto* id = Start<Identifier>();
  id->name = tok().value.empty() ? TokText(type()) : tok().value;
  if (IsKeywordToken(type())) id->name = TokText(type());
  Next();
  return Finish(id);
}

Identifier* Parser::ParseBindingIdentifier() {
  if (type() != Tok::kIdentifier) {
    if (IsKeywordToken(type())) {
      Fail(tok().start, "Unexpected keyword '" + std::string(TokText(type())) + "'");
    }
    Unexpected();
  }
  CheckBindingIdentifier(tok().value, tok().start, tok().escaped);
  auto* id = Start<Identifier>();
  id->name = tok().value;
  Next();
  return Finish(id);
}

Identifier* Parser::ParseIdentifierReference() {
  if (type() != Tok::kIdentifier) Unexpected();
  CheckIdentifierReference(tok().value, tok().start, tok().escaped);
  auto* id = Start<Identifier>();
  id->name = tok().value;
  Next();
  return Finish(id);
}

// ---- program -----------------------------------------------------------------------------

Program* Parser::Run() {
  fn_.strict = options_.module;
  Next();
  auto* program = Start<Program>();
  program->start = 0;
  program->is_module = options_.module;
  EnterScope(DeclScope::kFunction | DeclScope::kTop);
  private_scopes_.clear();
  ListBuilder body(scratch_);
  ParseDirectivesAndBody(body, Tok::kEof);
  program->body = body.Finish(arena_);
  program->end = static_cast<uint32_t>(src_.size());
  if (options_.module) {
    DeclScope& top = CurrentScope();
    for (auto& [name, pos] : export_locals_) {
      if (!DeclScope::Has(top.lexical, name) && !DeclScope::Has(top.var, name) &&
          !DeclScope::Has(top.functions, name)) {
        Fail(pos, "Export '" + std::string(name) + "' is not defined");
      }
    }
  }
  ExitScope();
  return program;
}

void Parser::ParseDirectivesAndBody(ListBuilder& body, Tok end) {
  bool in_prologue = true;
  uint32_t first_octal = UINT32_MAX;
  while (!Is(end)) {
    if (in_prologue) {
      if (Is(Tok::kString)) {
        Token t = tok();
        if (t.legacy_octal && first_octal == UINT32_MAX) first_octal = t.octal_pos;
        Node* stmt = ParseStatementListItem();
        auto* es = stmt->As<ExpressionStatement>();
        if (stmt->kind == NodeKind::kExpressionStatement && es->expression->kind == NodeKind::kLiteral &&
            !es->expression->parenthesized && es->expression->start == t.start) {
          es->is_directive = true;
          es->directive = src_.substr(t.start + 1, t.end - t.start - 2);
          if (es->directive == "use strict") {
            if (!fn_.strict) {
              fn_.strict = true;
              if (first_octal != UINT32_MAX) Fail(first_octal, "Octal escape sequences are not allowed in strict mode");
            }
          }
          body.Add(stmt);
          continue;
        }
        in_prologue = false;
        body.Add(stmt);
        continue;
      }
      in_prologue = false;
    }
    body.Add(ParseStatementListItem());
  }
}

// ---- statements --------------------------------------------------------------------------

bool Parser::IsLetDeclaration() {
  // `let` starts a declaration when followed by an identifier, '[' or '{'.
  if (!IsName(Ctx::kLet)) return false;
  Token next = Peek();
  if (next.type == Tok::kLBracket || next.type == Tok::kLBrace) return true;
  if (next.type == Tok::kIdentifier) {
    // `let` followed on the next line by `in`/`instanceof`-like identifiers still declares,
    // except for the contextual cases the spec excludes (`let \n let` is an error later).
    return true;
  }
  if (IsKeywordToken(next.type) && !fn_.strict) {
    // `let yield` etc. are handled as identifiers; keywords after let are an error anyway.
    return next.type == Tok::kIn || next.type == Tok::kInstanceof ? false : true;
  }
  return false;
}

bool Parser::IsAsyncFunctionStart() {
  if (!IsName(Ctx::kAsync)) return false;
  Token next = Peek();
  return next.type == Tok::kFunction && !next.newline_before;
}

Node* Parser::ParseStatementListItem() {
  switch (type()) {
    case Tok::kFunction:
      return ParseFunction(arena_.New<FunctionDeclaration>(), true, false, false);
    case Tok::kClass:
      return ParseClass(arena_.New<ClassDeclaration>(), true, false);
    case Tok::kConst:
      return ParseVarStatement(VarKind::kConst);
    case Tok::kImport: {
      Token next = Peek();
      if (next.type != Tok::kLParen && next.type != Tok::kDot) {
        if (!options_.module) Fail(tok().start, "Cannot use import statement outside a module");
        if (fn_.in_function || scope_depth_ != 1) Unexpected();
        return ParseImportDeclaration();
      }
      break;
    }
    case Tok::kExport:
      if (!options_.module) Fail(tok().start, "Unexpected token 'export'");
      if (fn_.in_function || scope_depth_ != 1) Unexpected();
      return ParseExport();
    default:
      break;
  }
  if (IsLetDeclaration()) return ParseVarStatement(VarKind::kLet);
  if (IsAsyncFunctionStart()) {
    uint32_t start = tok().start;
    Next();
    auto* fn = ParseFunction(StartAt<FunctionDeclaration>(start), true, true, false);
    fn->start = start;
    return fn;
  }
  return ParseStatement();
}

Node* Parser::ParseStatement(bool labelled_function_ok) {
  DepthGuard guard(*this);
  switch (type()) {
    case Tok::kLBrace:
      return ParseBlock();
    case Tok::kSemicolon: {
      auto* n = Start<EmptyStatement>();
      Next();
      return Finish(n);
    }
    case Tok::kVar:
      return ParseVarStatement(VarKind::kVar);
    case Tok::kIf:
      return ParseIf();
    case Tok::kFor:
      return ParseFor();
    case Tok::kWhile:
      return ParseWhile();
    case Tok::kDo:
      return ParseDoWhile();
    case Tok::kReturn:
      return ParseReturn();
    case Tok::kBreak:
      return ParseBreakContinue(true);
    case Tok::kContinue:
      return ParseBreakContinue(false);
    case Tok::kThrow:
      return ParseThrow();
    case Tok::kTry:
      return ParseTry();
    case Tok::kSwitch:
      return ParseSwitch();
    case Tok::kWith:
      return ParseWith();
    case Tok::kDebugger: {
      auto* n = Start<DebuggerStatement>();
      Next();
      Semicolon();
      return Finish(n);
    }
    case Tok::kFunction:
      if (!labelled_function_ok || fn_.strict) {
        Fail(tok().start, fn_.strict ? "In strict mode code, functions can only be declared at top level or inside a block"
                                     : "In non-strict mode code, functions can only be declared at top level, inside a block, or as the body of an if statement");
      }
      {
        Node* f = ParseFunction(arena_.New<FunctionDeclaration>(), true, false, false);
        if (f->As<Function>()->is_generator) Fail(f->start, "Generators can only be declared at the top level or inside a block");
        return f;
      }
    case Tok::kClass:
    case Tok::kConst:
      Unexpected();
    case Tok::kImport: {
      Token next = Peek();
      if (next.type != Tok::kLParen && next.type != Tok::kDot) Unexpected();
      break;
    }
    case Tok::kExport:
      Unexpected();
    default:
      break;
  }
  if (IsName(Ctx::kLet)) {
    Token next = Peek();
    if (next.type == Tok::kLBracket) Fail(tok().start, "Lexical declaration cannot appear in a single-statement context");
    if ((next.type == Tok::kIdentifier || next.type == Tok::kLBrace) && !next.newline_before) {
      Fail(tok().start, "Lexical declaration cannot appear in a single-statement context");
    }
  }
  if (IsAsyncFunctionStart()) Fail(tok().start, "Async functions can only be declared at the top level or inside a block");
  return ParseLabelledOrExpression();
}

Node* Parser::ParseBlock(bool new_scope) {
  auto* block = Start<BlockStatement>();
  Expect(Tok::kLBrace);
  if (new_scope) EnterScope(0);
  ListBuilder body(scratch_);
  while (!Is(Tok::kRBrace)) {
    if (Is(Tok::kEof)) Unexpected();
    body.Add(ParseStatementListItem());
  }
  Next();
  if (new_scope) ExitScope();
  block->body = body.Finish(arena_);
  return Finish(block);
}

Node* Parser::ParseVarStatement(VarKind kind) {
  uint32_t start = tok().start;
  Next();  // var / let / const
  VariableDeclaration* decl = ParseVariableDeclarations(kind, true, false);
  decl->start = start;
  Semicolon();
  return Finish(decl);
}

VariableDeclaration* Parser::ParseVariableDeclarations(VarKind kind, bool allow_in, bool in_for) {
  auto* decl = arena_.New<VariableDeclaration>();
  decl->var_kind = kind;
  ListBuilder list(scratch_);
  BindKind bind = kind == VarKind::kVar ? BindKind::kVar : BindKind::kLexical;
  while (true) {
    auto* d = Start<VariableDeclarator>();
    if (kind != VarKind::kVar && IsName(Ctx::kLet)) Fail(tok().start, "let is disallowed as a lexically bound name");
    d->id = ParseBindingTarget();
    DeclarePattern(d->id, bind);
    if (Eat(Tok::kAssign)) {
      d->init = ParseAssignment(allow_in);
    } else if (!in_for || !(Is(Tok::kIn) || IsName(Ctx::kOf))) {
      if (kind == VarKind::kConst) Fail(tok().start, "Missing initializer in const declaration");
      if (d->id->kind != NodeKind::kIdentifier) Fail(tok().start, "Missing initializer in destructuring declaration");
    }
    list.Add(Finish(d));
    if (!Eat(Tok::kComma)) break;
  }
  decl->declarations = list.Finish<VariableDeclarator>(arena_);
  return decl;
}

Node* Parser::ParseIf() {
  auto* n = Start<IfStatement>();
  Next();
  Expect(Tok::kLParen);
  n->test = ParseExpression();
  Expect(Tok::kRParen);
  auto body = [&]() -> Node* {
    // Annex B: `if (x) function f() {}` in sloppy mode, as if in a block.
    if (Is(Tok::kFunction) && !fn_.strict) {
      EnterScope(0);
      Node* f = ParseFunction(arena_.New<FunctionDeclaration>(), true, false, false);
      ExitScope();
      return f;
    }
    Node* stmt = ParseStatement();
    RejectLabelledFunction(stmt);
    return stmt;
  };
  n->consequent = body();
  if (Eat(Tok::kElse)) n->alternate = body();
  return Finish(n);
}

Node* Parser::ParseLoopBody() {
  ++fn_.loop_depth;
  Node* body = ParseStatement();
  --fn_.loop_depth;
  RejectLabelledFunction(body);
  return body;
}

Node* Parser::ParseWhile() {
  auto* n = Start<WhileStatement>();
  Next();
  Expect(Tok::kLParen);
  n->test = ParseExpression();
  Expect(Tok::kRParen);
  n->body = ParseLoopBody();
  return Finish(n);
}

Node* Parser::ParseDoWhile() {
  auto* n = Start<DoWhileStatement>();
  Next();
  n->body = ParseLoopBody();
  Expect(Tok::kWhile);
  Expect(Tok::kLParen);
  n->test = ParseExpression();
  Expect(Tok::kRParen);
  Eat(Tok::kSemicolon);  // a semicolon is always inserted after do-while
  return Finish(n);
}

Node* Parser::ParseFor() {
  uint32_t start = tok().start;
  Next();
  bool is_await = false;
  if (IsName(Ctx::kAwait)) {
    if (!await_is_keyword()) Unexpected();
    is_await = true;
    Next();
  }
  Expect(Tok::kLParen);
  EnterScope(0);
  Node* init = nullptr;
  uint32_t init_start = tok().start;
  auto finish_in_of = [&](Node* left, bool decl) -> Node* {
    bool is_of = IsName(Ctx::kOf);
    if (decl) {
      auto* vd = left->As<VariableDeclaration>();
      if (vd->declarations.size != 1) {
        Fail(left->start, std::string("Invalid left-hand side in for-") + (is_of ? "of" : "in") + " loop: Must have a single binding.");
      }
      VariableDeclarator* d = vd->declarations[0];
      if (d->init) {
        // Annex B allows `for (var x = 1 in o)` in sloppy mode.
        if (is_of || fn_.strict || vd->var_kind != VarKind::kVar || d->id->kind != NodeKind::kIdentifier) {
          Fail(left->start, std::string("for-") + (is_of ? "of" : "in") + " loop variable declaration may not have an initializer.");
        }
      }
    }
    Node* result;
    if (is_of) {
      Next();
      auto* n = StartAt<ForOfStatement>(start);
      n->is_await = is_await;
      n->left = left;
      n->right = ParseAssignment(true);
      Expect(Tok::kRParen);
      n->body = ParseLoopBody();
      result = Finish(n);
    } else {
      if (is_await) Unexpected();
      Next();
      auto* n = StartAt<ForInStatement>(start);
      n->left = left;
      n->right = ParseExpression();
      Expect(Tok::kRParen);
      n->body = ParseLoopBody();
      result = Finish(n);
    }
    ExitScope();
    return result;
  };

  if (Is(Tok::kVar) || Is(Tok::kConst) || (IsName(Ctx::kLet) && [&] {
        Token next = Peek();
        return next.type == Tok::kIdentifier || next.type == Tok::kLBracket || next.type == Tok::kLBrace ||
               (IsKeywordToken(next.type) && next.type != Tok::kIn && next.type != Tok::kInstanceof);
      }())) {
    VarKind kind = Is(Tok::kVar) ? VarKind::kVar : Is(Tok::kConst) ? VarKind::kConst : VarKind::kLet;
    Next();
    VariableDeclaration* decl = ParseVariableDeclarations(kind, false, true);
    decl->start = init_start;
    Finish(decl);
    if (Is(Tok::kIn) || IsName(Ctx::kOf)) return finish_in_of(decl, true);
    init = decl;
  } else if (!Is(Tok::kSemicolon)) {
    bool starts_with_let = IsName(Ctx::kLet);
    bool starts_with_async = IsName(Ctx::kAsync) && !tok().escaped;
    CoverErrors cover;
    Node* expr = ParseExpression(false, &cover);
    if (Is(Tok::kIn) || IsName(Ctx::kOf)) {
      bool is_of = IsName(Ctx::kOf);
      if (is_of && starts_with_let) Fail(init_start, "The left-hand side of a for-of loop may not be 'let'.");
      if (is_of && starts_with_async && !is_await && expr->kind == NodeKind::kIdentifier && !expr->parenthesized) {
        Fail(init_start, "The left-hand side of a for-of loop may not be 'async'.");
      }
      CheckCoverErrors(cover, true);
      // The head is a LeftHandSideExpression: `for (a = b in c)` is not a default value.
      if (expr->kind == NodeKind::kAssignmentExpression) {
        Fail(expr->start, std::string("Invalid left-hand side in for-") + (is_of ? "of" : "in") + " loop");
      }
      Node* target = ToAssignmentTarget(expr, false);
      return finish_in_of(target, false);
    }
    CheckCoverErrors(cover, false);
    init = expr;
  }
  if (is_await) Unexpected();
  auto* n = StartAt<ForStatement>(start);
  n->init = init;
  Expect(Tok::kSemicolon);
  if (!Is(Tok::kSemicolon)) n->test = ParseExpression();
  Expect(Tok::kSemicolon);
  if (!Is(Tok::kRParen)) n->update = ParseExpression();
  Expect(Tok::kRParen);
  n->body = ParseLoopBody();
  ExitScope();
  return Finish(n);
}

Node* Parser::ParseReturn() {
  if (!fn_.in_function || fn_.in_static_block) Fail(tok().start, "Illegal return statement");
  auto* n = Start<ReturnStatement>();
  Next();
  if (!Is(Tok::kSemicolon) && !CanInsertSemicolon()) n->argument = ParseExpression();
  Semicolon();
  return Finish(n);
}

Node* Parser::ParseBreakContinue(bool is_break) {
  uint32_t start = tok().start;
  Next();
  Identifier* label = nullptr;
  if (Is(Tok::kIdentifier) && !tok().newline_before) {
    label = ParseIdentifierReference();
    bool found = false;
    for (const Label& l : fn_.labels) {
      if (l.name == label->name) {
        if (!is_break && !l.is_loop) Fail(label->start, "Illegal continue statement: '" + std::string(label->name) + "' does not denote an iteration statement");
        found = true;
        break;
      }
    }
    if (!found) Fail(label->start, "Undefined label '" + std::string(label->name) + "'");
  } else if (is_break) {
    if (fn_.loop_depth == 0 && fn_.switch_depth == 0) Fail(start, "Illegal break statement");
  } else if (fn_.loop_depth == 0) {
    Fail(start, "Illegal continue statement: no surrounding iteration statement");
  }
  Semicolon();
  if (is_break) {
    auto* n = StartAt<BreakStatement>(start);
    n->label = label;
    return Finish(n);
  }
  auto* n = StartAt<ContinueStatement>(start);
  n->label = label;
  return Finish(n);
}

Node* Parser::ParseThrow() {
  auto* n = Start<ThrowStatement>();
  Next();
  if (tok().newline_before) Fail(lex_.prev_end(), "Illegal newline after throw");
  n->argument = ParseExpression();
  Semicolon();
  return Finish(n);
}

Node* Parser::ParseTry() {
  auto* n = Start<TryStatement>();
  Next();
  n->block = ParseBlock()->As<BlockStatement>();
  if (Is(Tok::kCatch)) {
    auto* c = Start<CatchClause>();
    Next();
    if (Eat(Tok::kLParen)) {
      c->param = ParseBindingTarget();
      bool simple = c->param->kind == NodeKind::kIdentifier;
      EnterScope(simple ? DeclScope::kCatchSimple : 0);
      if (simple) {
        Declare(c->param->As<Identifier>()->name, BindKind::kSimpleCatch, c->param->start);
      } else {
        DeclarePattern(c->param, BindKind::kLexical);
      }
      Expect(Tok::kRParen);
    } else {
      EnterScope(0);
    }
    c->body = ParseBlock(false)->As<BlockStatement>();
    ExitScope();
    n->handler = Finish(c);
  }
  if (Eat(Tok::kFinally)) n->finalizer = ParseBlock()->As<BlockStatement>();
  if (!n->handler && !n->finalizer) Fail(tok().start, "Missing catch or finally after try");
  return Finish(n);
}

Node* Parser::ParseSwitch() {
  auto* n = Start<SwitchStatement>();
  Next();
  Expect(Tok::kLParen);
  n->discriminant = ParseExpression();
  Expect(Tok::kRParen);
  Expect(Tok::kLBrace);
  EnterScope(0);
  ++fn_.switch_depth;
  ListBuilder cases(scratch_);
  bool seen_default = false;
  while (!Is(Tok::kRBrace)) {
    auto* c = Start<SwitchCase>();
    if (Eat(Tok::kCase)) {
      c->test = ParseExpression();
    } else if (Is(Tok::kDefault)) {
      if (seen_default) Fail(tok().start, "More than one default clause in switch statement");
      seen_default = true;
      Next();
    } else {
      Unexpected();
    }
    Expect(Tok::kColon);
    ListBuilder body(scratch_);
    while (!Is(Tok::kCase) && !Is(Tok::kDefault) && !Is(Tok::kRBrace)) {
      if (Is(Tok::kEof)) Unexpected();
      body.Add(ParseStatementListItem());
    }
    c->consequent = body.Finish(arena_);
    cases.Add(Finish(c));
  }
  Next();
  --fn_.switch_depth;
  ExitScope();
  n->cases = cases.Finish<SwitchCase>(arena_);
  return Finish(n);
}

Node* Parser::ParseWith() {
  if (fn_.strict) Fail(tok().start, "Strict mode code may not include a with statement");
  auto* n = Start<WithStatement>();
  Next();
  Expect(Tok::kLParen);
  n->object = ParseExpression();
  Expect(Tok::kRParen);
  n->body = ParseStatement();
  RejectLabelledFunction(n->body);
  return Finish(n);
}

Node* Parser::ParseLabelledOrExpression() {
  uint32_t start = tok().start;
  char after = Is(Tok::kIdentifier) ? PeekChar() : 0;
  if (Is(Tok::kIdentifier) && (after == 0 || after == ':')) {
    Token next = Peek();
    if (next.type == Tok::kColon) {
      std::string_view name = tok().value;
      bool escaped = tok().escaped;
      if (!(name == "await" && !await_is_keyword() && !fn_.in_static_block) &&
          !(name == "yield" && !fn_.is_generator && !fn_.strict)) {
        CheckIdentifierReference(name, start, escaped);
      } else if (name == "await" && options_.module) {
        CheckIdentifierReference(name, start, escaped);
      }
      auto* label = Start<Identifier>();
      label->name = name;
      Next();
      Finish(label);
      Next();  // ':'
      for (const Label& l : fn_.labels) {
        if (l.name == name) Fail(start, "Label '" + std::string(name) + "' has already been declared");
      }
      // A label names a loop when the statement it labels, after any further labels, is one.
      bool is_loop;
      {
        Lexer::State saved = lex_.Save();
        while (Is(Tok::kIdentifier) && Peek().type == Tok::kColon) {
          Next();
          Next();
        }
        is_loop = Is(Tok::kFor) || Is(Tok::kWhile) || Is(Tok::kDo);
        lex_.Restore(saved);
      }
      fn_.labels.push_back({name, is_loop});
      auto* n = StartAt<LabeledStatement>(start);
      n->label = label;
      n->body = ParseStatement(true);
      fn_.labels.pop_back();
      return Finish(n);
    }
  }
  auto* n = Start<ExpressionStatement>();
  n->expression = ParseExpression();
  Semicolon();
  return Finish(n);
}


// ---- expressions -------------------------------------------------------------------------

void Parser::FailCoverErrors(const CoverErrors& cover, bool as_pattern) {
  if (as_pattern) {
    if (cover.trailing_comma >= 0) Fail(static_cast<uint32_t>(cover.trailing_comma), "Comma is not permitted after the rest element");
    Fail(static_cast<uint32_t>(cover.parenthesized_pattern), "Invalid destructuring assignment target");
  }
  if (cover.shorthand_assign >= 0) Fail(static_cast<uint32_t>(cover.shorthand_assign), "Invalid shorthand property initializer");
  Fail(static_cast<uint32_t>(cover.double_proto), "Duplicate __proto__ fields are not allowed in object literals");
}

Node* Parser::ParseExpression(bool allow_in, CoverErrors* cover) {
  uint32_t start = tok().start;
  Node* expr = ParseAssignment(allow_in, cover);
  if (!Is(Tok::kComma)) return expr;
  ListBuilder list(scratch_);
  list.Add(expr);
  while (Eat(Tok::kComma)) list.Add(ParseAssignment(allow_in, cover));
  auto* seq = StartAt<SequenceExpression>(start);
  seq->expressions = list.Finish(arena_);
  return Finish(seq);
}

Node* Parser::ParseAssignment(bool allow_in, CoverErrors* cover) {
  DepthGuard guard(*this);
  if (IsName(Ctx::kYield) && fn_.is_generator) return ParseYield(allow_in);
  if (fn_.is_generator && Is(Tok::kIdentifier) && tok().escaped && tok().value == "yield") {
    Fail(tok().start, "Keyword must not contain escaped characters");
  }
  uint32_t start = tok().start;
  // Arrow functions with a single identifier parameter: `x => ...`, `async x => ...`.
  char after = Is(Tok::kIdentifier) ? PeekChar() : 0;
  // Only `=>` (x => ...) or an identifier (async x => ...) can make this an arrow; `x = 1`
  // and `x == 1` are ruled out without lexing ahead.
  bool may_be_arrow = Is(Tok::kIdentifier) &&
                      (after == 0 || (after == '=' && ArrowFollows()) ||
                       (IsName(Ctx::kAsync) && after != '(' && after != '.'));
  if (may_be_arrow) {
    Token next = Peek();
    if (next.type == Tok::kArrow) {
      if (next.newline_before) Fail(next.start, "Unexpected token '=>'");
      Identifier* param = ParseBindingIdentifier();
      ListBuilder params(scratch_);
      params.Add(param);
      return ParseArrowFunction(start, params.Finish(arena_), false);
    }
    if (IsName(Ctx::kAsync) && next.type == Tok::kIdentifier && !next.newline_before) {
      Lexer::State saved = lex_.Save();
      Next();
      Next();
      bool arrow = Is(Tok::kArrow) && !tok().newline_before;
      lex_.Restore(saved);
      if (arrow) {
        Next();  // async
        bool saved_async = fn_.is_async;
        fn_.is_async = true;  // `async await => 1` is an error
        Identifier* param = ParseBindingIdentifier();
        fn_.is_async = saved_async;
        ListBuilder params(scratch_);
        params.Add(param);
        return ParseArrowFunction(start, params.Finish(arena_), true);
      }
    }
  }
  CoverErrors local;
  bool own = cover == nullptr;
  if (own) cover = &local;
  Node* left = ParseConditional(allow_in, cover);
  if (left->kind == NodeKind::kArrowFunctionExpression && !left->parenthesized) return left;
  Op op;
  if (AssignOp(type(), &op)) {
    Node* target;
    if (op == Op::kAssign && (left->kind == NodeKind::kObjectExpression || left->kind == NodeKind::kArrayExpression) &&
        !left->parenthesized) {
      CheckCoverErrors(*cover, true);
      target = ToAssignmentTarget(left, false);
      // The shorthand initializers were valid: they belong to the pattern.
      if (cover->shorthand_assign >= static_cast<int>(left->start)) cover->shorthand_assign = -1;
      if (cover->double_proto >= static_cast<int>(left->start)) cover->double_proto = -1;
    } else {
      if (own) CheckCoverErrors(*cover, false);
      target = ToSimpleAssignmentTarget(left);
    }
    Next();
    auto* n = StartAt<AssignmentExpression>(start);
    n->op = op;
    n->left = target;
    n->right = ParseAssignment(allow_in);
    return Finish(n);
  }
  if (own) CheckCoverErrors(*cover, false);
  return left;
}

bool Parser::IsValidSimpleTarget(Node* expr) const {
  if (expr->kind == NodeKind::kParenthesizedExpression) {
    return IsValidSimpleTarget(expr->As<ParenthesizedExpression>()->expression);
  }
  if (expr->kind == NodeKind::kIdentifier) return true;
  if (expr->kind == NodeKind::kMemberExpression) return !expr->As<MemberExpression>()->optional;
  return false;
}

Node* Parser::ToSimpleAssignmentTarget(Node* expr) {
  Node* inner = expr;
  while (inner->kind == NodeKind::kParenthesizedExpression) inner = inner->As<ParenthesizedExpression>()->expression;
  if (inner->kind == NodeKind::kIdentifier) {
    std::string_view name = inner->As<Identifier>()->name;
    if (fn_.strict && (name == "eval" || name == "arguments")) {
      Fail(inner->start, "Assigning to '" + std::string(name) + "' in strict mode");
    }
    return expr;
  }
  if (inner->kind == NodeKind::kMemberExpression) return expr;
  if (inner->kind == NodeKind::kChainExpression) Fail(inner->start, "Invalid left-hand side in assignment");
  Fail(expr->start, "Invalid left-hand side in assignment");
}

Node* Parser::ToAssignmentTarget(Node* expr, bool is_binding) {
  switch (expr->kind) {
    case NodeKind::kIdentifier: {
      if (is_binding && expr->parenthesized) Fail(expr->start, "Invalid destructuring assignment target");
      std::string_view name = expr->As<Identifier>()->name;
      if (fn_.strict && (name == "eval" || name == "arguments")) {
        Fail(expr->start, is_binding ? "Binding " + std::string(name) + " in strict mode"
                                     : "Assigning to '" + std::string(name) + "' in strict mode");
      }
      if (is_binding) CheckBindingIdentifier(name, expr->start, false);
      return expr;
    }
    case NodeKind::kMemberExpression:
      if (is_binding) Fail(expr->start, "Invalid destructuring assignment target");
      if (expr->As<MemberExpression>()->optional) Fail(expr->start, "Invalid left-hand side in assignment");
      return expr;
    case NodeKind::kParenthesizedExpression: {
      Node* inner = expr->As<ParenthesizedExpression>()->expression;
      if (is_binding || inner->kind == NodeKind::kObjectExpression || inner->kind == NodeKind::kArrayExpression) {
        Fail(expr->start, "Invalid destructuring assignment target");
      }
      return ToAssignmentTarget(inner, is_binding);
    }
    case NodeKind::kObjectExpression: {
      if (expr->parenthesized) Fail(expr->start, "Invalid destructuring assignment target");
      auto* obj = expr->As<ObjectExpression>();
      auto* pat = StartAt<ObjectPattern>(expr->start);
      pat->end = expr->end;
      for (uint32_t i = 0; i < obj->properties.size; ++i) {
        Node* p = obj->properties[i];
        if (p->kind == NodeKind::kSpreadElement) {
          if (i + 1 != obj->properties.size) Fail(p->start, "Rest element must be last element");
          Node* arg = p->As<SpreadElement>()->argument;
          if (arg->kind != NodeKind::kIdentifier && !(arg->kind == NodeKind::kMemberExpression && !is_binding)) {
            Fail(arg->start, "`...` must be followed by an assignable reference in assignment contexts");
          }
          auto* rest = StartAt<RestElement>(p->start);
          rest->end = p->end;
          rest->argument = ToAssignmentTarget(arg, is_binding);
          obj->properties.items[i] = rest;
          continue;
        }
        auto* prop = p->As<Property>();
        if (prop->property_kind != PropertyKind::kInit || prop->method) {
          Fail(prop->key->start, "Invalid destructuring assignment target");
        }
        prop->value = ToAssignmentTarget(prop->value, is_binding);
      }
      pat->properties = obj->properties;
      return pat;
    }
    case NodeKind::kArrayExpression: {
      if (expr->parenthesized) Fail(expr->start, "Invalid destructuring assignment target");
      auto* arr = expr->As<ArrayExpression>();
      auto* pat = StartAt<ArrayPattern>(expr->start);
      pat->end = expr->end;
      for (uint32_t i = 0; i < arr->elements.size; ++i) {
        Node* e = arr->elements[i];
        if (!e) continue;
        if (e->kind == NodeKind::kSpreadElement) {
          if (i + 1 != arr->elements.size) Fail(e->start, "Rest element must be last element");
          Node* arg = e->As<SpreadElement>()->argument;
          if (arg->kind == NodeKind::kAssignmentExpression) Fail(arg->start, "Rest elements cannot have a default value");
          auto* rest = StartAt<RestElement>(e->start);
          rest->end = e->end;
          rest->argument = ToAssignmentTarget(arg, is_binding);
          arr->elements.items[i] = rest;
          continue;
        }
        arr->elements.items[i] = ToAssignmentTarget(e, is_binding);
      }
      pat->elements = arr->elements;
      return pat;
    }
    case NodeKind::kAssignmentExpression: {
      auto* a = expr->As<AssignmentExpression>();
      if (a->op != Op::kAssign || expr->parenthesized) Fail(expr->start, "Invalid destructuring assignment target");
      auto* pat = StartAt<AssignmentPattern>(expr->start);
      pat->end = expr->end;
      pat->left = ToAssignmentTarget(a->left, is_binding);
      pat->right = a->right;
      return pat;
    }
    case NodeKind::kAssignmentPattern: {
      auto* a = expr->As<AssignmentPattern>();
      a->left = ToAssignmentTarget(a->left, is_binding);
      return a;
    }
    case NodeKind::kObjectPattern:
    case NodeKind::kArrayPattern:
    case NodeKind::kRestElement:
      if (expr->parenthesized) Fail(expr->start, "Invalid destructuring assignment target");
      return expr;
    default:
      Fail(expr->start, is_binding ? "Invalid destructuring assignment target" : "Invalid left-hand side in assignment");
  }
}

Node* Parser::ParseConditional(bool allow_in, CoverErrors* cover) {
  uint32_t start = tok().start;
  Node* test = ParseBinary(0, allow_in, cover);
  if (!Is(Tok::kQuestion)) return test;
  if (test->kind == NodeKind::kArrowFunctionExpression && !test->parenthesized) return test;
  CheckCoverErrors(*cover, false);
  Next();
  auto* n = StartAt<ConditionalExpression>(start);
  n->test = test;
  n->consequent = ParseAssignment(true);
  Expect(Tok::kColon);
  n->alternate = ParseAssignment(allow_in);
  return Finish(n);
}

Node* Parser::ParseBinary(int min_prec, bool allow_in, CoverErrors* cover) {
  uint32_t start = tok().start;
  Node* left;
  if (Is(Tok::kPrivateName)) {
    left = ParsePrivateIn(allow_in);
  } else {
    left = ParseUnary(cover);
    if (left->kind == NodeKind::kArrowFunctionExpression && !left->parenthesized) return left;
    int prec = BinaryPrecedence(type(), allow_in);
    if (prec == 0 || prec <= min_prec) return left;  // most operands: no operator follows
  }
  return ParseBinaryRest(left, start, min_prec, allow_in, cover);
}

Node* Parser::ParsePrivateIn(bool allow_in) {
  // `#x in obj`
  auto* priv = Start<PrivateIdentifier>();
  priv->name = tok().value;
  uint32_t pos = tok().start;
  Next();
  Finish(priv);
  if (!Is(Tok::kIn) || !allow_in) Unexpected();
  if (private_scopes_.empty()) Fail(pos, "Private field '#" + std::string(priv->name) + "' must be declared in an enclosing class");
  private_scopes_.back().used.emplace_back(priv->name, pos);
  return priv;
}

Node* Parser::ParseBinaryRest(Node* left, uint32_t start, int min_prec, bool allow_in, CoverErrors* cover) {
  bool checked = false;
  uint32_t chain = 0;
  while (true) {
    int prec = BinaryPrecedence(type(), allow_in);
    if (prec == 0 || prec <= min_prec) break;
    if (!checked) {
      CheckCoverErrors(*cover, false);
      checked = true;
    }
    Tok op_tok = type();
    CheckChain(++chain);
    if (op_tok == Tok::kStarStar && left->kind == NodeKind::kUnaryExpression && !left->parenthesized) {
      Fail(left->start, "Unary operator used immediately before exponentiation expression. Parenthesis must be used to disambiguate operator precedence");
    }
    if (op_tok == Tok::kStarStar && left->kind == NodeKind::kAwaitExpression && !left->parenthesized) {
      Fail(left->start, "Unary operator used immediately before exponentiation expression. Parenthesis must be used to disambiguate operator precedence");
    }
    Next();
    Node* right;
    {
      CoverErrors rc;
      // '**' is right-associative: its right side takes operators of equal precedence.
      right = ParseBinary(op_tok == Tok::kStarStar ? prec - 1 : prec, allow_in, &rc);
      CheckCoverErrors(rc, false);
      RejectBareArrow(right);
    }
    Op op = BinaryOp(op_tok);
    bool logical = op == Op::kOr || op == Op::kAnd || op == Op::kNullish;
    if (logical) {
      // `??` cannot mix with `||`/`&&` without parentheses.
      auto is_mixed = [&](Node* side) {
        if (side->parenthesized || side->kind != NodeKind::kLogicalExpression) return false;
        Op o = side->As<LogicalExpression>()->op;
        return (op == Op::kNullish) != (o == Op::kNullish);
      };
      if (is_mixed(left) || is_mixed(right)) {
        Fail(start, "Cannot mix ?? with || or && without parentheses");
      }
      auto* n = StartAt<LogicalExpression>(start);
      n->op = op;
      n->left = left;
      n->right = right;
      left = Finish(n);
    } else {
      if (left->kind == NodeKind::kPrivateIdentifier && op != Op::kIn) Unexpected();
      auto* n = StartAt<BinaryExpression>(start);
      n->op = op;
      n->left = left;
      n->right = right;
      left = Finish(n);
    }
  }
  if (left->kind == NodeKind::kPrivateIdentifier) Unexpected();
  return left;
}

Node* Parser::ParseUnary(CoverErrors* cover) {
  DepthGuard guard(*this);
  uint32_t start = tok().start;
  Op op;
  bool is_unary = true;
  switch (type()) {
    case Tok::kBang: op = Op::kNot; break;
    case Tok::kTilde: op = Op::kBitNot; break;
    case Tok::kPlus: op = Op::kAdd; break;
    case Tok::kMinus: op = Op::kSub; break;
    case Tok::kTypeof: op = Op::kTypeof; break;
    case Tok::kVoid: op = Op::kVoid; break;
    case Tok::kDelete: op = Op::kDelete; break;
    default: is_unary = false; op = Op::kNot; break;
  }
  if (is_unary) {
    Next();
    CoverErrors inner;
    Node* arg = ParseUnary(&inner);
    CheckCoverErrors(inner, false);
    RejectBareArrow(arg);
    if (op == Op::kDelete) {
      Node* target = arg;
      while (target->kind == NodeKind::kParenthesizedExpression) target = target->As<ParenthesizedExpression>()->expression;
      if (fn_.strict && target->kind == NodeKind::kIdentifier) Fail(start, "Delete of an unqualified identifier in strict mode.");
      if (target->kind == NodeKind::kMemberExpression && target->As<MemberExpression>()->property->kind == NodeKind::kPrivateIdentifier) {
        Fail(start, "Private fields can not be deleted");
      }
      if (target->kind == NodeKind::kChainExpression) {
        Node* e = target->As<ChainExpression>()->expression;
        if (e->kind == NodeKind::kMemberExpression && e->As<MemberExpression>()->property->kind == NodeKind::kPrivateIdentifier) {
          Fail(start, "Private fields can not be deleted");
        }
      }
    }
    auto* n = StartAt<UnaryExpression>(start);
    n->op = op;
    n->argument = arg;
    return Finish(n);
  }
  if (Is(Tok::kInc) || Is(Tok::kDec)) {
    Op uop = Is(Tok::kInc) ? Op::kInc : Op::kDec;
    Next();
    CoverErrors inner;
    Node* arg = ParseUnary(&inner);
    CheckCoverErrors(inner, false);
    if (!IsValidSimpleTarget(arg)) Fail(arg->start, "Invalid left-hand side expression in prefix operation");
    ToSimpleAssignmentTarget(arg);
    auto* n = StartAt<UpdateExpression>(start);
    n->op = uop;
    n->prefix = true;
    n->argument = arg;
    return Finish(n);
  }
  if (IsName(Ctx::kAwait) && await_is_keyword() && !fn_.in_static_block) return ParseAwait();
  if (IsName(Ctx::kAwait) && fn_.in_static_block) Fail(tok().start, "Cannot use 'await' in class static initialization block");
  return ParseUpdateOrPostfix(cover);
}

Node* Parser::ParseAwait() {
  uint32_t start = tok().start;
  if (fn_.in_params) Fail(start, "Await expression not allowed in formal parameter");
  if (tok().escaped) Fail(start, "Keyword must not contain escaped characters");
  if (await_pos_ < 0) await_pos_ = static_cast<int>(start);
  Next();
  auto* n = StartAt<AwaitExpression>(start);
  CoverErrors inner;
  n->argument = ParseUnary(&inner);
  CheckCoverErrors(inner, false);
  RejectBareArrow(n->argument);
  return Finish(n);
}

Node* Parser::ParseYield(bool allow_in) {
  uint32_t start = tok().start;
  if (fn_.in_params) Fail(start, "Yield expression not allowed in formal parameter");
  if (yield_pos_ < 0) yield_pos_ = static_cast<int>(start);
  Next();
  auto* n = StartAt<YieldExpression>(start);
  if (tok().newline_before) return Finish(n);
  if (Eat(Tok::kStar)) {
    n->delegate = true;
    n->argument = ParseAssignment(allow_in);
    return Finish(n);
  }
  switch (type()) {
    case Tok::kRParen: case Tok::kRBracket: case Tok::kRBrace: case Tok::kComma:
    case Tok::kSemicolon: case Tok::kColon: case Tok::kEof:
      return Finish(n);
    case Tok::kIn:
      if (!allow_in) return Finish(n);
      Unexpected();
    case Tok::kQuestion:
      return Finish(n);
    default:
      break;
  }
  n->argument = ParseAssignment(allow_in);
  return Finish(n);
}

Node* Parser::ParseUpdateOrPostfix(CoverErrors* cover) {
  uint32_t start = tok().start;
  Node* expr = ParseLeftHandSide(cover);
  if ((Is(Tok::kInc) || Is(Tok::kDec)) && !tok().newline_before) {
    if (expr->kind == NodeKind::kArrowFunctionExpression && !expr->parenthesized) return expr;
    CheckCoverErrors(*cover, false);
    if (!IsValidSimpleTarget(expr)) Fail(expr->start, "Invalid left-hand side expression in postfix operation");
    Op op = Is(Tok::kInc) ? Op::kInc : Op::kDec;
    ToSimpleAssignmentTarget(expr);
    Next();
    auto* n = StartAt<UpdateExpression>(start);
    n->op = op;
    n->prefix = false;
    n->argument = expr;
    return Finish(n);
  }
  return expr;
}

Node* Parser::ParseLeftHandSide(CoverErrors* cover) {
  uint32_t start = tok().start;
  Node* base;
  if (Is(Tok::kNew)) {
    base = ParseNew();
  } else if (Is(Tok::kSuper)) {
    auto* sup = Start<Super>();
    Next();
    Finish(sup);
    if (Is(Tok::kLParen)) {
      if (!fn_.allow_super_call) Fail(sup->start, "'super' keyword unexpected here");
    } else if (Is(Tok::kDot) || Is(Tok::kLBracket)) {
      if (!fn_.allow_super_property) Fail(sup->start, "'super' keyword unexpected here");
    } else {
      Fail(sup->start, "'super' keyword unexpected here");
    }
    base = sup;
  } else if (Is(Tok::kImport)) {
    auto* meta_start = Start<Identifier>();
    Next();
    Finish(meta_start);  // `import` alone, not the dot after it
    if (Eat(Tok::kDot)) {
      meta_start->name = "import";
      if (!IsName(Ctx::kMeta)) Unexpected();
      if (!options_.module) Fail(start, "Cannot use 'import.meta' outside a module");
      auto* mp = StartAt<MetaProperty>(start);
      mp->meta = meta_start;
      mp->property = ParseIdentifierName();
      base = Finish(mp);
    } else {
      if (!Is(Tok::kLParen)) Unexpected();
      Next();
      auto* ie = StartAt<ImportExpression>(start);
      ie->source = ParseAssignment(true);
      if (Is(Tok::kComma)) Fail(tok().start, "Trailing comma is not allowed in import()");
      Expect(Tok::kRParen);
      base = Finish(ie);
    }
  } else {
    base = ParsePrimary(cover);
    if (base->kind == NodeKind::kArrowFunctionExpression && !base->parenthesized) return base;
  }
  return ParseSubscripts(base, start, false, cover);
}

Node* Parser::ParseNew() {
  uint32_t start = tok().start;
  auto* new_id = Start<Identifier>();
  Next();  // new
  Finish(new_id);  // `new` alone, not the dot after it
  if (Eat(Tok::kDot)) {
    new_id->name = "new";
    if (!IsName(Ctx::kTarget)) Unexpected();
    if (!fn_.allow_new_target) Fail(start, "new.target expression is not allowed here");
    auto* mp = StartAt<MetaProperty>(start);
    mp->meta = new_id;
    mp->property = ParseIdentifierName();
    return Finish(mp);
  }
  uint32_t callee_start = tok().start;
  Node* callee;
  if (Is(Tok::kNew)) {
    callee = ParseNew();
  } else if (Is(Tok::kImport)) {
    Token next = Peek();
    if (next.type == Tok::kLParen) Fail(tok().start, "Cannot use new with import(...)");
    CoverErrors c;
    callee = ParseLeftHandSide(&c);
  } else if (Is(Tok::kSuper)) {
    auto* sup = Start<Super>();
    Next();
    Finish(sup);
    if (!(Is(Tok::kDot) || Is(Tok::kLBracket)) || !fn_.allow_super_property) Fail(sup->start, "'super' keyword unexpected here");
    callee = sup;
  } else {
    CoverErrors c;
    callee = ParsePrimary(&c);
    CheckCoverErrors(c, false);
    RejectBareArrow(callee);
  }
  CoverErrors c2;
  callee = ParseSubscripts(callee, callee_start, true, &c2);
  auto* n = StartAt<NewExpression>(start);
  n->callee = callee;
  if (Is(Tok::kLParen)) n->arguments = ParseArguments();
  return Finish(n);
}

NodeList<> Parser::ParseArguments(bool* has_trailing) {
  Expect(Tok::kLParen);
  ListBuilder args(scratch_);
  while (!Is(Tok::kRParen)) {
    if (Is(Tok::kEllipsis)) {
      auto* spread = Start<SpreadElement>();
      Next();
      spread->argument = ParseAssignment(true);
      args.Add(Finish(spread));
    } else {
      args.Add(ParseAssignment(true));
    }
    if (!Is(Tok::kRParen)) {
      Expect(Tok::kComma);
      if (Is(Tok::kRParen) && has_trailing) *has_trailing = true;
    }
  }
  Next();
  return args.Finish(arena_);
}

Node* Parser::ParseSubscripts(Node* base, uint32_t start, bool no_calls, CoverErrors* cover) {
  // Most operands have no subscript: return from a small function then.
  Tok t = type();
  if (t != Tok::kDot && t != Tok::kQuestionDot && t != Tok::kLBracket && t != Tok::kLParen && t != Tok::kTemplate) {
    return base;
  }
  return ParseSubscriptsRest(base, start, no_calls, cover);
}

Node* Parser::ParseSubscriptsRest(Node* base, uint32_t start, bool no_calls, CoverErrors* cover) {
  bool in_chain = false;
  bool maybe_async_arrow = base->kind == NodeKind::kIdentifier && !base->parenthesized &&
                           base->As<Identifier>()->name == "async" && !no_calls &&
                           lex_.prev_end() == base->end &&
                           src_.substr(base->start, base->end - base->start) == "async";
  bool checked = false;
  auto check = [&]() {
    if (!checked) {
      CheckCoverErrors(*cover, false);
      checked = true;
    }
  };
  uint32_t chain = 0;
  while (true) {
    CheckChain(++chain);
    if (Is(Tok::kDot) || Is(Tok::kQuestionDot)) {
      bool optional = Is(Tok::kQuestionDot);
      if (optional && no_calls) Fail(tok().start, "Invalid optional chain from new expression");
      check();
      Next();
      if (optional) {
        in_chain = true;
        if (Is(Tok::kLParen)) {
          auto* call = StartAt<CallExpression>(start);
          call->callee = base;
          call->optional = true;
          call->arguments = ParseArguments();
          base = Finish(call);
          continue;
        }
        if (Is(Tok::kLBracket)) {
          Next();
          auto* m = StartAt<MemberExpression>(start);
          m->object = base;
          m->property = ParseExpression();
          m->computed = true;
          m->optional = true;
          Expect(Tok::kRBracket);
          base = Finish(m);
          continue;
        }
        if (Is(Tok::kTemplate)) Fail(tok().start, "Invalid tagged template on optional chain");
      }
      auto* m = StartAt<MemberExpression>(start);
      m->object = base;
      m->optional = optional;
      if (Is(Tok::kPrivateName)) {
        auto* priv = Start<PrivateIdentifier>();
        priv->name = tok().value;
        if (private_scopes_.empty()) Fail(tok().start, "Private field '#" + std::string(priv->name) + "' must be declared in an enclosing class");
        private_scopes_.back().used.emplace_back(priv->name, tok().start);
        Next();
        m->property = Finish(priv);
      } else {
        m->property = ParseIdentifierName();
      }
      base = Finish(m);
    } else if (Is(Tok::kLBracket)) {
      check();
      Next();
      auto* m = StartAt<MemberExpression>(start);
      m->object = base;
      m->property = ParseExpression();
      m->computed = true;
      Expect(Tok::kRBracket);
      base = Finish(m);
    } else if (Is(Tok::kLParen) && !no_calls) {
      if (maybe_async_arrow && !tok().newline_before) {
        // `async(...)`: a call, or the parameters of an async arrow function.
        int saved_yield = yield_pos_, saved_await = await_pos_, saved_await_ident = await_ident_pos_;
        yield_pos_ = await_pos_ = await_ident_pos_ = -1;
        Next();
        ListBuilder args(scratch_);
        CoverErrors arg_cover;
        bool spread_then_comma = false;
        while (!Is(Tok::kRParen)) {
          if (Is(Tok::kEllipsis)) {
            auto* spread = Start<SpreadElement>();
            Next();
            spread->argument = ParseAssignment(true, &arg_cover);
            args.Add(Finish(spread));
            if (Is(Tok::kComma)) spread_then_comma = true;
          } else {
            args.Add(ParseAssignment(true, &arg_cover));
          }
          if (!Is(Tok::kRParen)) {
            Expect(Tok::kComma);
          }
        }
        Next();
        if (Is(Tok::kArrow) && !tok().newline_before) {
          if (spread_then_comma) Fail(start, "Comma is not permitted after the rest element");
          CheckCoverErrors(arg_cover, true);
          if (await_pos_ >= 0) Fail(static_cast<uint32_t>(await_pos_), "Await expression not allowed in formal parameter");
          if (await_ident_pos_ >= 0) Fail(static_cast<uint32_t>(await_ident_pos_), "Cannot use 'await' as identifier inside an async function");
          if (yield_pos_ >= 0 && fn_.is_generator) Fail(static_cast<uint32_t>(yield_pos_), "Yield expression not allowed in formal parameter");
          yield_pos_ = saved_yield >= 0 ? saved_yield : yield_pos_;
          await_pos_ = saved_await;
          await_ident_pos_ = saved_await_ident;
          return ParseArrowFunction(start, args.Finish(arena_), true);
        }
        CheckCoverErrors(arg_cover, false);
        if (saved_yield >= 0) yield_pos_ = saved_yield;
        if (saved_await >= 0) await_pos_ = saved_await;
        if (saved_await_ident >= 0) await_ident_pos_ = saved_await_ident;
        auto* call = StartAt<CallExpression>(start);
        call->callee = base;
        call->arguments = args.Finish(arena_);
        base = Finish(call);
        maybe_async_arrow = false;
        checked = true;
        continue;
      }
      check();
      auto* call = StartAt<CallExpression>(start);
      call->callee = base;
      call->arguments = ParseArguments();
      base = Finish(call);
    } else if (Is(Tok::kTemplate)) {
      if (in_chain) Fail(tok().start, "Invalid tagged template on optional chain");
      check();
      auto* tt = StartAt<TaggedTemplateExpression>(start);
      tt->tag = base;
      tt->quasi = ParseTemplate(true)->As<TemplateLiteral>();
      base = Finish(tt);
    } else {
      break;
    }
    maybe_async_arrow = false;
  }
  if (in_chain) {
    auto* chain = StartAt<ChainExpression>(start);
    chain->expression = base;
    chain->end = base->end;
    return chain;
  }
  return base;
}

Literal* Parser::MakeLiteralFromToken() {
  auto* lit = Start<Literal>();
  lit->raw = src_.substr(tok().start, tok().end - tok().start);
  switch (type()) {
    case Tok::kNumber:
      if (tok().legacy_octal && fn_.strict) Fail(tok().start, "Octal literals are not allowed in strict mode.");
      lit->literal_kind = LiteralKind::kNumber;
      lit->number = tok().number;
      break;
    case Tok::kBigInt:
      lit->literal_kind = LiteralKind::kBigInt;
      lit->bigint = tok().value;
      break;
    case Tok::kString:
      if (tok().legacy_octal && fn_.strict) Fail(tok().octal_pos, "Octal escape sequences are not allowed in strict mode.");
      lit->literal_kind = LiteralKind::kString;
      lit->string = tok().value;
      break;
    case Tok::kNull:
      lit->literal_kind = LiteralKind::kNull;
      break;
    case Tok::kTrue:
    case Tok::kFalse:
      lit->literal_kind = LiteralKind::kBoolean;
      lit->boolean = type() == Tok::kTrue;
      break;
    default:
      Unexpected();
  }
  Next();
  return Finish(lit);
}

Literal* Parser::ParseStringLiteral() {
  if (!Is(Tok::kString)) Unexpected();
  return MakeLiteralFromToken();
}

Node* Parser::ParsePrimary(CoverErrors* cover) {
  uint32_t start = tok().start;
  switch (type()) {
    case Tok::kThis: {
      auto* n = Start<ThisExpression>();
      Next();
      return Finish(n);
    }
    case Tok::kNumber:
    case Tok::kBigInt:
    case Tok::kString:
    case Tok::kNull:
    case Tok::kTrue:
    case Tok::kFalse:
      return MakeLiteralFromToken();
    case Tok::kSlash:
    case Tok::kSlashAssign: {
      lex_.RescanRegExp();
      if (lex_.has_error()) throw ParseAbort{lex_.error_pos(), lex_.error_message()};
      auto* lit = Start<Literal>();
      lit->literal_kind = LiteralKind::kRegExp;
      lit->regex_pattern = tok().value;
      lit->regex_flags = tok().raw;
      lit->raw = src_.substr(tok().start, tok().end - tok().start);
      std::string error = ValidateRegExp(lit->regex_pattern, lit->regex_flags);
      if (!error.empty()) Fail(tok().start, error);
      Next();
      return Finish(lit);
    }
    case Tok::kTemplate:
      return ParseTemplate(false);
    case Tok::kLBracket:
      return ParseArrayLiteral(cover);
    case Tok::kLBrace:
      return ParseObjectLiteral(cover);
    case Tok::kLParen:
      return ParseParenthesized(cover);
    case Tok::kFunction: {
      auto* fn = ParseFunction(arena_.New<FunctionExpression>(), false, false, true);
      return fn;
    }
    case Tok::kClass:
      return ParseClass(arena_.New<ClassExpression>(), false, true);
    case Tok::kIdentifier: {
      if (IsName(Ctx::kAsync)) {
        Token next = Peek();
        if (next.type == Tok::kFunction && !next.newline_before) {
          Next();
          auto* fn = ParseFunction(StartAt<FunctionExpression>(start), false, true, true);
          fn->start = start;
          return fn;
        }
      }
      if (IsName(Ctx::kLet) && fn_.strict) Fail(start, "Unexpected strict mode reserved word 'let'");
      return ParseIdentifierReference();
    }
    default:
      Unexpected();
  }
}

Node* Parser::ParseParenthesized(CoverErrors* cover) {
  uint32_t start = tok().start;
  Next();  // (
  int saved_yield = yield_pos_, saved_await = await_pos_, saved_await_ident = await_ident_pos_;
  yield_pos_ = await_pos_ = await_ident_pos_ = -1;
  ListBuilder items(scratch_);
  CoverErrors inner;
  uint32_t inner_start = tok().start;
  int trailing_comma = -1, spread_pos = -1;
  bool spread_then_comma = false;
  while (!Is(Tok::kRParen)) {
    if (Is(Tok::kEllipsis)) {
      auto* spread = Start<SpreadElement>();
      spread_pos = static_cast<int>(tok().start);
      Next();
      spread->argument = ParseBindingTarget();
      auto* rest = StartAt<RestElement>(spread->start);
      rest->argument = spread->argument;
      items.Add(Finish(rest));
      if (Is(Tok::kComma)) spread_then_comma = true;
      if (!Is(Tok::kRParen)) Unexpected();
      break;
    }
    items.Add(ParseAssignment(true, &inner));
    if (Is(Tok::kRParen)) break;
    Expect(Tok::kComma);
    if (Is(Tok::kRParen)) trailing_comma = static_cast<int>(lex_.prev_end() - 1);
  }
  uint32_t inner_end = lex_.prev_end();
  Expect(Tok::kRParen);
  if (Is(Tok::kArrow) && !tok().newline_before) {
    if (spread_then_comma) Fail(static_cast<uint32_t>(spread_pos), "Comma is not permitted after the rest element");
    CheckCoverErrors(inner, true);
    if (yield_pos_ >= 0 && fn_.is_generator) Fail(static_cast<uint32_t>(yield_pos_), "Yield expression not allowed in formal parameter");
    if (await_pos_ >= 0) Fail(static_cast<uint32_t>(await_pos_), "Await expression not allowed in formal parameter");
    yield_pos_ = saved_yield;
    await_pos_ = saved_await;
    if (saved_await_ident >= 0) await_ident_pos_ = saved_await_ident;
    return ParseArrowFunction(start, items.Finish(arena_), false);
  }
  if (items.empty() || spread_pos >= 0) Unexpected();
  if (trailing_comma >= 0) Fail(static_cast<uint32_t>(trailing_comma), "Unexpected token ')'");
  CheckCoverErrors(inner, false);
  if (saved_yield >= 0) yield_pos_ = saved_yield;
  if (saved_await >= 0) await_pos_ = saved_await;
  if (saved_await_ident >= 0) await_ident_pos_ = saved_await_ident;
  (void)cover;
  Node* expr;
  if (items.size() == 1) {
    expr = items[0];
  } else {
    auto* seq = StartAt<SequenceExpression>(inner_start);
    seq->expressions = items.Finish(arena_);
    seq->end = inner_end;
    expr = seq;
  }
  if (options_.preserve_parens) {
    auto* p = StartAt<ParenthesizedExpression>(start);
    p->expression = expr;
    Finish(p);
    p->parenthesized = true;
    return p;
  }
  expr->parenthesized = true;
  return expr;
}

Node* Parser::ParseArrayLiteral(CoverErrors* cover) {
  auto* arr = Start<ArrayExpression>();
  Next();
  ListBuilder elements(scratch_);
  while (!Is(Tok::kRBracket)) {
    if (Is(Tok::kComma)) {
      Next();
      elements.Add(nullptr);
      continue;
    }
    CoverErrors elem;
    Node* e;
    if (Is(Tok::kEllipsis)) {
      auto* spread = Start<SpreadElement>();
      Next();
      spread->argument = ParseAssignment(true, &elem);
      e = Finish(spread);
      if (Is(Tok::kComma) && cover->trailing_comma < 0) cover->trailing_comma = static_cast<int>(tok().start);
    } else {
      e = ParseAssignment(true, &elem);
    }
    if (elem.shorthand_assign >= 0 && cover->shorthand_assign < 0) cover->shorthand_assign = elem.shorthand_assign;
    if (elem.double_proto >= 0 && cover->double_proto < 0) cover->double_proto = elem.double_proto;
    if (elem.trailing_comma >= 0 && cover->trailing_comma < 0) cover->trailing_comma = elem.trailing_comma;
    elements.Add(e);
    if (!Is(Tok::kRBracket)) Expect(Tok::kComma);
  }
  Next();
  arr->elements = elements.Finish(arena_);
  return Finish(arr);
}

Node* Parser::ParseObjectLiteral(CoverErrors* cover) {
  auto* obj = Start<ObjectExpression>();
  Next();
  ListBuilder props(scratch_);
  bool seen_proto = false;
  while (!Is(Tok::kRBrace)) {
    if (Is(Tok::kEllipsis)) {
      auto* spread = Start<SpreadElement>();
      Next();
      CoverErrors elem;
      spread->argument = ParseAssignment(true, &elem);
      if (elem.shorthand_assign >= 0 && cover->shorthand_assign < 0) cover->shorthand_assign = elem.shorthand_assign;
      props.Add(Finish(spread));
      if (!Is(Tok::kRBrace)) {
        Expect(Tok::kComma);
      }
      continue;
    }
    auto* prop = Start<Property>();
    Modifiers mods = ParseModifiers();
    bool is_async = mods.is_async, is_generator = mods.is_generator;
    PropertyKind kind = mods.accessor == 1 ? PropertyKind::kGet : mods.accessor == 2 ? PropertyKind::kSet : PropertyKind::kInit;
    bool computed = false;
    Token key_token = tok();
    prop->key = ParsePropertyName(&computed, false);
    prop->computed = computed;
    prop->property_kind = kind;
    if (kind != PropertyKind::kInit || is_async || is_generator || Is(Tok::kLParen)) {
      prop->method = kind == PropertyKind::kInit;
      auto* fn = Start<FunctionExpression>();
      fn->is_async = is_async;
      fn->is_generator = is_generator;
      ParseFunctionParamsAndBody(fn, true, false, false, kind == PropertyKind::kGet, kind == PropertyKind::kSet);
      prop->value = fn;
    } else if (Eat(Tok::kColon)) {
      if (!computed && ((key_token.type == Tok::kIdentifier && key_token.value == "__proto__") ||
                        (key_token.type == Tok::kString && key_token.value == "__proto__"))) {
        if (seen_proto && cover->double_proto < 0) cover->double_proto = static_cast<int>(key_token.start);
        seen_proto = true;
      }
      CoverErrors elem;
      prop->value = ParseAssignment(true, &elem);
      if (elem.shorthand_assign >= 0 && cover->shorthand_assign < 0) cover->shorthand_assign = elem.shorthand_assign;
      if (elem.double_proto >= 0 && cover->double_proto < 0) cover->double_proto = elem.double_proto;
      if (elem.trailing_comma >= 0 && cover->trailing_comma < 0) cover->trailing_comma = elem.trailing_comma;
    } else {
      // Shorthand: `{a}` or `{a = 1}` (the latter only in patterns).
      if (key_token.type != Tok::kIdentifier || computed) Unexpected();
      CheckIdentifierReference(key_token.value, key_token.start, key_token.escaped);
      if (key_token.value == "await" && await_ident_pos_ < 0) await_ident_pos_ = static_cast<int>(key_token.start);
      prop->shorthand = true;
      auto* value = StartAt<Identifier>(key_token.start);
      value->name = key_token.value;
      value->end = key_token.end;
      if (Is(Tok::kAssign)) {
        if (cover->shorthand_assign < 0) cover->shorthand_assign = static_cast<int>(tok().start);
        Next();
        auto* a = StartAt<AssignmentExpression>(key_token.start);
        a->op = Op::kAssign;
        a->left = value;
        a->right = ParseAssignment(true);
        prop->value = Finish(a);
      } else {
        prop->value = value;
      }
    }
    props.Add(Finish(prop));
    if (!Is(Tok::kRBrace)) Expect(Tok::kComma);
  }
  Next();
  obj->properties = props.Finish(arena_);
  return Finish(obj);
}

Node* Parser::ParsePropertyName(bool* computed, bool allow_private) {
  *computed = false;
  switch (type()) {
    case Tok::kString:
    case Tok::kNumber:
    case Tok::kBigInt:
      return MakeLiteralFromToken();
    case Tok::kLBracket: {
      *computed = true;
      Next();
      Node* key = ParseAssignment(true);
      Expect(Tok::kRBracket);
      return key;
    }
    case Tok::kPrivateName: {
      if (!allow_private) Unexpected();
      auto* priv = Start<PrivateIdentifier>();
      priv->name = tok().value;
      Next();
      return Finish(priv);
    }
    default:
      if (type() == Tok::kIdentifier || IsKeywordToken(type())) return ParseIdentifierName();
      Unexpected();
  }
}

Node* Parser::ParseTemplate(bool tagged) {
  auto* tl = Start<TemplateLiteral>();
  ListBuilder quasis(quasi_scratch_), exprs(scratch_);
  while (true) {
    if (!Is(Tok::kTemplate)) Unexpected();
    const Token& t = tok();
    if (!t.cooked_valid && !tagged) Fail(t.octal_pos, "Invalid escape sequence in template");
    auto* el = StartAt<TemplateElement>(t.start + 1);
    el->end = t.end - (t.template_tail ? 1 : 2);
    el->raw = t.raw;
    el->cooked = t.value;
    el->cooked_valid = t.cooked_valid;
    el->tail = t.template_tail;
    quasis.Add(el);
    bool tail = t.template_tail;
    Next();
    if (tail) break;
    exprs.Add(ParseExpression());
    if (!Is(Tok::kRBrace)) Unexpected();
    lex_.RescanTemplateContinuation();
    if (lex_.has_error()) throw ParseAbort{lex_.error_pos(), lex_.error_message()};
  }
  tl->quasis = quasis.Finish<TemplateElement>(arena_);
  tl->expressions = exprs.Finish(arena_);
  return Finish(tl);
}

// ---- patterns ----------------------------------------------------------------------------

Node* Parser::ParseBindingTarget() {
  DepthGuard guard(*this);
  if (Is(Tok::kLBracket) || Is(Tok::kLBrace)) return ParseBindingPattern();
  return ParseBindingIdentifier();
}

Node* Parser::ParseBindingElement() {
  uint32_t start = tok().start;
  Node* target = ParseBindingTarget();
  if (!Eat(Tok::kAssign)) return target;
  auto* ap = StartAt<AssignmentPattern>(start);
  ap->left = target;
  ap->right = ParseAssignment(true);
  return Finish(ap);
}

Node* Parser::ParseBindingPattern() {
  if (Is(Tok::kLBracket)) {
    auto* pat = Start<ArrayPattern>();
    Next();
    ListBuilder elements(scratch_);
    while (!Is(Tok::kRBracket)) {
      if (Is(Tok::kComma)) {
        Next();
        elements.Add(nullptr);
        continue;
      }
      if (Is(Tok::kEllipsis)) {
        auto* rest = Start<RestElement>();
        Next();
        rest->argument = ParseBindingTarget();
        elements.Add(Finish(rest));
        if (Is(Tok::kComma)) Fail(tok().start, "Comma is not permitted after the rest element");
        break;
      }
      elements.Add(ParseBindingElement());
      if (!Is(Tok::kRBracket)) Expect(Tok::kComma);
    }
    Expect(Tok::kRBracket);
    pat->elements = elements.Finish(arena_);
    return Finish(pat);
  }
  auto* pat = Start<ObjectPattern>();
  Expect(Tok::kLBrace);
  ListBuilder props(scratch_);
  while (!Is(Tok::kRBrace)) {
    if (Is(Tok::kEllipsis)) {
      auto* rest = Start<RestElement>();
      Next();
      rest->argument = ParseBindingIdentifier();
      props.Add(Finish(rest));
      if (Is(Tok::kComma)) Fail(tok().start, "Comma is not permitted after the rest element");
      break;
    }
    auto* prop = Start<Property>();
    bool computed = false;
    Token key_token = tok();
    prop->key = ParsePropertyName(&computed, false);
    prop->computed = computed;
    if (Eat(Tok::kColon)) {
      prop->value = ParseBindingElement();
    } else {
      if (key_token.type != Tok::kIdentifier || computed) Unexpected();
      CheckBindingIdentifier(key_token.value, key_token.start, key_token.escaped);
      prop->shorthand = true;
      auto* value = StartAt<Identifier>(key_token.start);
      value->name = key_token.value;
      value->end = key_token.end;
      if (Is(Tok::kAssign)) {
        Next();
        auto* ap = StartAt<AssignmentPattern>(key_token.start);
        ap->left = value;
        ap->right = ParseAssignment(true);
        prop->value = Finish(ap);
      } else {
        prop->value = value;
      }
    }
    props.Add(Finish(prop));
    if (!Is(Tok::kRBrace)) Expect(Tok::kComma);
  }
  Next();
  pat->properties = props.Finish(arena_);
  return Finish(pat);
}


// ---- functions ---------------------------------------------------------------------------

Function* Parser::ParseFunction(Function* fn, bool is_statement, bool is_async, bool optional_id) {
  if (!is_async) fn->start = tok().start;  // async functions start at `async` (caller sets it)
  Expect(Tok::kFunction);
  fn->is_async = is_async;
  if (Eat(Tok::kStar)) fn->is_generator = true;
  // The name is optional for expressions and `export default function () {}`.
  if (Is(Tok::kIdentifier)) {
    if (is_statement) {
      fn->id = ParseBindingIdentifier();
      Declare(fn->id->name, BindKind::kFunction, fn->id->start, !fn->is_async && !fn->is_generator);
    } else {
      // A function expression's name is bound inside it: its own await/yield rules apply.
      bool saved_async = fn_.is_async, saved_gen = fn_.is_generator;
      fn_.is_async = fn->is_async;
      fn_.is_generator = fn->is_generator;
      fn->id = ParseBindingIdentifier();
      fn_.is_async = saved_async;
      fn_.is_generator = saved_gen;
    }
  } else if (!optional_id) {
    Unexpected();
  }
  ParseFunctionParamsAndBody(fn, false, false, false, false, false);
  return fn;
}

void Parser::ParseFunctionParamsAndBody(Function* fn, bool is_method, bool is_constructor,
                                        bool derived_class, bool is_getter, bool is_setter) {
  FunctionContext saved = fn_;
  int saved_yield = yield_pos_, saved_await = await_pos_, saved_await_ident = await_ident_pos_;
  fn_.in_function = true;
  fn_.is_async = fn->is_async;
  fn_.is_generator = fn->is_generator;
  fn_.is_arrow = false;
  fn_.allow_new_target = true;
  fn_.allow_arguments = true;
  fn_.in_static_block = false;
  fn_.in_class_field_init = false;
  fn_.allow_super_property = is_method;
  fn_.allow_super_call = is_constructor && derived_class;
  fn_.labels.clear();
  fn_.loop_depth = fn_.switch_depth = 0;
  EnterScope(DeclScope::kFunction);
  ListBuilder params(scratch_);
  Expect(Tok::kLParen);
  fn_.in_params = true;
  ParseFormalParameters(fn, params);
  fn_.in_params = false;
  fn->params = params.Finish(arena_);
  if (is_getter && fn->params.size != 0) Fail(fn->start, "Getter must not have any formal parameters.");
  if (is_setter && (fn->params.size != 1 || fn->params[0]->kind == NodeKind::kRestElement)) {
    Fail(fn->start, "Setter must have exactly one formal parameter.");
  }
  ParseFunctionBody(fn, false);
  // Methods, arrows and functions with non-simple parameters never allow duplicates.
  CheckParams(fn, !fn_.strict && fn->has_simple_params && !is_method);
  if (fn_.strict && fn->id) {
    std::string_view name = fn->id->name;
    if (name == "eval" || name == "arguments") Fail(fn->id->start, "Binding " + std::string(name) + " in strict mode");
    if (IsStrictReservedWord(name)) Fail(fn->id->start, "Unexpected strict mode reserved word '" + std::string(name) + "'");
  }
  ExitScope();
  fn->end = lex_.prev_end();
  fn_ = saved;
  yield_pos_ = saved_yield;
  await_pos_ = saved_await;
  await_ident_pos_ = saved_await_ident;
}

void Parser::ParseFormalParameters(Function* fn, ListBuilder& params) {
  while (!Is(Tok::kRParen)) {
    if (Is(Tok::kEllipsis)) {
      auto* rest = Start<RestElement>();
      Next();
      rest->argument = ParseBindingTarget();
      if (Is(Tok::kAssign)) Fail(tok().start, "Rest parameter may not have a default initializer");
      params.Add(Finish(rest));
      fn->has_simple_params = false;
      if (Is(Tok::kComma)) Fail(tok().start, "Rest parameter must be last formal parameter");
      break;
    }
    Node* p = ParseBindingElement();
    if (p->kind != NodeKind::kIdentifier) fn->has_simple_params = false;
    params.Add(p);
    if (!Is(Tok::kRParen)) Expect(Tok::kComma);
  }
  Expect(Tok::kRParen);
  for (uint32_t i = 0; i < params.size(); ++i) DeclarePattern(params[i], BindKind::kParam);
}

void Parser::CheckParams(Function* fn, bool allow_duplicates) {
  std::vector<Identifier*> names;
  for (Node* p : fn->params) BoundNames(p, names);
  for (size_t i = 0; i < names.size(); ++i) {
    std::string_view name = names[i]->name;
    if (fn_.strict) {
      if (name == "eval" || name == "arguments") Fail(names[i]->start, "Binding " + std::string(name) + " in strict mode");
      if (IsStrictReservedWord(name)) Fail(names[i]->start, "Unexpected strict mode reserved word '" + std::string(name) + "'");
    }
    if (!allow_duplicates) {
      for (size_t j = 0; j < i; ++j) {
        if (names[j]->name == name) Fail(names[i]->start, "Duplicate parameter name not allowed in this context");
      }
    }
  }
}

void Parser::ParseFunctionBody(Function* fn, bool expression_body) {
  if (expression_body) {
    fn->is_expression = true;
    fn->body = ParseAssignment(true);
    fn->is_strict = fn_.strict;
    return;
  }
  auto* body = Start<BlockStatement>();
  Expect(Tok::kLBrace);
  bool was_strict = fn_.strict;
  ListBuilder list(scratch_);
  // Directives first: 'use strict' changes how the rest (and the parameters) are checked.
  ParseDirectivesAndBody(list, Tok::kRBrace);
  if (fn_.strict && !was_strict && !fn->has_simple_params) {
    Fail(body->start, "Illegal 'use strict' directive in function with non-simple parameter list");
  }
  Next();  // }
  body->body = list.Finish(arena_);
  fn->body = Finish(body);
  fn->is_strict = fn_.strict;
}

Node* Parser::ParseArrowFunction(uint32_t start, NodeList<> params, bool is_async) {
  auto* fn = StartAt<ArrowFunctionExpression>(start);
  fn->is_async = is_async;
  // The parameters were parsed as expressions: turn them into patterns.
  for (uint32_t i = 0; i < params.size; ++i) {
    Node* p = params[i];
    if (p->kind == NodeKind::kSpreadElement) {
      if (i + 1 != params.size) Fail(p->start, "Rest parameter must be last formal parameter");
      auto* rest = StartAt<RestElement>(p->start);
      rest->end = p->end;
      rest->argument = ToAssignmentTarget(p->As<SpreadElement>()->argument, true);
      params.items[i] = rest;
      fn->has_simple_params = false;
      continue;
    }
    if (p->kind == NodeKind::kRestElement) {
      fn->has_simple_params = false;
      continue;
    }
    params.items[i] = ToAssignmentTarget(p, true);
    if (params.items[i]->kind != NodeKind::kIdentifier) fn->has_simple_params = false;
  }
  fn->params = params;
  if (tok().newline_before) Fail(tok().start, "Unexpected token '=>'");
  Expect(Tok::kArrow);
  FunctionContext saved = fn_;
  int saved_yield = yield_pos_, saved_await = await_pos_, saved_await_ident = await_ident_pos_;
  fn_.in_function = true;
  fn_.is_arrow = true;
  fn_.is_async = is_async;
  fn_.is_generator = false;
  fn_.in_static_block = false;  // `return` and `await` as a name are fine inside (V8 agrees)
  fn_.labels.clear();
  fn_.loop_depth = fn_.switch_depth = 0;
  fn_.in_params = false;
  // Arrows keep the enclosing this/super/new.target/arguments rules.
  EnterScope(DeclScope::kFunction | DeclScope::kArrow);
  for (Node* p : fn->params) {
    if (is_async) {
      // `async (await) => 1`
      std::vector<Identifier*> names;
      BoundNames(p, names);
      for (Identifier* id : names) {
        if (id->name == "await") Fail(id->start, "Cannot use 'await' as identifier inside an async function");
      }
    }
    DeclarePattern(p, BindKind::kParam);
  }
  if (Is(Tok::kLBrace)) {
    ParseFunctionBody(fn, false);
  } else {
    ParseFunctionBody(fn, true);
  }
  CheckParams(fn, false);
  ExitScope();
  fn->end = lex_.prev_end();
  fn_ = saved;
  yield_pos_ = saved_yield;
  await_pos_ = saved_await;
  await_ident_pos_ = saved_await_ident;
  return fn;
}

// ---- classes -----------------------------------------------------------------------------

Class* Parser::ParseClass(Class* cls, bool is_statement, bool optional_id) {
  cls->start = tok().start;
  Expect(Tok::kClass);
  bool saved_strict = fn_.strict;
  fn_.strict = true;  // all parts of a class are strict
  if (Is(Tok::kIdentifier)) {
    cls->id = ParseBindingIdentifier();
    if (is_statement) {
      fn_.strict = saved_strict;
      Declare(cls->id->name, BindKind::kClassName, cls->id->start);
      fn_.strict = true;
    }
  } else if (is_statement && !optional_id) {
    Unexpected();
  }
  if (Eat(Tok::kExtends)) {
    CoverErrors c;
    cls->super_class = ParseLeftHandSide(&c);
    CheckCoverErrors(c, false);
  }
  auto* body = Start<ClassBody>();
  Expect(Tok::kLBrace);
  private_scopes_.emplace_back();
  ListBuilder elements(scratch_);
  bool has_constructor = false;
  while (!Is(Tok::kRBrace)) {
    if (Eat(Tok::kSemicolon)) continue;
    elements.Add(ParseClassElement(cls->super_class != nullptr, &has_constructor));
  }
  Next();
  body->body = elements.Finish(arena_);
  cls->body = Finish(body);
  PrivateNameScope scope = std::move(private_scopes_.back());
  private_scopes_.pop_back();
  CheckPrivateNames(scope);
  fn_.strict = saved_strict;
  cls->end = lex_.prev_end();
  return cls;
}

void Parser::CheckPrivateNames(PrivateNameScope& scope) {
  for (auto& [name, pos] : scope.used) {
    bool found = false;
    for (auto& d : scope.declared) {
      if (d.name == name) {
        found = true;
        break;
      }
    }
    if (found) continue;
    if (!private_scopes_.empty()) {
      private_scopes_.back().used.emplace_back(name, pos);  // maybe declared by an outer class
    } else {
      Fail(pos, "Private field '#" + std::string(name) + "' must be declared in an enclosing class");
    }
  }
}

Node* Parser::ParseClassElement(bool derived, bool* has_constructor) {
  uint32_t start = tok().start;
  if (IsName(Ctx::kStatic)) {
    Token next = Peek();
    if (next.type == Tok::kLBrace) {
      // static { ... }
      Next();
      auto* block = StartAt<StaticBlock>(start);
      Next();  // {
      FunctionContext saved = fn_;
      int saved_await_ident = await_ident_pos_;
      fn_.in_function = false;
      fn_.is_async = false;
      fn_.is_generator = false;
      fn_.in_static_block = true;
      fn_.allow_arguments = false;
      fn_.allow_new_target = true;
      fn_.allow_super_property = true;
      fn_.allow_super_call = false;
      fn_.labels.clear();
      fn_.loop_depth = fn_.switch_depth = 0;
      EnterScope(DeclScope::kFunction | DeclScope::kStaticBlock);
      ListBuilder list(scratch_);
      while (!Is(Tok::kRBrace)) {
        if (Is(Tok::kEof)) Unexpected();
        list.Add(ParseStatementListItem());
      }
      Next();
      ExitScope();
      fn_ = saved;
      await_ident_pos_ = saved_await_ident;
      block->body = list.Finish(arena_);
      return Finish(block);
    }
  }
  bool is_static = false;
  if (IsName(Ctx::kStatic) && ModifierApplies(false)) {
    is_static = true;
    Next();
  }
  Modifiers mods = ParseModifiers();
  bool is_async = mods.is_async, is_generator = mods.is_generator;
  MethodKind kind = mods.accessor == 1 ? MethodKind::kGet : mods.accessor == 2 ? MethodKind::kSet : MethodKind::kMethod;
  bool computed = false;
  Node* key = ParsePropertyName(&computed, true);
  bool is_private = key->kind == NodeKind::kPrivateIdentifier;
  auto key_is = [&](std::string_view name) {
    if (computed) return false;
    if (key->kind == NodeKind::kIdentifier) return key->As<Identifier>()->name == name;
    if (key->kind == NodeKind::kLiteral && key->As<Literal>()->literal_kind == LiteralKind::kString) {
      return key->As<Literal>()->string == name;
    }
    return false;
  };
  if (is_private && key->As<PrivateIdentifier>()->name == "constructor") {
    Fail(key->start, "Classes may not have a private field named '#constructor'");
  }
  if (is_private) {
    std::string_view name = key->As<PrivateIdentifier>()->name;
    uint8_t new_kind = kind == MethodKind::kGet ? 1 : kind == MethodKind::kSet ? 2 : 0;
    auto& declared = private_scopes_.back().declared;
    bool ok = true;
    for (auto& d : declared) {
      if (d.name != name) continue;
      if (d.is_static == is_static && ((d.kind == 1 && new_kind == 2) || (d.kind == 2 && new_kind == 1))) {
        d.kind = 3;
        ok = true;
        new_kind = 255;
      } else {
        ok = false;
      }
      break;
    }
    if (!ok) Fail(key->start, "Identifier '#" + std::string(name) + "' has already been declared");
    if (new_kind != 255) declared.push_back({name, new_kind, is_static});
  }
  if (Is(Tok::kLParen) || kind != MethodKind::kMethod || is_async || is_generator) {
    auto* m = StartAt<MethodDefinition>(start);
    m->key = key;
    m->computed = computed;
    m->is_static = is_static;
    bool is_constructor = !is_static && !is_private && key_is("constructor");
    if (is_constructor) {
      if (kind != MethodKind::kMethod) Fail(key->start, "Class constructor may not be an accessor");
      if (is_generator) Fail(key->start, "Class constructor may not be a generator");
      if (is_async) Fail(key->start, "Class constructor may not be an async method");
      if (*has_constructor) Fail(key->start, "A class may only have one constructor");
      *has_constructor = true;
      m->method_kind = MethodKind::kConstructor;
    } else {
      m->method_kind = kind;
    }
    if (is_static && key_is("prototype")) Fail(key->start, "Classes may not have a static property named 'prototype'");
    auto* fn = Start<FunctionExpression>();
    fn->is_async = is_async;
    fn->is_generator = is_generator;
    ParseFunctionParamsAndBody(fn, true, is_constructor, derived, kind == MethodKind::kGet, kind == MethodKind::kSet);
    m->value = fn;
    return Finish(m);
  }
  // A field.
  if (key_is("constructor")) Fail(key->start, "Classes may not have a field named 'constructor'");
  if (is_static && key_is("prototype")) Fail(key->start, "Classes may not have a static property named 'prototype'");
  auto* f = StartAt<PropertyDefinition>(start);
  f->key = key;
  f->computed = computed;
  f->is_static = is_static;
  if (Eat(Tok::kAssign)) {
    FunctionContext saved = fn_;
    int saved_await_ident = await_ident_pos_;
    fn_.in_function = true;  // `await` rules: not async; `arguments` not allowed
    fn_.is_async = false;
    fn_.is_generator = false;
    fn_.is_arrow = false;
    fn_.allow_arguments = false;
    fn_.allow_new_target = true;
    fn_.allow_super_property = true;
    fn_.allow_super_call = false;
    fn_.in_class_field_init = true;
    fn_.in_static_block = false;
    fn_.labels.clear();
    EnterScope(DeclScope::kFunction);
    f->value = ParseAssignment(true);
    ExitScope();
    fn_ = saved;
    await_ident_pos_ = saved_await_ident;
  }
  Semicolon();
  return Finish(f);
}

// ---- modules -----------------------------------------------------------------------------

void Parser::AddExportedName(std::string_view name, uint32_t pos) {
  for (auto& n : exported_) {
    if (n == name) Fail(pos, "Duplicate export of '" + std::string(name) + "'");
  }
  exported_.push_back(name);
}

Node* Parser::ParseModuleExportName() {
  if (Is(Tok::kString)) {
    Literal* lit = MakeLiteralFromToken();
    // A module export name must be well-formed Unicode: no lone surrogates.
    std::string_view v = lit->string;
    for (size_t i = 0; i + 2 < v.size(); ++i) {
      if (static_cast<unsigned char>(v[i]) == 0xED && (static_cast<unsigned char>(v[i + 1]) & 0xE0) == 0xA0) {
        Fail(lit->start, "An export name cannot include a lone surrogate");
      }
    }
    return lit;
  }
  return ParseIdentifierName();
}

Node* Parser::ParseImportDeclaration() {
  auto* decl = Start<ImportDeclaration>();
  Next();  // import
  ListBuilder specs(scratch_);
  if (!Is(Tok::kString)) {
    if (Is(Tok::kIdentifier)) {
      auto* def = Start<ImportDefaultSpecifier>();
      def->local = ParseBindingIdentifier();
      Declare(def->local->name, BindKind::kLexical, def->local->start);
      specs.Add(Finish(def));
      if (!Eat(Tok::kComma)) goto from;
    }
    if (Is(Tok::kStar)) {
      auto* ns = Start<ImportNamespaceSpecifier>();
      Next();
      if (!EatName(Ctx::kAs)) Unexpected();
      ns->local = ParseBindingIdentifier();
      Declare(ns->local->name, BindKind::kLexical, ns->local->start);
      specs.Add(Finish(ns));
    } else if (Is(Tok::kLBrace)) {
      Next();
      while (!Is(Tok::kRBrace)) {
        auto* spec = Start<ImportSpecifier>();
        Token first = tok();
        spec->imported = ParseModuleExportName();
        if (EatName(Ctx::kAs)) {
          spec->local = ParseBindingIdentifier();
        } else {
          if (spec->imported->kind != NodeKind::kIdentifier) Unexpected();
          CheckBindingIdentifier(first.value, first.start, first.escaped);
          if (IsKeywordToken(first.type)) Fail(first.start, "Unexpected keyword '" + std::string(TokText(first.type)) + "'");
          auto* local = StartAt<Identifier>(first.start);
          local->name = spec->imported->As<Identifier>()->name;
          local->end = first.end;
          spec->local = local;
        }
        Declare(spec->local->name, BindKind::kLexical, spec->local->start);
        specs.Add(Finish(spec));
        if (!Is(Tok::kRBrace)) Expect(Tok::kComma);
      }
      Next();
    } else if (specs.empty()) {
      Unexpected();
    }
  from:
    if (!EatName(Ctx::kFrom)) Unexpected();
  }
  decl->specifiers = specs.Finish(arena_);
  decl->source = ParseStringLiteral();
  Semicolon();
  return Finish(decl);
}

Node* Parser::ParseExport() {
  uint32_t start = tok().start;
  Next();  // export
  if (Is(Tok::kStar)) {
    Next();
    auto* all = StartAt<ExportAllDeclaration>(start);
    if (EatName(Ctx::kAs)) {
      uint32_t pos = tok().start;
      all->exported = ParseModuleExportName();
      std::string_view name = all->exported->kind == NodeKind::kIdentifier ? all->exported->As<Identifier>()->name.view()
                                                                            : all->exported->As<Literal>()->string;
      AddExportedName(name, pos);
    }
    if (!EatName(Ctx::kFrom)) Unexpected();
    all->source = ParseStringLiteral();
    Semicolon();
    return Finish(all);
  }
  if (Is(Tok::kDefault)) {
    Next();
    AddExportedName("default", start);
    auto* def = StartAt<ExportDefaultDeclaration>(start);
    if (Is(Tok::kFunction)) {
      def->declaration = ParseFunction(arena_.New<FunctionDeclaration>(), true, false, true);
    } else if (IsAsyncFunctionStart()) {
      uint32_t s = tok().start;
      Next();
      auto* fn = ParseFunction(StartAt<FunctionDeclaration>(s), true, true, true);
      fn->start = s;
      def->declaration = fn;
    } else if (Is(Tok::kClass)) {
      def->declaration = ParseClass(arena_.New<ClassDeclaration>(), true, true);
    } else {
      def->declaration = ParseAssignment(true);
      Semicolon();
    }
    return Finish(def);
  }
  auto* named = StartAt<ExportNamedDeclaration>(start);
  if (Is(Tok::kLBrace)) {
    Next();
    ListBuilder specs(scratch_);
    std::vector<std::pair<Token, Node*>> locals;
    while (!Is(Tok::kRBrace)) {
      auto* spec = Start<ExportSpecifier>();
      Token local_tok = tok();
      spec->local = ParseModuleExportName();
      if (EatName(Ctx::kAs)) {
        spec->exported = ParseModuleExportName();
      } else {
        spec->exported = spec->local;
      }
      std::string_view exported = spec->exported->kind == NodeKind::kIdentifier ? spec->exported->As<Identifier>()->name.view()
                                                                               : spec->exported->As<Literal>()->string;
      AddExportedName(exported, spec->exported->start);
      locals.emplace_back(local_tok, spec->local);
      specs.Add(Finish(spec));
      if (!Is(Tok::kRBrace)) Expect(Tok::kComma);
    }
    Next();
    named->specifiers = specs.Finish<ExportSpecifier>(arena_);
    if (EatName(Ctx::kFrom)) {
      named->source = ParseStringLiteral();
    } else {
      // Without `from`, the local names must be identifiers declared in the module.
      for (auto& [t, node] : locals) {
        if (node->kind != NodeKind::kIdentifier) Fail(node->start, "A string literal cannot be used as an exported binding without `from`");
        if (IsKeywordToken(t.type) || (t.type == Tok::kIdentifier && IsReservedWord(t.value))) {
          Fail(t.start, "Unexpected keyword '" + std::string(node->As<Identifier>()->name) + "'");
        }
        std::string_view n = node->As<Identifier>()->name;
        if (IsStrictReservedWord(n) || n == "await") Fail(t.start, "Unexpected reserved word '" + std::string(n) + "'");
        export_locals_.emplace_back(n, t.start);
      }
    }
    Semicolon();
    return Finish(named);
  }
  // export var/let/const/function/class/async function
  Node* decl;
  if (Is(Tok::kVar) || Is(Tok::kConst) || IsName(Ctx::kLet)) {
    VarKind kind = Is(Tok::kVar) ? VarKind::kVar : Is(Tok::kConst) ? VarKind::kConst : VarKind::kLet;
    decl = ParseVarStatement(kind);
    std::vector<Identifier*> names;
    for (Node* d : decl->As<VariableDeclaration>()->declarations) BoundNames(d->As<VariableDeclarator>()->id, names);
    for (Identifier* id : names) AddExportedName(id->name, id->start);
  } else if (Is(Tok::kFunction)) {
    decl = ParseFunction(arena_.New<FunctionDeclaration>(), true, false, false);
    AddExportedName(decl->As<Function>()->id->name, decl->As<Function>()->id->start);
  } else if (IsAsyncFunctionStart()) {
    uint32_t s = tok().start;
    Next();
    auto* fn = ParseFunction(StartAt<FunctionDeclaration>(s), true, true, false);
    fn->start = s;
    decl = fn;
    AddExportedName(fn->id->name, fn->id->start);
  } else if (Is(Tok::kClass)) {
    decl = ParseClass(arena_.New<ClassDeclaration>(), true, false);
    AddExportedName(decl->As<Class>()->id->name, decl->As<Class>()->id->start);
  } else {
    Unexpected();
  }
  named->declaration = decl;
  return Finish(named);
}

}  // namespace

// ---- public API --------------------------------------------------------------------------

namespace {
// The offset of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos.
size_t FindInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Source is mostly ASCII: test 32 bytes at a time for a byte with its high bit set.
    while (i + 32 <= n) {
      uint64_t w[4];
      std::memcpy(w, p + i, sizeof w);
      if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) != 0) break;
      i += 32;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}
}  // namespace

ParseResult Parse(std::string_view source, Arena& arena, const ParseOptions& options) {
  ParseResult result;
  if (source.size() >= UINT32_MAX) {
    result.error = SyntaxError{{0, 1, 0}, "source too large"};
    return result;
  }
  // Source text is Unicode: bytes that are not UTF-8 have no meaning we could print back.
  size_t bad = FindInvalidUtf8(source);
  if (bad != std::string_view::npos) {
    LineTable lines(source.substr(0, bad));
    result.error = SyntaxError{lines.Position(static_cast<uint32_t>(bad)), "Invalid UTF-8 byte sequence"};
    return result;
  }
  Parser parser(source, arena, options);
  try {
    result.program = parser.Run();
  } catch (const ParseAbort& abort) {
    LineTable lines(source);
    result.program = nullptr;
    result.error = SyntaxError{lines.Position(abort.pos), abort.message};
  }
  return result;
}

LineTable::LineTable(std::string_view source) : source_(source) {
  line_starts_.push_back(0);
  const size_t n = source.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    if (c == '\n') {
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    } else if (c == '\r') {
      if (i + 1 < n && source[i + 1] == '\n') ++i;
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    } else if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(source[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(source[i + 2]) == 0xA8 || static_cast<unsigned char>(source[i + 2]) == 0xA9)) {
      i += 2;
      line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
}

SourcePosition LineTable::Position(uint32_t offset) const {
  if (offset > source_.size()) offset = static_cast<uint32_t>(source_.size());
  size_t lo = 0, hi = line_starts_.size();
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (line_starts_[mid] <= offset) lo = mid; else hi = mid;
  }
  SourcePosition p;
  p.offset = offset;
  p.line = static_cast<uint32_t>(lo + 1);
  // Column in UTF-16 code units.
  uint32_t col = 0;
  for (uint32_t i = line_starts_[lo]; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(source_[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    col += c >= 0xF0 ? 2 : 1;          // astral code points are two UTF-16 units
  }
  p.column = col;
  return p;
}

uint32_t LineTable::Offset(uint32_t line, uint32_t column) const {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return static_cast<uint32_t>(source_.size());
  uint32_t i = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(source_.size());
  uint32_t col = 0;
  while (i < end && col < column) {
    unsigned char c = static_cast<unsigned char>(source_[i]);
    col += c >= 0xF0 ? 2 : 1;
    ++i;
    while (i < end && (static_cast<unsigned char>(source_[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

std::string_view LineTable::LineText(uint32_t offset) const {
  SourcePosition p = Position(offset);
  uint32_t start = line_starts_[p.line - 1];
  uint32_t end = p.line < line_starts_.size() ? line_starts_[p.line] : static_cast<uint32_t>(source_.size());
  std::string_view line = source_.substr(start, end - start);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() >= 3 && static_cast<unsigned char>(line[line.size() - 3]) == 0xE2 &&
      static_cast<unsigned char>(line[line.size() - 2]) == 0x80) {
    unsigned char last = static_cast<unsigned char>(line.back());
    if (last == 0xA8 || last == 0xA9) line.remove_suffix(3);
  }
  return line;
}

std::string FormatSyntaxError(std::string_view filename, std::string_view source, const SyntaxError& error) {
  LineTable lines(source);
  std::string out;
  out.append(filename);
  out += ":" + std::to_string(error.position.line) + ":" + std::to_string(error.position.column + 1) +
         ": SyntaxError: " + error.message + "\n";
  std::string_view line = lines.LineText(error.position.offset);
  if (line.size() <= 400) {
    out.append(line);
    out += "\n";
    // Caret under the error: copy tabs so it lines up.
    SourcePosition p = error.position;
    std::string caret;
    uint32_t col = 0;
    for (size_t i = 0; i < line.size() && col < p.column; ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      if ((c & 0xC0) == 0x80) continue;
      caret += c == '\t' ? '\t' : ' ';
      col += c >= 0xF0 ? 2 : 1;
    }
    out += caret + "^\n";
  }
  return out;
}

}  // namespace thingsjs::instrument

#include "instrument/transform.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace thingsjs::instrument {

uint32_t InstrumentResult::OriginalOffset(uint32_t code_offset) const {
  // Walk the insertions in order: before each one, code and original advance together.
  uint32_t shift = 0;
  for (const auto& [offset, length] : insertions) {
    if (code_offset < offset + shift) break;
    if (code_offset < offset + shift + length) return offset;  // inside inserted text
    shift += length;
  }
  return code_offset - shift;
}

namespace {

// A JavaScript string literal holding `s` (WTF-8), in ASCII: inserted text must not change
// how columns count (UTF-16 units versus bytes), nor hold a line terminator.
std::string JsString(std::string_view s) {
  std::string out = "\"";
  auto escape = [&](unsigned unit) {
    static const char kHex[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(unit >> shift) & 0xF];
  };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7f) {
        escape(c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    unsigned cp = c & (0x3Fu >> extra);
    for (int k = 1; k <= extra && i + static_cast<size_t>(k) < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3Fu);
    }
    i += static_cast<size_t>(extra) + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      escape(0xD800 + (cp >> 10));
      escape(0xDC00 + (cp & 0x3FF));
    } else {
      escape(cp);
    }
  }
  out += '"';
  return out;
}

bool IsAnonymousFunctionOrClass(const Node* n) {
  if (!n) return false;
  switch (n->kind) {
    case NodeKind::kArrowFunctionExpression: return true;
    case NodeKind::kFunctionExpression: return n->As<Function>()->id == nullptr;
    case NodeKind::kClassExpression: return n->As<Class>()->id == nullptr;
    default: return false;
  }
}

// The name NamedEvaluation gives an anonymous function under this property key, if static.
std::optional<std::string> KeyName(const Node* key, bool computed) {
  if (computed || !key) return std::nullopt;
  if (key->kind == NodeKind::kIdentifier) return std::string(key->As<Identifier>()->name);
  if (key->kind == NodeKind::kPrivateIdentifier) return "#" + std::string(key->As<PrivateIdentifier>()->name);
  if (key->kind == NodeKind::kLiteral) {
    const Literal* lit = key->As<Literal>();
    if (lit->literal_kind == LiteralKind::kString) return std::string(lit->string);
    if (lit->literal_kind == LiteralKind::kNumber && lit->number >= 0 && lit->number < 1e15 &&
        std::floor(lit->number) == lit->number) {
      return std::to_string(static_cast<uint64_t>(lit->number));
    }
  }
  return std::nullopt;
}

}  // namespace

// `(i) => ...`: slot -3 the scope id, -2 the enclosing accessor, -1 `this`, 0.. the bindings.
std::string AccessorText(const EnvScope& env, const std::string& outer) {
  std::string text = "(" + std::string(kReservedPrefix) + "i) => { switch (" + std::string(kReservedPrefix) + "i) { case -3: return " + std::to_string(env.id) + ";";
  if (!outer.empty()) text += " case -2: return " + outer + ";";
  if (env.has_this) text += " case -1: return this;";
  for (size_t i = 0; i < env.names.size(); ++i) {
    text += " case " + std::to_string(i) + ": return " + env.names[i] + ";";
  }
  text += " } }";
  return text;
}

void PositionMap::SetRunning(std::string_view running, std::vector<FunctionSites::Copy> copies) {
  running_.emplace(running);
  copies_ = std::move(copies);
}

uint32_t PositionMap::CodeOffset(uint32_t line, uint32_t column) const {
  if (!running_) return code_.Offset(line, column);
  uint32_t offset = running_->Offset(line, column);
  auto it = std::upper_bound(copies_.begin(), copies_.end(), offset,
                             [](uint32_t o, const FunctionSites::Copy& c) { return o < c.out_offset; });
  if (it == copies_.begin()) return UINT32_MAX;
  --it;
  if (offset >= it->out_offset + it->length) return UINT32_MAX;
  return it->code_offset + (offset - it->out_offset);
}

namespace {

class Transformer {
 public:
  Transformer(std::string_view source, Program* program, ScopeAnalysis& scopes, InstrumentResult& result)
      : source_(source), lines_(source), program_(program), scopes_(scopes), r_(result) {}

  void Run() {
    FindEnvScopes();
    Scope* root = scopes_.root;
    uint32_t anchor = BodyAnchor(program_->body, program_->end);
    std::string env = EnterScope(root, anchor, "");
    LinkDeclarations(program_->body, anchor, env);
    for (Node* s : program_->body) Walk(s, env);
    Emit();
  }

 private:
  struct Insert {
    uint32_t offset;
    std::string text;
  };

  // ---- which scopes are exposed --------------------------------------------------------

  static bool IsArrowScope(const Scope* s) {
    return s->kind == ScopeKind::kFunction && s->node && s->node->kind == NodeKind::kArrowFunctionExpression;
  }
  static bool IsFieldScope(const Scope* s) {
    return s->kind == ScopeKind::kFunction && s->node && s->node->kind == NodeKind::kPropertyDefinition;
  }
  // The scope whose `this` an arrow in `s` sees.
  static Scope* ThisScope(Scope* s) {
    while (s && (IsArrowScope(s) || !(s->IsFunctionBoundary()))) s = s->parent;
    return s;
  }

  void FindEnvScopes() {
    // Arrows that use `this` (directly or through nested arrows) make the enclosing function's
    // `this` state; `arguments`, `super` and `new.target` in arrows are not carried (yet).
    for (Scope* s : scopes_.scopes) {
      if (!IsArrowScope(s)) continue;
      ScanArrow(s->node->As<Function>(), s);
    }
    for (Scope* s : scopes_.scopes) {
      if (s->kind == ScopeKind::kClass || s->kind == ScopeKind::kFunctionName || s->kind == ScopeKind::kWith) continue;
      std::vector<Binding*> captured;
      for (Binding* b : s->bindings) {
        if (!b->captured) continue;
        // Top-level var and function declarations of a script are properties of the global
        // object, which the snapshot reads directly.
        if (s->kind == ScopeKind::kScript && (b->kind == BindingKind::kVar || b->kind == BindingKind::kFunction)) continue;
        captured.push_back(b);
      }
      bool has_this = this_scopes_.count(s) > 0;
      if (captured.empty() && !has_this) continue;
      if (s->kind == ScopeKind::kBlock && s->node && s->node->kind == NodeKind::kSwitchStatement) {
        NotMigratable(s->node->start, "a closure over a binding declared in a switch case");
        continue;
      }
      EnvScope env;
      env.id = static_cast<uint32_t>(r_.scopes.size());
      env.kind = s->kind;
      env.start = s->node ? s->node->start : 0;
      env.strict = s->strict;
      env.has_this = has_this;
      for (Binding* b : captured) {
        env.names.emplace_back(b->name);
        env.kinds.push_back(b->kind);
      }
      env_of_[s] = static_cast<int32_t>(env.id);
      r_.scopes.push_back(std::move(env));
    }
  }

  // Marks what an arrow's body uses of its enclosing function.
  void ScanArrow(Function* arrow, Scope* arrow_scope) {
    Scope* owner = ThisScope(arrow_scope);
    std::vector<const Node*> stack;
    for (Node* p : arrow->params) stack.push_back(p);
    stack.push_back(arrow->body);
    while (!stack.empty()) {
      const Node* n = stack.back();
      stack.pop_back();
      if (!n) continue;
      switch (n->kind) {
        case NodeKind::kThisExpression:
          if (owner) this_scopes_.insert(owner);
          continue;
        case NodeKind::kSuper:
          NotMigratable(n->start, "an arrow function using super");
          continue;
        case NodeKind::kMetaProperty:
          if (n->As<MetaProperty>()->meta->name == "new") NotMigratable(n->start, "an arrow function using new.target");
          continue;
        case NodeKind::kIdentifier:
          if (n->As<Identifier>()->name == "arguments" && IsGlobal(n)) {
            NotMigratable(n->start, "an arrow function using arguments");
          }
          continue;
        case NodeKind::kFunctionExpression:
        case NodeKind::kFunctionDeclaration:
        case NodeKind::kArrowFunctionExpression:
          continue;  // nested arrows are scanned on their own; functions have their own this
        case NodeKind::kMemberExpression: {
          const MemberExpression* m = n->As<MemberExpression>();
          stack.push_back(m->object);
          if (m->computed) stack.push_back(m->property);
          continue;
        }
        case NodeKind::kProperty: {
          const Property* p = n->As<Property>();
          if (p->computed) stack.push_back(p->key);
          stack.push_back(p->value);
          continue;
        }
        case NodeKind::kClassDeclaration:
        case NodeKind::kClassExpression: {
          // Only the heritage and computed keys run in the arrow's context.
          const Class* c = n->As<Class>();
          stack.push_back(c->super_class);
          for (Node* m : c->body->body) {
            if (m->kind == NodeKind::kMethodDefinition && m->As<MethodDefinition>()->computed) stack.push_back(m->As<MethodDefinition>()->key);
            if (m->kind == NodeKind::kPropertyDefinition && m->As<PropertyDefinition>()->computed) stack.push_back(m->As<PropertyDefinition>()->key);
          }
          continue;
        }
        default:
          ForEachChild(n, [&](Node* c) { stack.push_back(c); });
      }
    }
  }

  // Whether an identifier is a reference that resolved to no binding.
  bool IsGlobal(const Node* id) {
    if (globals_.empty()) {
      for (const Identifier* g : scopes_.globals) globals_.insert(g);
      globals_.insert(nullptr);  // built
    }
    return globals_.count(static_cast<const Identifier*>(id)) > 0;
  }

  void NotMigratable(uint32_t offset, std::string_view what) {
    if (!r_.not_migratable.empty()) return;
    SourcePosition p = lines_.Position(offset);
    r_.not_migratable = std::string(what) + " at " + std::to_string(p.line) + ":" + std::to_string(p.column + 1);
  }

  int32_t EnvId(Scope* s) const {
    auto it = env_of_.find(s);
    return it == env_of_.end() ? -1 : it->second;
  }

  // ---- insertion points ----------------------------------------------------------------

  // Where code may go at the start of a statement list: after the directive prologue, before
  // the first statement; `end` (the closing brace) when there is none.
  uint32_t BodyAnchor(const NodeList<>& body, uint32_t end) {
    uint32_t anchor = end;
    bool after_directive = false;
    for (Node* s : body) {
      if (s->kind == NodeKind::kExpressionStatement && s->As<ExpressionStatement>()->is_directive) {
        anchor = s->end;
        // `'use strict'` ended by a line break: the code inserted after it needs a `;`.
        after_directive = source_[s->end - 1] != ';';
        continue;
      }
      if (!after_directive && anchor == end) anchor = s->start;
      break;
    }
    if (after_directive) needs_semicolon_.insert(anchor);
    return anchor;
  }

  void InsertAt(uint32_t offset, std::string text) {
    if (needs_semicolon_.erase(offset)) text = ";" + text;
    inserts_.push_back({offset, std::move(text)});
  }

  // Declares the accessor of `scope` at `anchor` when the scope is exposed. Returns the
  // accessor expression that code inside the scope links to.
  std::string EnterScope(Scope* scope, uint32_t anchor, const std::string& outer) {
    int32_t id = scope ? EnvId(scope) : -1;
    if (id < 0) return outer;
    EnvScope& env = r_.scopes[static_cast<size_t>(id)];
    env.parent = EnvIdOf(outer);
    std::string name = std::string(kReservedPrefix) + "e" + std::to_string(id);
    InsertAt(anchor, "const " + name + " = " + AccessorBody(env, outer) + "; ");
    return name;
  }

  // The scope id of an accessor expression: `$tjs$e<id>`, or an inline accessor (field
  // initializers), whose slot -3 says it. -1 for none.
  static int32_t EnvIdOf(const std::string& accessor) {
    if (accessor.empty()) return -1;
    std::string named = std::string(kReservedPrefix) + "e";
    if (accessor.rfind(named, 0) == 0) return std::stoi(accessor.substr(named.size()));
    size_t at = accessor.find("case -3: return ");
    return at == std::string::npos ? -1 : std::stoi(accessor.substr(at + 16));
  }

  static std::string AccessorBody(const EnvScope& env, const std::string& outer) { return AccessorText(env, outer); }

  // Link statements for the function declarations of a statement list (hoisted: they exist
  // before its first statement runs).
  void LinkDeclarations(const NodeList<>& body, uint32_t anchor, const std::string& env) {
    if (env.empty()) return;
    for (Node* s : body) {
      Node* d = s;
      if (d->kind == NodeKind::kExportNamedDeclaration) d = d->As<ExportNamedDeclaration>()->declaration;
      else if (d->kind == NodeKind::kExportDefaultDeclaration) d = d->As<ExportDefaultDeclaration>()->declaration;
      if (d && d->kind == NodeKind::kFunctionDeclaration && d->As<Function>()->id) {
        InsertAt(anchor, std::string(kReservedPrefix) + "L(" + std::string(d->As<Function>()->id->name) + ", " + env + "); ");
      }
    }
  }

  // ---- the walk ------------------------------------------------------------------------

  // Walks an expression that may be an anonymous function or class named by its context.
  void WalkNamed(Node* n, const std::string& env, std::optional<std::string> name) {
    if (n && IsAnonymousFunctionOrClass(n)) {
      WalkFunctionOrClassExpression(n, env, std::move(name));
      return;
    }
    Walk(n, env);
  }

  // Insertions at one offset keep the order they are made in: a wrap opens before what is
  // inside it opens, and closes after what is inside it closes.
  void WalkFunctionOrClassExpression(Node* n, const std::string& env, std::optional<std::string> name) {
    bool anonymous = IsAnonymousFunctionOrClass(n);
    const char* helper = n->kind == NodeKind::kClassExpression ? "C(" : "L(";
    if (!env.empty()) InsertAt(n->start, "(" + std::string(kReservedPrefix) + helper);
    if (n->kind == NodeKind::kClassExpression) {
      WalkClass(n->As<Class>(), env);
    } else {
      WalkFunction(n->As<Function>(), env);
    }
    if (!env.empty()) InsertAt(n->end, ", " + env + (anonymous && name ? ", " + JsString(*name) : std::string()) + "))");
  }

  void Walk(Node* n, const std::string& env) {
    if (!n) return;
    switch (n->kind) {
      case NodeKind::kFunctionDeclaration:
        WalkFunction(n->As<Function>(), env);  // linked by its statement list
        return;
      case NodeKind::kFunctionExpression:
      case NodeKind::kArrowFunctionExpression:
      case NodeKind::kClassExpression:
        WalkFunctionOrClassExpression(n, env, std::nullopt);
        return;
      case NodeKind::kClassDeclaration: {
        Class* c = n->As<Class>();
        WalkClass(c, env);
        if (!env.empty() && c->id) {
          InsertAt(n->end, " " + std::string(kReservedPrefix) + "C(" + std::string(c->id->name) + ", " + env + ");");
        }
        return;
      }
      case NodeKind::kObjectExpression: {
        auto* o = n->As<ObjectExpression>();
        bool has_methods = false;
        for (Node* p : o->properties) {
          if (p->kind == NodeKind::kProperty && (p->As<Property>()->method || p->As<Property>()->property_kind != PropertyKind::kInit)) has_methods = true;
        }
        bool wrap = has_methods && !env.empty();
        if (wrap) InsertAt(n->start, "(" + std::string(kReservedPrefix) + "O(");
        for (Node* p : o->properties) {
          if (p->kind != NodeKind::kProperty) {
            Walk(p, env);
            continue;
          }
          auto* prop = p->As<Property>();
          if (prop->computed) Walk(prop->key, env);
          if (prop->method || prop->property_kind != PropertyKind::kInit) {
            WalkFunction(prop->value->As<Function>(), env);
          } else {
            WalkNamed(prop->value, env, prop->shorthand ? std::nullopt : KeyName(prop->key, prop->computed));
          }
        }
        if (wrap) InsertAt(n->end, ", " + env + "))");
        return;
      }
      case NodeKind::kVariableDeclarator: {
        auto* d = n->As<VariableDeclarator>();
        Walk(d->id, env);
        WalkNamed(d->init, env, d->id->kind == NodeKind::kIdentifier ? std::optional<std::string>(std::string(d->id->As<Identifier>()->name)) : std::nullopt);
        return;
      }
      case NodeKind::kAssignmentExpression: {
        auto* a = n->As<AssignmentExpression>();
        Walk(a->left, env);
        bool named = a->left->kind == NodeKind::kIdentifier &&
                     (a->op == Op::kAssign || a->op == Op::kAndAssign || a->op == Op::kOrAssign || a->op == Op::kNullishAssign);
        WalkNamed(a->right, env, named ? std::optional<std::string>(std::string(a->left->As<Identifier>()->name)) : std::nullopt);
        return;
      }
      case NodeKind::kAssignmentPattern: {
        auto* a = n->As<AssignmentPattern>();
        Walk(a->left, env);
        WalkNamed(a->right, env, a->left->kind == NodeKind::kIdentifier ? std::optional<std::string>(std::string(a->left->As<Identifier>()->name)) : std::nullopt);
        return;
      }
      case NodeKind::kExportDefaultDeclaration: {
        Node* d = n->As<ExportDefaultDeclaration>()->declaration;
        if (d->kind == NodeKind::kFunctionDeclaration || d->kind == NodeKind::kClassDeclaration) {
          Walk(d, env);
        } else {
          WalkNamed(d, env, std::string("default"));
        }
        return;
      }
      case NodeKind::kBlockStatement: {
        auto* b = n->As<BlockStatement>();
        WalkStatements(b->body, scopes_.ScopeOf(n), b->end - 1, env);
        return;
      }
      case NodeKind::kStaticBlock: {
        auto* b = n->As<StaticBlock>();
        WalkStatements(b->body, scopes_.ScopeOf(n), b->end - 1, env);
        return;
      }
      case NodeKind::kForStatement:
      case NodeKind::kForInStatement:
      case NodeKind::kForOfStatement:
        WalkFor(n, env);
        return;
      case NodeKind::kCatchClause: {
        auto* c = n->As<CatchClause>();
        Scope* cs = scopes_.ScopeOf(n);
        bool exposed = cs && EnvId(cs) >= 0;
        Walk(c->param, env);
        if (exposed && HasClosure(c->param)) NotMigratable(c->param->start, "a closure in a catch parameter");
        std::string inner = EnterScope(cs, BodyAnchor(c->body->body, c->body->end - 1), env);
        Walk(c->body, inner);
        return;
      }
      case NodeKind::kSwitchStatement: {
        auto* sw = n->As<SwitchStatement>();
        Walk(sw->discriminant, env);
        for (SwitchCase* c : sw->cases) {
          Walk(c->test, env);
          // Function declarations in a case block are linked where they are written.
          for (Node* s : c->consequent) {
            if (s->kind == NodeKind::kFunctionDeclaration && s->As<Function>()->id && !env.empty()) {
              InsertAt(s->start, std::string(kReservedPrefix) + "L(" + std::string(s->As<Function>()->id->name) + ", " + env + "); ");
            }
            Walk(s, env);
          }
        }
        return;
      }
      case NodeKind::kPropertyDefinition:
        WalkField(n->As<PropertyDefinition>(), env);
        return;
      case NodeKind::kMethodDefinition: {
        auto* m = n->As<MethodDefinition>();
        if (m->computed) Walk(m->key, env);
        WalkFunction(m->value, env);
        return;
      }
      default:
        ForEachChild(n, [&](Node* c) { Walk(c, env); });
        return;
    }
  }

  void WalkStatements(const NodeList<>& body, Scope* scope, uint32_t end, const std::string& env) {
    uint32_t anchor = BodyAnchor(body, end);
    std::string inner = EnterScope(scope, anchor, env);
    LinkDeclarations(body, anchor, inner);
    for (Node* s : body) Walk(s, inner);
  }

  static bool HasClosure(const Node* n) {
    if (!n) return false;
    bool found = false;
    std::vector<const Node*> stack{n};
    while (!stack.empty() && !found) {
      const Node* c = stack.back();
      stack.pop_back();
      switch (c->kind) {
        case NodeKind::kFunctionExpression:
        case NodeKind::kArrowFunctionExpression:
        case NodeKind::kClassExpression:
        case NodeKind::kFunctionDeclaration:
        case NodeKind::kClassDeclaration:
          found = true;
          break;
        case NodeKind::kObjectExpression:
          for (Node* p : c->As<ObjectExpression>()->properties) {
            if (p->kind == NodeKind::kProperty && (p->As<Property>()->method || p->As<Property>()->property_kind != PropertyKind::kInit)) found = true;
          }
          ForEachChild(c, [&](Node* x) { stack.push_back(x); });
          break;
        default:
          ForEachChild(c, [&](Node* x) { stack.push_back(x); });
      }
    }
    return found;
  }

  void WalkFor(Node* n, const std::string& env) {
    Scope* fs = scopes_.ScopeOf(n);
    bool exposed = fs && EnvId(fs) >= 0;
    Node* body;
    if (n->kind == NodeKind::kForStatement) {
      auto* f = n->As<ForStatement>();
      for (Node* part : {f->init, f->test, f->update}) {
        if (exposed && HasClosure(part)) NotMigratable(part->start, "a closure in the head of a for loop with per-iteration bindings");
        Walk(part, env);
      }
      body = f->body;
    } else {
      Node* left = n->kind == NodeKind::kForInStatement ? n->As<ForInStatement>()->left : n->As<ForOfStatement>()->left;
      Node* right = n->kind == NodeKind::kForInStatement ? n->As<ForInStatement>()->right : n->As<ForOfStatement>()->right;
      body = n->kind == NodeKind::kForInStatement ? n->As<ForInStatement>()->body : n->As<ForOfStatement>()->body;
      if (exposed && HasClosure(left)) NotMigratable(left->start, "a closure in the head of a for loop with per-iteration bindings");
      Walk(left, env);
      Walk(right, env);
    }
    if (!exposed) {
      Walk(body, env);
      return;
    }
    // The accessor of the iteration's bindings goes at the start of the body, which runs once
    // per iteration with that iteration's copies.
    if (body->kind == NodeKind::kBlockStatement) {
      auto* b = body->As<BlockStatement>();
      std::string inner = EnterScope(fs, BodyAnchor(b->body, b->end - 1), env);
      Walk(body, inner);
    } else {
      InsertAt(body->start, "{ ");
      std::string inner = EnterScope(fs, body->start, env);
      Walk(body, inner);
      InsertAt(body->end, " }");
    }
  }

  void WalkField(PropertyDefinition* f, const std::string& env) {
    if (f->computed) Walk(f->key, env);
    if (!f->value) return;
    // An initializer is an expression: its accessor (only ever `this`) is made at each link.
    Scope* fs = scopes_.ScopeOf(f);
    int32_t id = fs ? EnvId(fs) : -1;
    std::string inner = env;
    if (id >= 0) {
      r_.scopes[static_cast<size_t>(id)].parent = EnvIdOf(env);
      inner = "(" + AccessorBody(r_.scopes[static_cast<size_t>(id)], env) + ")";
    }
    WalkNamed(f->value, inner, KeyName(f->key, f->computed));
  }

  void WalkClass(Class* c, const std::string& env) {
    // The class scope only holds the class's own name, which restoring the class rebuilds.
    Walk(c->super_class, env);
    for (Node* m : c->body->body) Walk(m, env);
  }

  // Just after the `=>` of an arrow: between the parameters and it there are only `)`, `,`,
  // `async`, white space and comments.
  uint32_t ArrowBodyStart(const Function* fn) const {
    uint32_t i = fn->params.empty() ? fn->start : fn->params[fn->params.size - 1]->end;
    const uint32_t end = fn->body->start;
    while (i + 1 < end) {
      if (source_[i] == '=' && source_[i + 1] == '>') return i + 2;
      if (source_[i] == '/' && source_[i + 1] == '/') {
        while (i < end && source_[i] != '\n' && source_[i] != '\r') ++i;
      } else if (source_[i] == '/' && source_[i + 1] == '*') {
        i += 2;
        while (i + 1 < end && !(source_[i] == '*' && source_[i + 1] == '/')) ++i;
        i += 2;
      } else {
        ++i;
      }
    }
    return end;
  }

  void WalkFunction(Function* fn, const std::string& env) {
    Scope* fs = scopes_.ScopeOf(fn);
    bool exposed = fs && EnvId(fs) >= 0;
    for (Node* p : fn->params) {
      if (exposed && HasClosure(p)) NotMigratable(p->start, "a closure in a parameter default of a function whose variables are captured");
      Walk(p, env);
    }
    if (fn->is_expression) {
      if (!exposed) {
        Walk(fn->body, env);
        return;
      }
      // The body becomes a block; it starts right after `=>` (its parentheses, if it has
      // any, stay inside the return) and ends where the arrow ends.
      uint32_t at = ArrowBodyStart(fn);
      InsertAt(at, " { ");
      std::string inner = EnterScope(fs, at, env);
      InsertAt(at, "return (");
      Walk(fn->body, inner);
      InsertAt(fn->end, "); }");
      return;
    }
    auto* body = fn->body->As<BlockStatement>();
    WalkStatements(body->body, fs, body->end - 1, env);
  }

  // ---- output --------------------------------------------------------------------------

  void Emit() {
    std::stable_sort(inserts_.begin(), inserts_.end(), [](const Insert& a, const Insert& b) { return a.offset < b.offset; });
    size_t extra = 0;
    for (const Insert& i : inserts_) extra += i.text.size();
    r_.code.reserve(source_.size() + extra);
    uint32_t pos = 0;
    for (const Insert& i : inserts_) {
      r_.code.append(source_.substr(pos, i.offset - pos));
      pos = i.offset;
      r_.code += i.text;
      if (!r_.insertions.empty() && r_.insertions.back().first == i.offset) {
        r_.insertions.back().second += static_cast<uint32_t>(i.text.size());
      } else {
        r_.insertions.emplace_back(i.offset, static_cast<uint32_t>(i.text.size()));
      }
    }
    r_.code.append(source_.substr(pos));
  }

  std::string_view source_;
  LineTable lines_;
  Program* program_;
  ScopeAnalysis& scopes_;
  InstrumentResult& r_;
  std::unordered_map<const Scope*, int32_t> env_of_;
  std::unordered_set<const Scope*> this_scopes_;  // `this` read by arrows inside
  std::vector<Insert> inserts_;
  std::unordered_set<uint32_t> needs_semicolon_;
  std::unordered_set<const Identifier*> globals_;
};

// The first identifier that uses the reserved prefix, if any.
const Identifier* ReservedName(const ScopeAnalysis& scopes) {
  auto reserved = [](std::string_view name) { return name.substr(0, kReservedPrefix.size()) == kReservedPrefix; };
  for (const Reference& ref : scopes.references) {
    if (reserved(ref.name)) return ref.identifier;
  }
  for (const Scope* s : scopes.scopes) {
    for (const Binding* b : s->bindings) {
      if (reserved(b->name)) return b->declaration;
    }
  }
  return nullptr;
}

// Where the program uses direct eval or with, if it does.
std::optional<std::pair<uint32_t, std::string>> DynamicScopeUse(const Node* root, const ScopeAnalysis& scopes) {
  std::unordered_set<const Identifier*> globals(scopes.globals.begin(), scopes.globals.end());
  std::vector<const Node*> stack{root};
  while (!stack.empty()) {
    const Node* n = stack.back();
    stack.pop_back();
    if (n->kind == NodeKind::kWithStatement) return std::make_pair(n->start, std::string("a with statement"));
    if (n->kind == NodeKind::kCallExpression) {
      const Node* callee = n->As<CallExpression>()->callee;
      if (callee->kind == NodeKind::kIdentifier && callee->As<Identifier>()->name == "eval" &&
          globals.count(callee->As<Identifier>())) {
        return std::make_pair(n->start, std::string("a direct eval call"));
      }
    }
    ForEachChild(n, [&](Node* c) { stack.push_back(c); });
  }
  return std::nullopt;
}

}  // namespace

InstrumentResult Instrument(std::string_view source, const InstrumentOptions& options) {
  InstrumentResult result;
  Arena arena;
  ParseOptions parse_options;
  parse_options.module = options.module;
  ParseResult parsed = Parse(source, arena, parse_options);
  if (parsed.error) {
    result.error = parsed.error;
    return result;
  }
  ScopeAnalysis scopes = AnalyzeScopes(parsed.program, arena);
  LineTable lines(source);
  if (const Identifier* id = ReservedName(scopes)) {
    SyntaxError e;
    e.position = lines.Position(id->start);
    e.message = "Identifier '" + std::string(id->name) + "' uses the prefix " + std::string(kReservedPrefix) +
                ", which is reserved for the migration transform";
    result.error = e;
    return result;
  }
  if (scopes.has_eval || scopes.has_with) {
    // Names can be reached at run time by text: the program runs as written, and cannot migrate.
    auto use = DynamicScopeUse(parsed.program, scopes);
    SourcePosition p = lines.Position(use ? use->first : 0);
    result.not_migratable = (use ? use->second : std::string("eval or with")) + " at " + std::to_string(p.line) + ":" +
                            std::to_string(p.column + 1);
    result.code = std::string(source);
    return result;
  }
  Transformer(source, parsed.program, scopes, result).Run();
  return result;
}

}  // namespace thingsjs::instrument

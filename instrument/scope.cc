#include "instrument/scope.h"

#include <cstring>

namespace thingsjs::instrument {

std::string_view BindingKindName(BindingKind kind) {
  switch (kind) {
    case BindingKind::kVar: return "var";
    case BindingKind::kLet: return "let";
    case BindingKind::kConst: return "const";
    case BindingKind::kClass: return "class";
    case BindingKind::kFunction: return "function";
    case BindingKind::kParameter: return "parameter";
    case BindingKind::kCatch: return "catch";
    case BindingKind::kImport: return "import";
    case BindingKind::kFunctionName: return "function-name";
    case BindingKind::kClassName: return "class-name";
  }
  return "?";
}

std::string_view ScopeKindName(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::kScript: return "script";
    case ScopeKind::kModule: return "module";
    case ScopeKind::kFunction: return "function";
    case ScopeKind::kFunctionName: return "function-name";
    case ScopeKind::kBlock: return "block";
    case ScopeKind::kFor: return "for";
    case ScopeKind::kCatch: return "catch";
    case ScopeKind::kClass: return "class";
    case ScopeKind::kStaticBlock: return "static-block";
    case ScopeKind::kWith: return "with";
  }
  return "?";
}

namespace {
uint64_t Load(const char* p, size_t n) {
  uint64_t v = 0;
  std::memcpy(&v, p, n);
  return v;
}

// Whether two names are equal, without a call to memcmp: names are short, so a few
// overlapping loads compare them.
bool SameName(std::string_view a, std::string_view b) {
  size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (Load(p + i, 8) != Load(q + i, 8)) return false;
    }
    return Load(p + n - 8, 8) == Load(q + n - 8, 8);
  }
  if (n >= 4) return Load(p, 4) == Load(q, 4) && Load(p + n - 4, 4) == Load(q + n - 4, 4);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != q[i]) return false;
  }
  return true;
}
}  // namespace

// Identifiers are short: a few loads and multiplications.
uint32_t HashName(std::string_view s) {
  constexpr uint64_t k = 0x9E3779B97F4A7C15ull;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = (n + 1) * k;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) h = (h ^ Load(p + i, 8)) * k;
    h = (h ^ Load(p + n - 8, 8)) * k;
  } else if (n >= 4) {
    h = (h ^ (Load(p, 4) | Load(p + n - 4, 4) << 32)) * k;
  } else if (n > 0) {
    h = (h ^ (static_cast<uint64_t>(static_cast<unsigned char>(p[0])) |
              static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
              static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16)) * k;
  }
  return static_cast<uint32_t>(h >> 32);
}

Binding* Scope::Find(std::string_view name) const {
  if (name.empty() || !(name_bits & NameBit(name))) return nullptr;
  if (index) {
    for (uint32_t i = HashName(name) & index_mask;; i = (i + 1) & index_mask) {
      Binding* b = index[i];
      if (!b) return nullptr;
      if (SameName(b->name, name)) return b;
    }
  }
  for (Binding* b : bindings) {
    if (SameName(b->name, name)) return b;
  }
  return nullptr;
}

void Scope::Add(Binding* binding, Arena& arena) {
  bindings.push_back(binding, arena);
  if (!binding->name.empty()) name_bits |= NameBit(binding->name);
  if (bindings.size() < kIndexFrom) return;
  // Keep the index at most half full: rebuild it twice as large when it would not be.
  if (!index || bindings.size() * 2 > index_mask + 1) {
    uint32_t capacity = index ? (index_mask + 1) * 2 : kIndexFrom * 4;
    index = static_cast<Binding**>(arena.Allocate(sizeof(Binding*) * capacity, alignof(Binding*)));
    std::memset(index, 0, sizeof(Binding*) * capacity);
    index_mask = capacity - 1;
    for (Binding* b : bindings) {
      uint32_t i = HashName(b->name) & index_mask;
      while (index[i]) i = (i + 1) & index_mask;
      index[i] = b;
    }
    return;
  }
  uint32_t i = HashName(binding->name) & index_mask;
  while (index[i]) i = (i + 1) & index_mask;
  index[i] = binding;
}

std::vector<Binding*> Scope::CapturedBindings() const {
  std::vector<Binding*> out;
  for (Binding* b : bindings) {
    if (b->captured) out.push_back(b);
  }
  return out;
}

Scope* ScopeAnalysis::ScopeOf(const Node* node) const {
  if (by_node.empty()) {
    by_node.reserve(scopes.size());
    for (Scope* s : scopes) {
      if (s->node) by_node.emplace(s->node, s);
      // A function's body block shares the function's scope.
      if (s->node && s->kind == ScopeKind::kFunction && s->node->kind != NodeKind::kPropertyDefinition) {
        const Function* fn = static_cast<const Function*>(s->node);
        if (!fn->is_expression && fn->body) by_node.emplace(fn->body, s);
      }
    }
  }
  auto it = by_node.find(node);
  return it == by_node.end() ? nullptr : it->second;
}

namespace {

// Names to their innermost visible binding (or null), for Resolve. Entries are never removed,
// so an entry's index stays valid; the open-addressing index over them grows as names come.
class NameTable {
 public:
  NameTable() : slots_(1024, kEmpty) {}

  // The entry of `name`, created if new.
  uint32_t Entry(std::string_view name) {
    uint32_t h = HashName(name);
    size_t i = Probe(name, h);
    if (slots_[i] != kEmpty) return static_cast<uint32_t>(slots_[i]);
    uint32_t e = static_cast<uint32_t>(entries_.size());
    entries_.push_back({name, nullptr});
    slots_[i] = Slot(h, e);
    if (entries_.size() * 2 > slots_.size()) Rehash();
    return e;
  }
  Binding* Lookup(std::string_view name) const {
    size_t i = Probe(name, HashName(name));
    return slots_[i] == kEmpty ? nullptr : entries_[static_cast<uint32_t>(slots_[i])].top;
  }
  Binding*& top(uint32_t entry) { return entries_[entry].top; }

 private:
  // A slot holds the name's hash (high half) and its entry's index (low half).
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static uint64_t Slot(uint32_t hash, uint32_t entry) { return uint64_t{hash} << 32 | entry; }
  struct NameEntry {
    std::string_view name;
    Binding* top;
  };

  // The slot holding `name`, or the empty slot where it would go.
  size_t Probe(std::string_view name, uint32_t h) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      uint64_t slot = slots_[i];
      if (slot == kEmpty) return i;
      if (static_cast<uint32_t>(slot >> 32) == h && SameName(entries_[static_cast<uint32_t>(slot)].name, name)) return i;
    }
  }

  void Rehash() {
    std::vector<uint64_t> old(slots_.size() * 2, kEmpty);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
      if (slot == kEmpty) continue;
      size_t i = (slot >> 32) & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<uint64_t> slots_;
  std::vector<NameEntry> entries_;
};

// Builds the scope tree and declares every binding in one walk, collecting references;
// resolves the references afterwards, when every (hoisted) declaration is known.
class Analyzer {
 public:
  Analyzer(ScopeAnalysis& result, Arena& arena) : r_(result), arena_(arena) {}

  void Run(Program* program) {
    Scope* root = NewScope(program->is_module ? ScopeKind::kModule : ScopeKind::kScript, nullptr, program);
    root->strict = program->is_module || HasUseStrict(program->body);
    r_.root = root;
    // About one reference per 30 bytes of minified source, fewer in readable code.
    r_.references.reserve(program->end / 24 + 16);
    for (Node* s : program->body) Visit(s, root);
    Resolve();
  }

 private:

  // Whether a block's statements declare a block-scoped name (let, const, class, function).
  static bool DeclaresInBlock(const NodeList<>& body) {
    for (Node* s : body) {
      while (s->kind == NodeKind::kLabeledStatement) s = s->As<LabeledStatement>()->body;
      switch (s->kind) {
        case NodeKind::kVariableDeclaration:
          if (s->As<VariableDeclaration>()->var_kind != VarKind::kVar) return true;
          break;
        case NodeKind::kClassDeclaration:
        case NodeKind::kFunctionDeclaration:
          return true;
        default:
          break;
      }
    }
    return false;
  }

  static bool HasUseStrict(const NodeList<>& body) {
    for (Node* s : body) {
      if (s->kind != NodeKind::kExpressionStatement || !s->As<ExpressionStatement>()->is_directive) break;
      if (s->As<ExpressionStatement>()->directive == "use strict") return true;
    }
    return false;
  }

  Scope* NewScope(ScopeKind kind, Scope* parent, Node* node) {
    Scope* s = arena_.New<Scope>();
    s->kind = kind;
    s->parent = parent;
    s->node = node;
    s->strict = parent ? parent->strict : false;
    s->function_scope = s->IsFunctionBoundary() || !parent ? s : parent->function_scope;
    s->depth = parent ? parent->depth + 1 : 0;
    if (parent) parent->children.push_back(s, arena_);
    r_.scopes.push_back(s);
    return s;
  }

  Binding* Declare(Scope* scope, Identifier* id, BindingKind kind) {
    if (Binding* existing = scope->Find(id->name)) return existing;
    Binding* b = arena_.New<Binding>();
    b->name = id->name;
    b->kind = kind;
    b->scope = scope;
    b->declaration = id;
    scope->Add(b, arena_);
    return b;
  }

  void DeclarePattern(Node* pattern, Scope* target, BindingKind kind, Scope* expr_scope) {
    if (!pattern) return;
    switch (pattern->kind) {
      case NodeKind::kIdentifier:
        Declare(target, pattern->As<Identifier>(), kind);
        break;
      case NodeKind::kObjectPattern:
        for (Node* p : pattern->As<ObjectPattern>()->properties) {
          if (p->kind == NodeKind::kProperty) {
            auto* prop = p->As<Property>();
            if (prop->computed) Visit(prop->key, expr_scope);
            DeclarePattern(prop->value, target, kind, expr_scope);
          } else {
            DeclarePattern(p, target, kind, expr_scope);
          }
        }
        break;
      case NodeKind::kArrayPattern:
        for (Node* e : pattern->As<ArrayPattern>()->elements) DeclarePattern(e, target, kind, expr_scope);
        break;
      case NodeKind::kRestElement:
        DeclarePattern(pattern->As<RestElement>()->argument, target, kind, expr_scope);
        break;
      case NodeKind::kAssignmentPattern:
        DeclarePattern(pattern->As<AssignmentPattern>()->left, target, kind, expr_scope);
        Visit(pattern->As<AssignmentPattern>()->right, expr_scope);
        break;
      default:
        break;
    }
  }

  // An assignment target: identifiers in it are written.
  void VisitTarget(Node* target, Scope* scope, bool also_read) {
    if (!target) return;
    switch (target->kind) {
      case NodeKind::kIdentifier:
        AddRef({target->As<Identifier>(), scope, also_read, true});
        break;
      case NodeKind::kObjectPattern:
        for (Node* p : target->As<ObjectPattern>()->properties) {
          if (p->kind == NodeKind::kProperty) {
            auto* prop = p->As<Property>();
            if (prop->computed) Visit(prop->key, scope);
            VisitTarget(prop->value, scope, false);
          } else {
            VisitTarget(p, scope, false);
          }
        }
        break;
      case NodeKind::kArrayPattern:
        for (Node* e : target->As<ArrayPattern>()->elements) VisitTarget(e, scope, false);
        break;
      case NodeKind::kRestElement:
        VisitTarget(target->As<RestElement>()->argument, scope, false);
        break;
      case NodeKind::kAssignmentPattern:
        VisitTarget(target->As<AssignmentPattern>()->left, scope, false);
        Visit(target->As<AssignmentPattern>()->right, scope);
        break;
      case NodeKind::kParenthesizedExpression:
        VisitTarget(target->As<ParenthesizedExpression>()->expression, scope, also_read);
        break;
      default:
        Visit(target, scope);  // member expressions
        break;
    }
  }

  void VisitFunction(Function* fn, Scope* scope) {
    Scope* outer = scope;
    if (fn->kind == NodeKind::kFunctionExpression && fn->id) {
      outer = NewScope(ScopeKind::kFunctionName, scope, nullptr);
      Declare(outer, fn->id, BindingKind::kFunctionName);
    }
    Scope* fs = NewScope(ScopeKind::kFunction, outer, fn);
    fs->strict = fn->is_strict || outer->strict;
    for (Node* p : fn->params) DeclarePattern(p, fs, BindingKind::kParameter, fs);
    if (fn->is_expression) {
      Visit(fn->body, fs);
    } else {
      VisitStatements(fn->body->As<BlockStatement>()->body, fs);
    }
  }

  void VisitClass(Class* cls, Scope* scope) {
    if (cls->kind == NodeKind::kClassDeclaration && cls->id) Declare(scope, cls->id, BindingKind::kClass);
    Scope* cs = NewScope(ScopeKind::kClass, scope, cls);
    cs->strict = true;
    if (cls->id) {
      // The class's own name inside its body: a separate binding from the outer one.
      Identifier* inner = arena_.New<Identifier>();
      *inner = *cls->id;
      Declare(cs, inner, BindingKind::kClassName);
    }
    Visit(cls->super_class, cs);
    for (Node* element : cls->body->body) {
      switch (element->kind) {
        case NodeKind::kMethodDefinition: {
          auto* m = element->As<MethodDefinition>();
          if (m->computed) Visit(m->key, cs);
          VisitFunction(m->value, cs);
          break;
        }
        case NodeKind::kPropertyDefinition: {
          auto* f = element->As<PropertyDefinition>();
          if (f->computed) Visit(f->key, cs);
          if (f->value) {
            // An initializer runs later, like a method body: it is its own function scope.
            Scope* fs = NewScope(ScopeKind::kFunction, cs, f);
            fs->strict = true;
            Visit(f->value, fs);
          }
          break;
        }
        case NodeKind::kStaticBlock: {
          Scope* ss = NewScope(ScopeKind::kStaticBlock, cs, element);
          ss->strict = true;
          VisitStatements(element->As<StaticBlock>()->body, ss);
          break;
        }
        default:
          break;
      }
    }
  }

  void VisitStatements(const NodeList<>& list, Scope* scope) {
    for (Node* s : list) Visit(s, scope);
  }

  // Where `var` and function declarations in `scope` go.
  static Scope* VarScope(Scope* scope) { return scope->function_scope; }

  void VisitDeclaration(VariableDeclaration* decl, Scope* scope) {
    BindingKind kind = decl->var_kind == VarKind::kVar ? BindingKind::kVar
                       : decl->var_kind == VarKind::kLet ? BindingKind::kLet
                                                          : BindingKind::kConst;
    Scope* target = decl->var_kind == VarKind::kVar ? VarScope(scope) : scope;
    for (VariableDeclarator* d : decl->declarations) {
      DeclarePattern(d->id, target, kind, scope);
      Visit(d->init, scope);
    }
  }

  void Visit(Node* node, Scope* scope) {
    if (!node) return;
    switch (node->kind) {
      case NodeKind::kIdentifier:
        AddRef({node->As<Identifier>(), scope, true, false});
        return;
      case NodeKind::kFunctionDeclaration: {
        auto* fn = node->As<Function>();
        if (fn->id) {
          bool hoisted = scope->IsFunctionBoundary();
          Declare(scope, fn->id, BindingKind::kFunction);
          // Annex B: in sloppy code a block's function is also a var of the function.
          if (!hoisted && !scope->strict && !fn->is_async && !fn->is_generator) {
            Scope* vs = VarScope(scope);
            if (!vs->Find(fn->id->name)) {
              Identifier* copy = arena_.New<Identifier>();
              *copy = *fn->id;
              Declare(vs, copy, BindingKind::kVar);
            }
          }
        }
        VisitFunction(fn, scope);
        return;
      }
      case NodeKind::kFunctionExpression:
      case NodeKind::kArrowFunctionExpression:
        VisitFunction(node->As<Function>(), scope);
        return;
      case NodeKind::kClassDeclaration:
      case NodeKind::kClassExpression:
        VisitClass(node->As<Class>(), scope);
        return;
      case NodeKind::kVariableDeclaration:
        VisitDeclaration(node->As<VariableDeclaration>(), scope);
        return;
      case NodeKind::kBlockStatement: {
        // A block that declares nothing opens no scope: most blocks (if/else/loop bodies)
        // only hold statements, and a scope there would change nothing.
        const NodeList<>& body = node->As<BlockStatement>()->body;
        Scope* bs = DeclaresInBlock(body) ? NewScope(ScopeKind::kBlock, scope, node) : scope;
        VisitStatements(body, bs);
        return;
      }
      case NodeKind::kForStatement: {
        auto* f = node->As<ForStatement>();
        Scope* s = scope;
        if (f->init && f->init->kind == NodeKind::kVariableDeclaration &&
            f->init->As<VariableDeclaration>()->var_kind != VarKind::kVar) {
          s = NewScope(ScopeKind::kFor, scope, node);
          s->per_iteration = true;
        }
        Visit(f->init, s);
        Visit(f->test, s);
        Visit(f->update, s);
        Visit(f->body, s);
        return;
      }
      case NodeKind::kForInStatement:
      case NodeKind::kForOfStatement: {
        Node* left = node->kind == NodeKind::kForInStatement ? node->As<ForInStatement>()->left : node->As<ForOfStatement>()->left;
        Node* right = node->kind == NodeKind::kForInStatement ? node->As<ForInStatement>()->right : node->As<ForOfStatement>()->right;
        Node* body = node->kind == NodeKind::kForInStatement ? node->As<ForInStatement>()->body : node->As<ForOfStatement>()->body;
        Scope* s = scope;
        if (left->kind == NodeKind::kVariableDeclaration) {
          if (left->As<VariableDeclaration>()->var_kind != VarKind::kVar) {
            s = NewScope(ScopeKind::kFor, scope, node);
            s->per_iteration = true;
          }
          VisitDeclaration(left->As<VariableDeclaration>(), s);
          // The declared names are written by the loop itself.
        } else {
          VisitTarget(left, scope, false);
        }
        Visit(right, scope);
        Visit(body, s);
        return;
      }
      case NodeKind::kSwitchStatement: {
        auto* sw = node->As<SwitchStatement>();
        Visit(sw->discriminant, scope);
        Scope* bs = NewScope(ScopeKind::kBlock, scope, node);
        for (SwitchCase* c : sw->cases) {
          Visit(c->test, bs);
          VisitStatements(c->consequent, bs);
        }
        return;
      }
      case NodeKind::kCatchClause: {
        auto* c = node->As<CatchClause>();
        Scope* cs = NewScope(ScopeKind::kCatch, scope, node);
        DeclarePattern(c->param, cs, BindingKind::kCatch, cs);
        Visit(c->body, cs);
        return;
      }
      case NodeKind::kWithStatement: {
        auto* w = node->As<WithStatement>();
        Visit(w->object, scope);
        Scope* ws = NewScope(ScopeKind::kWith, scope, node);
        ws->dynamic = true;
        r_.has_with = true;
        Visit(w->body, ws);
        return;
      }
      case NodeKind::kLabeledStatement:
        Visit(node->As<LabeledStatement>()->body, scope);
        return;
      case NodeKind::kBreakStatement:
      case NodeKind::kContinueStatement:
      case NodeKind::kMetaProperty:
      case NodeKind::kPrivateIdentifier:
      case NodeKind::kLiteral:
      case NodeKind::kThisExpression:
      case NodeKind::kSuper:
      case NodeKind::kTemplateElement:
        return;
      case NodeKind::kMemberExpression: {
        auto* m = node->As<MemberExpression>();
        Visit(m->object, scope);
        if (m->computed) Visit(m->property, scope);
        return;
      }
      case NodeKind::kProperty: {
        auto* p = node->As<Property>();
        if (p->computed) Visit(p->key, scope);
        Visit(p->value, scope);
        return;
      }
      case NodeKind::kAssignmentExpression: {
        auto* a = node->As<AssignmentExpression>();
        VisitTarget(a->left, scope, a->op != Op::kAssign);
        Visit(a->right, scope);
        return;
      }
      case NodeKind::kUpdateExpression:
        VisitTarget(node->As<UpdateExpression>()->argument, scope, true);
        return;
      case NodeKind::kCallExpression: {
        auto* call = node->As<CallExpression>();
        if (call->callee->kind == NodeKind::kIdentifier && call->callee->As<Identifier>()->name == "eval") {
          eval_scopes_.push_back(scope);
          r_.has_eval = true;
        }
        Visit(call->callee, scope);
        for (Node* a : call->arguments) Visit(a, scope);
        return;
      }
      case NodeKind::kImportDeclaration:
        for (Node* spec : node->As<ImportDeclaration>()->specifiers) {
          Identifier* local = spec->kind == NodeKind::kImportSpecifier ? spec->As<ImportSpecifier>()->local
                              : spec->kind == NodeKind::kImportDefaultSpecifier ? spec->As<ImportDefaultSpecifier>()->local
                                                                                : spec->As<ImportNamespaceSpecifier>()->local;
          Declare(scope, local, BindingKind::kImport);
        }
        return;
      case NodeKind::kExportNamedDeclaration: {
        auto* e = node->As<ExportNamedDeclaration>();
        Visit(e->declaration, scope);
        if (!e->source) {
          for (ExportSpecifier* spec : e->specifiers) {
            if (spec->local->kind == NodeKind::kIdentifier) {
              AddRef({spec->local->As<Identifier>(), scope, true, false});
            }
          }
        }
        return;
      }
      case NodeKind::kExportAllDeclaration:
        return;
      default:
        ForEachChild(node, [&](Node* child) { Visit(child, scope); });
        return;
    }
  }

  struct RefInit {
    Identifier* id;
    Scope* from;
    bool read, write;
  };
  void AddRef(const RefInit& r) { r_.references.push_back({r.id, r.from, nullptr, r.id->name, r.read, r.write}); }

  // References are resolved once every declaration is known (hoisting), in place. The
  // references are replayed in the order the walk met them while a name table holds, for
  // every name, the innermost binding visible from the current scope: entering a scope puts
  // its bindings in front of the ones they shadow, leaving it undoes that. A reference is
  // then one table lookup instead of a lookup in every scope up to the root.
  void Resolve() {
    NameTable table;
    std::vector<Scope*> path;   // the current scope and its ancestors, root first
    std::vector<size_t> marks;  // undo_ size when each scope on `path` was entered
    struct Undo {
      uint32_t entry;
      Binding* previous;
    };
    std::vector<Undo> undo;
    auto enter = [&](Scope* s) {
      marks.push_back(undo.size());
      path.push_back(s);
      for (Binding* b : s->bindings) {
        uint32_t e = table.Entry(b->name);
        undo.push_back({e, table.top(e)});
        table.top(e) = b;
      }
    };
    auto leave = [&] {
      for (size_t m = marks.back(); undo.size() > m; undo.pop_back()) table.top(undo.back().entry) = undo.back().previous;
      marks.pop_back();
      path.pop_back();
    };
    std::vector<Scope*> down;
    for (Reference& ref : r_.references) {
      Scope* from = ref.from;
      if (path.empty() || path.back() != from) {
        // Leave scopes up to the nearest common ancestor, enter the ones down to `from`.
        down.clear();
        Scope* s = from;
        while (s && s->depth >= path.size()) {
          down.push_back(s);
          s = s->parent;
        }
        while (s && path[s->depth] != s) {
          down.push_back(s);
          s = s->parent;
        }
        size_t keep = s ? s->depth + 1 : 0;
        while (path.size() > keep) leave();
        for (auto it = down.rbegin(); it != down.rend(); ++it) enter(*it);
      }
      Binding* found = table.Lookup(ref.name);
      ref.binding = found;
      if (!found) {
        r_.globals.push_back(ref.identifier);
        continue;
      }
      ++found->references;
      if (ref.write) found->assigned = true;
      if (found->scope->function_scope != from->function_scope) found->captured = true;
    }
    // A direct eval can read and close over anything visible where it is called.
    for (Scope* s : eval_scopes_) {
      for (Scope* up = s; up; up = up->parent) {
        up->dynamic = true;
        for (Binding* b : up->bindings) b->captured = true;
      }
    }
  }

  ScopeAnalysis& r_;
  Arena& arena_;
  std::vector<Scope*> eval_scopes_;
};

}  // namespace

ScopeAnalysis AnalyzeScopes(Program* program, Arena& arena) {
  ScopeAnalysis result;
  Analyzer analyzer(result, arena);
  analyzer.Run(program);
  return result;
}

}  // namespace thingsjs::instrument

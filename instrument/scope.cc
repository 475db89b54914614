#include "instrument/scope.h"

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

Binding* Scope::Find(std::string_view name) const {
  if (name.empty() || !(name_bits & NameBit(name))) return nullptr;
  if (!index.empty()) {
    auto it = index.find(name);
    return it == index.end() ? nullptr : it->second;
  }
  for (Binding* b : bindings) {
    if (b->name == name) return b;
  }
  return nullptr;
}

void Scope::Add(Binding* binding) {
  constexpr size_t kIndexFrom = 16;
  bindings.push_back(binding);
  if (!binding->name.empty()) name_bits |= NameBit(binding->name);
  if (bindings.size() == kIndexFrom) {
    for (Binding* b : bindings) index.emplace(b->name, b);
  } else if (bindings.size() > kIndexFrom) {
    index.emplace(binding->name, binding);
  }
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

// Builds the scope tree and declares every binding in one walk, collecting references;
// resolves the references afterwards, when every (hoisted) declaration is known.
class Analyzer {
 public:
  Analyzer(ScopeAnalysis& result, Arena& arena) : r_(result), arena_(arena) {}

  void Run(Program* program) {
    Scope* root = NewScope(program->is_module ? ScopeKind::kModule : ScopeKind::kScript, nullptr, program);
    root->strict = program->is_module || HasUseStrict(program->body);
    r_.root = root;
    // About one reference per 8 bytes of minified source, fewer in readable code.
    r_.references.reserve(program->end / 12 + 16);
    for (Node* s : program->body) Visit(s, root);
    Resolve();
  }

 private:

  static bool HasUseStrict(const NodeList<>& body) {
    for (Node* s : body) {
      if (s->kind != NodeKind::kExpressionStatement || !s->As<ExpressionStatement>()->is_directive) break;
      if (s->As<ExpressionStatement>()->directive == "use strict") return true;
    }
    return false;
  }

  Scope* NewScope(ScopeKind kind, Scope* parent, Node* node) {
    r_.owned.emplace_back();
    Scope* s = &r_.owned.back();
    s->kind = kind;
    s->parent = parent;
    s->node = node;
    s->strict = parent ? parent->strict : false;
    s->function_scope = s->IsFunctionBoundary() || !parent ? s : parent->function_scope;
    if (parent) parent->children.push_back(s);
    r_.scopes.push_back(s);
    return s;
  }

  Binding* Declare(Scope* scope, Identifier* id, BindingKind kind) {
    if (Binding* existing = scope->Find(id->name)) {
      id->binding = existing;
      return existing;
    }
    Binding* b = arena_.New<Binding>();
    b->name = id->name;
    b->kind = kind;
    b->scope = scope;
    b->declaration = id;
    scope->Add(b);
    id->binding = b;
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
      inner->binding = nullptr;
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
              copy->binding = nullptr;
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
        Scope* bs = NewScope(ScopeKind::kBlock, scope, node);
        VisitStatements(node->As<BlockStatement>()->body, bs);
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
  void AddRef(const RefInit& r) { r_.references.push_back({r.id, r.from, nullptr, r.read, r.write}); }

  // References are resolved once every declaration is known (hoisting), in place.
  void Resolve() {
    for (Reference& ref : r_.references) {
      Binding* found = nullptr;
      std::string_view name = ref.identifier->name;
      uint64_t bit = name.empty() ? 0 : Scope::NameBit(name);
      for (Scope* s = ref.from; s; s = s->parent) {
        if (!(s->name_bits & bit)) continue;
        if ((found = s->Find(name))) break;
      }
      ref.binding = found;
      if (!found) {
        r_.globals.push_back(ref.identifier);
        continue;
      }
      ref.identifier->binding = found;
      ++found->references;
      if (ref.write) found->assigned = true;
      if (found->scope->function_scope != ref.from->function_scope) found->captured = true;
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

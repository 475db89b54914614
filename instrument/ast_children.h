#pragma once
// ForEachChild: the generic walk over an AST node's children, in source order.
// Included by ast.h; not meant to be included on its own.

namespace thingsjs::instrument {

namespace ast_detail {
template <typename F, typename T>
void Each(const NodeList<T>& list, F& f) {
  for (T* item : list) {
    if (item) f(static_cast<Node*>(item));
  }
}
template <typename F>
void One(Node* node, F& f) {
  if (node) f(node);
}
}  // namespace ast_detail

template <typename F>
void ForEachChild(const Node* node, F&& f) {
  using ast_detail::Each;
  using ast_detail::One;
  Node* n = const_cast<Node*>(node);
  switch (node->kind) {
    case NodeKind::kProgram: Each(n->As<Program>()->body, f); break;
    case NodeKind::kExpressionStatement: One(n->As<ExpressionStatement>()->expression, f); break;
    case NodeKind::kBlockStatement: Each(n->As<BlockStatement>()->body, f); break;
    case NodeKind::kStaticBlock: Each(n->As<StaticBlock>()->body, f); break;
    case NodeKind::kEmptyStatement:
    case NodeKind::kDebuggerStatement:
    case NodeKind::kThisExpression:
    case NodeKind::kSuper:
    case NodeKind::kIdentifier:
    case NodeKind::kPrivateIdentifier:
    case NodeKind::kLiteral:
    case NodeKind::kTemplateElement:
      break;
    case NodeKind::kWithStatement: {
      auto* s = n->As<WithStatement>();
      One(s->object, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kReturnStatement: One(n->As<ReturnStatement>()->argument, f); break;
    case NodeKind::kLabeledStatement: {
      auto* s = n->As<LabeledStatement>();
      One(s->label, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kBreakStatement: One(n->As<BreakStatement>()->label, f); break;
    case NodeKind::kContinueStatement: One(n->As<ContinueStatement>()->label, f); break;
    case NodeKind::kIfStatement: {
      auto* s = n->As<IfStatement>();
      One(s->test, f);
      One(s->consequent, f);
      One(s->alternate, f);
      break;
    }
    case NodeKind::kSwitchStatement: {
      auto* s = n->As<SwitchStatement>();
      One(s->discriminant, f);
      Each(s->cases, f);
      break;
    }
    case NodeKind::kSwitchCase: {
      auto* s = n->As<SwitchCase>();
      One(s->test, f);
      Each(s->consequent, f);
      break;
    }
    case NodeKind::kThrowStatement: One(n->As<ThrowStatement>()->argument, f); break;
    case NodeKind::kTryStatement: {
      auto* s = n->As<TryStatement>();
      One(s->block, f);
      One(s->handler, f);
      One(s->finalizer, f);
      break;
    }
    case NodeKind::kCatchClause: {
      auto* s = n->As<CatchClause>();
      One(s->param, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kWhileStatement: {
      auto* s = n->As<WhileStatement>();
      One(s->test, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kDoWhileStatement: {
      auto* s = n->As<DoWhileStatement>();
      One(s->body, f);
      One(s->test, f);
      break;
    }
    case NodeKind::kForStatement: {
      auto* s = n->As<ForStatement>();
      One(s->init, f);
      One(s->test, f);
      One(s->update, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kForInStatement: {
      auto* s = n->As<ForInStatement>();
      One(s->left, f);
      One(s->right, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kForOfStatement: {
      auto* s = n->As<ForOfStatement>();
      One(s->left, f);
      One(s->right, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kFunctionDeclaration:
    case NodeKind::kFunctionExpression:
    case NodeKind::kArrowFunctionExpression: {
      auto* s = n->As<Function>();
      One(s->id, f);
      Each(s->params, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kVariableDeclaration: Each(n->As<VariableDeclaration>()->declarations, f); break;
    case NodeKind::kVariableDeclarator: {
      auto* s = n->As<VariableDeclarator>();
      One(s->id, f);
      One(s->init, f);
      break;
    }
    case NodeKind::kClassDeclaration:
    case NodeKind::kClassExpression: {
      auto* s = n->As<Class>();
      One(s->id, f);
      One(s->super_class, f);
      One(s->body, f);
      break;
    }
    case NodeKind::kClassBody: Each(n->As<ClassBody>()->body, f); break;
    case NodeKind::kMethodDefinition: {
      auto* s = n->As<MethodDefinition>();
      One(s->key, f);
      One(s->value, f);
      break;
    }
    case NodeKind::kPropertyDefinition: {
      auto* s = n->As<PropertyDefinition>();
      One(s->key, f);
      One(s->value, f);
      break;
    }
    case NodeKind::kArrayExpression: Each(n->As<ArrayExpression>()->elements, f); break;
    case NodeKind::kObjectExpression: Each(n->As<ObjectExpression>()->properties, f); break;
    case NodeKind::kProperty: {
      auto* s = n->As<Property>();
      One(s->key, f);
      if (!s->shorthand) {
        One(s->value, f);
      } else if (s->value != s->key) {
        One(s->value, f);  // shorthand with default in a pattern: AssignmentPattern
      }
      break;
    }
    case NodeKind::kSpreadElement: One(n->As<SpreadElement>()->argument, f); break;
    case NodeKind::kTemplateLiteral: {
      // Quasis and expressions interleave in source order.
      auto* s = n->As<TemplateLiteral>();
      for (uint32_t i = 0; i < s->quasis.size; ++i) {
        f(static_cast<Node*>(s->quasis[i]));
        if (i < s->expressions.size) One(s->expressions[i], f);
      }
      break;
    }
    case NodeKind::kTaggedTemplateExpression: {
      auto* s = n->As<TaggedTemplateExpression>();
      One(s->tag, f);
      One(s->quasi, f);
      break;
    }
    case NodeKind::kUnaryExpression: One(n->As<UnaryExpression>()->argument, f); break;
    case NodeKind::kUpdateExpression: One(n->As<UpdateExpression>()->argument, f); break;
    case NodeKind::kBinaryExpression: {
      auto* s = n->As<BinaryExpression>();
      One(s->left, f);
      One(s->right, f);
      break;
    }
    case NodeKind::kLogicalExpression: {
      auto* s = n->As<LogicalExpression>();
      One(s->left, f);
      One(s->right, f);
      break;
    }
    case NodeKind::kAssignmentExpression: {
      auto* s = n->As<AssignmentExpression>();
      One(s->left, f);
      One(s->right, f);
      break;
    }
    case NodeKind::kConditionalExpression: {
      auto* s = n->As<ConditionalExpression>();
      One(s->test, f);
      One(s->consequent, f);
      One(s->alternate, f);
      break;
    }
    case NodeKind::kCallExpression: {
      auto* s = n->As<CallExpression>();
      One(s->callee, f);
      Each(s->arguments, f);
      break;
    }
    case NodeKind::kNewExpression: {
      auto* s = n->As<NewExpression>();
      One(s->callee, f);
      Each(s->arguments, f);
      break;
    }
    case NodeKind::kMemberExpression: {
      auto* s = n->As<MemberExpression>();
      One(s->object, f);
      One(s->property, f);
      break;
    }
    case NodeKind::kChainExpression: One(n->As<ChainExpression>()->expression, f); break;
    case NodeKind::kSequenceExpression: Each(n->As<SequenceExpression>()->expressions, f); break;
    case NodeKind::kYieldExpression: One(n->As<YieldExpression>()->argument, f); break;
    case NodeKind::kAwaitExpression: One(n->As<AwaitExpression>()->argument, f); break;
    case NodeKind::kMetaProperty: {
      auto* s = n->As<MetaProperty>();
      One(s->meta, f);
      One(s->property, f);
      break;
    }
    case NodeKind::kImportExpression: One(n->As<ImportExpression>()->source, f); break;
    case NodeKind::kParenthesizedExpression:
      One(n->As<ParenthesizedExpression>()->expression, f);
      break;
    case NodeKind::kObjectPattern: Each(n->As<ObjectPattern>()->properties, f); break;
    case NodeKind::kArrayPattern: Each(n->As<ArrayPattern>()->elements, f); break;
    case NodeKind::kRestElement: One(n->As<RestElement>()->argument, f); break;
    case NodeKind::kAssignmentPattern: {
      auto* s = n->As<AssignmentPattern>();
      One(s->left, f);
      One(s->right, f);
      break;
    }
    case NodeKind::kImportDeclaration: {
      auto* s = n->As<ImportDeclaration>();
      Each(s->specifiers, f);
      One(s->source, f);
      break;
    }
    case NodeKind::kImportSpecifier: {
      auto* s = n->As<ImportSpecifier>();
      One(s->imported, f);
      if (static_cast<Node*>(s->local) != s->imported) One(s->local, f);
      break;
    }
    case NodeKind::kImportDefaultSpecifier: One(n->As<ImportDefaultSpecifier>()->local, f); break;
    case NodeKind::kImportNamespaceSpecifier: One(n->As<ImportNamespaceSpecifier>()->local, f); break;
    case NodeKind::kExportNamedDeclaration: {
      auto* s = n->As<ExportNamedDeclaration>();
      One(s->declaration, f);
      Each(s->specifiers, f);
      One(s->source, f);
      break;
    }
    case NodeKind::kExportSpecifier: {
      auto* s = n->As<ExportSpecifier>();
      One(s->local, f);
      if (s->exported != s->local) One(s->exported, f);
      break;
    }
    case NodeKind::kExportDefaultDeclaration: One(n->As<ExportDefaultDeclaration>()->declaration, f); break;
    case NodeKind::kExportAllDeclaration: {
      auto* s = n->As<ExportAllDeclaration>();
      One(s->exported, f);
      One(s->source, f);
      break;
    }
  }
}

}  // namespace thingsjs::instrument

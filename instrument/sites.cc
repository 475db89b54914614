#include "instrument/sites.h"

#include <algorithm>
#include <unordered_set>

#include "instrument/parser.h"

namespace thingsjs::instrument {

namespace {

class SiteWalker {
 public:
  SiteWalker(std::string_view code, std::vector<FunctionSite>& sites, std::vector<std::pair<uint32_t, uint32_t>>& by_position)
      : code_(code), sites_(sites), by_position_(by_position) {}

  void Walk(Node* n) {
    if (!n) return;
    switch (n->kind) {
      case NodeKind::kFunctionDeclaration:
      case NodeKind::kFunctionExpression: {
        auto* fn = n->As<Function>();
        FunctionSite s;
        s.kind = n->kind == NodeKind::kFunctionDeclaration ? SiteKind::kDeclaration : SiteKind::kExpression;
        s.text = {n->start, n->end};
        if (fn->id && s.kind == SiteKind::kDeclaration) s.name = {fn->id->start, fn->id->end};
        s.position = SkipTo(fn->id ? fn->id->end : n->start, '(');
        Add(std::move(s));
        WalkFunctionInside(fn);
        return;
      }
      case NodeKind::kArrowFunctionExpression: {
        FunctionSite s;
        s.kind = SiteKind::kExpression;
        s.text = {n->start, n->end};
        s.position = n->start;
        Add(std::move(s));
        WalkFunctionInside(n->As<Function>());
        return;
      }
      case NodeKind::kClassDeclaration:
      case NodeKind::kClassExpression:
        WalkClass(n->As<Class>());
        return;
      case NodeKind::kCallExpression: {
        auto* call = n->As<CallExpression>();
        if (call->callee->kind == NodeKind::kIdentifier && call->callee->As<Identifier>()->name == "$tjs$O" &&
            !call->arguments.empty()) {
          linked_.insert(call->arguments[0]);
        }
        break;
      }
      case NodeKind::kObjectExpression:
        WalkObject(n->As<ObjectExpression>());
        return;
      default:
        break;
    }
    ForEachChild(n, [&](Node* c) { Walk(c); });
  }

 private:
  uint32_t Add(FunctionSite s) {
    uint32_t index = static_cast<uint32_t>(sites_.size());
    if (s.kind != SiteKind::kObjectLiteral) by_position_.emplace_back(s.position, index);
    sites_.push_back(std::move(s));
    return index;
  }

  void WalkFunctionInside(Function* fn) {
    for (Node* p : fn->params) Walk(p);
    Walk(fn->body);
  }

  // The position of `c` at or after `from`, skipping white space and comments (and anything
  // else that is not a comment: keywords, names, `*`).
  uint32_t SkipTo(uint32_t from, char c) const {
    uint32_t i = from;
    while (i < code_.size()) {
      if (code_[i] == c) return i;
      if (code_[i] == '/' && i + 1 < code_.size() && code_[i + 1] == '/') {
        while (i < code_.size() && code_[i] != '\n' && code_[i] != '\r') ++i;
      } else if (code_[i] == '/' && i + 1 < code_.size() && code_[i + 1] == '*') {
        i += 2;
        while (i + 1 < code_.size() && !(code_[i] == '*' && code_[i + 1] == '/')) ++i;
        i += 2;
      } else {
        ++i;
      }
    }
    return from;
  }

  // A member's key as written: with its brackets when computed.
  TextRange KeyRange(uint32_t member_start, Node* key, bool computed) const {
    if (!computed) return {key->start, key->end};
    return {SkipTo(member_start, '['), SkipTo(key->end, ']') + 1};
  }

  // Where the text of a class member starts: `static` is not part of it.
  uint32_t MemberTextStart(uint32_t start, bool is_static) const {
    if (!is_static) return start;
    uint32_t i = start + 6;  // "static"
    while (i < code_.size()) {
      char c = code_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if (c == '/' && i + 1 < code_.size() && code_[i + 1] == '*') {
        i += 2;
        while (i + 1 < code_.size() && !(code_[i] == '*' && code_[i + 1] == '/')) ++i;
        i += 2;
      } else if (c == '/' && i + 1 < code_.size() && code_[i + 1] == '/') {
        while (i < code_.size() && code_[i] != '\n' && code_[i] != '\r') ++i;
      } else {
        break;
      }
    }
    return i;
  }

  void WalkClass(Class* c) {
    FunctionSite s;
    s.kind = SiteKind::kClass;
    s.text = {c->start, c->end};
    s.position = c->start;
    if (c->super_class) s.heritage = {c->super_class->start, c->super_class->end};
    uint32_t index = static_cast<uint32_t>(sites_.size());
    sites_.push_back(s);
    Walk(c->super_class);
    for (Node* m : c->body->body) {
      if (m->kind == NodeKind::kStaticBlock) {
        sites_[index].static_parts.push_back({m->start, m->end});
        Walk(m);
        continue;
      }
      if (m->kind == NodeKind::kPropertyDefinition) {
        auto* f = m->As<PropertyDefinition>();
        if (f->key->kind == NodeKind::kPrivateIdentifier) sites_[index].private_state = true;
        if (f->is_static) sites_[index].static_parts.push_back({m->start, m->end});
        if (f->computed) Walk(f->key);
        Walk(f->value);
        continue;
      }
      auto* md = m->As<MethodDefinition>();
      if (md->key->kind == NodeKind::kPrivateIdentifier && !md->is_static) sites_[index].private_state = true;
      if (md->computed) Walk(md->key);
      TextRange key = KeyRange(m->start, md->key, md->computed);
      uint32_t open = SkipTo(key.end, '(');
      if (md->method_kind == MethodKind::kConstructor) {
        sites_[index].position = open;
      } else {
        FunctionSite ms;
        ms.kind = SiteKind::kClassMember;
        ms.member = md->method_kind == MethodKind::kGet ? MemberKind::kGet
                    : md->method_kind == MethodKind::kSet ? MemberKind::kSet
                                                          : MemberKind::kMethod;
        ms.is_static = md->is_static;
        ms.container = static_cast<int32_t>(index);
        ms.text = {MemberTextStart(m->start, md->is_static), m->end};
        ms.key = key;
        ms.position = open;
        // Private methods keep their names (the class refers to them by name).
        if (md->key->kind == NodeKind::kPrivateIdentifier) ms.key = {};
        uint32_t mi = Add(std::move(ms));
        sites_[index].members.push_back(mi);
      }
      WalkFunctionInside(md->value);
    }
    by_position_.emplace_back(sites_[index].position, index);
  }

  void WalkObject(ObjectExpression* o) {
    int32_t index = -1;
    for (Node* p : o->properties) {
      if (p->kind != NodeKind::kProperty) {
        Walk(p);
        continue;
      }
      auto* prop = p->As<Property>();
      if (prop->computed) Walk(prop->key);
      if (!prop->method && prop->property_kind == PropertyKind::kInit) {
        if (!prop->shorthand) Walk(prop->value);
        continue;
      }
      if (index < 0) {
        FunctionSite ls;
        ls.kind = SiteKind::kObjectLiteral;
        ls.text = {o->start, o->end};
        ls.position = o->start;
        ls.linked = linked_.count(o) > 0;
        index = static_cast<int32_t>(Add(std::move(ls)));
      }
      FunctionSite ms;
      ms.kind = SiteKind::kObjectMember;
      ms.member = prop->property_kind == PropertyKind::kGet   ? MemberKind::kGet
                  : prop->property_kind == PropertyKind::kSet ? MemberKind::kSet
                                                              : MemberKind::kMethod;
      ms.container = index;
      ms.text = {p->start, p->end};
      ms.key = KeyRange(p->start, prop->key, prop->computed);
      ms.position = SkipTo(ms.key.end, '(');
      uint32_t mi = Add(std::move(ms));
      sites_[static_cast<size_t>(index)].members.push_back(mi);
      WalkFunctionInside(prop->value->As<Function>());
    }
  }

  std::string_view code_;
  std::vector<FunctionSite>& sites_;
  std::vector<std::pair<uint32_t, uint32_t>>& by_position_;
  std::unordered_set<const Node*> linked_;
};

}  // namespace

FunctionSites::FunctionSites(std::string_view code, bool module) : code_(code) {
  Arena arena;
  ParseOptions options;
  options.module = module;
  ParseResult parsed = Parse(code, arena, options);
  if (parsed.error) {
    error_ = std::to_string(parsed.error->position.line) + ":" + std::to_string(parsed.error->position.column + 1) +
             ": " + parsed.error->message;
    return;
  }
  top_strict_ = module;
  for (Node* s : parsed.program->body) {
    if (s->kind != NodeKind::kExpressionStatement || !s->As<ExpressionStatement>()->is_directive) break;
    std::string_view text = code.substr(s->start, s->end - s->start);
    if (text.substr(1, 10) == "use strict" && text.size() >= 12 && text[11] == text[0]) top_strict_ = true;
  }
  SiteWalker walker(code, sites_, by_position_);
  walker.Walk(parsed.program);
  std::sort(by_position_.begin(), by_position_.end());
}

int32_t FunctionSites::Find(uint32_t position) const {
  auto it = std::lower_bound(by_position_.begin(), by_position_.end(), std::make_pair(position, 0u));
  if (it == by_position_.end() || it->first != position) return -1;
  return static_cast<int32_t>(it->second);
}

std::string FunctionSites::MemberKey(uint32_t site) { return "$tjs$k" + std::to_string(site); }

void FunctionSites::AppendCopy(std::string& out, uint32_t start, uint32_t end, std::vector<Copy>* copies) const {
  if (end <= start) return;
  if (copies) copies->push_back({start, end - start, static_cast<uint32_t>(out.size())});
  out.append(code_.substr(start, end - start));
}

void FunctionSites::AppendEdited(std::string& out, TextRange range, std::vector<std::pair<TextRange, std::string>> edits,
                                 std::vector<Copy>* copies) const {
  std::sort(edits.begin(), edits.end(), [](const auto& a, const auto& b) { return a.first.start < b.first.start; });
  uint32_t pos = range.start;
  for (const auto& [r, text] : edits) {
    if (r.start < pos || r.end > range.end) continue;  // overlapping or outside: not expected
    AppendCopy(out, pos, r.start, copies);
    out += text;
    pos = r.end;
  }
  AppendCopy(out, pos, range.end, copies);
}

std::string FunctionSites::Expression(uint32_t index, std::vector<Copy>* copies) const {
  const FunctionSite& s = sites_.at(index);
  std::string out = "(";
  switch (s.kind) {
    case SiteKind::kDeclaration:
      AppendEdited(out, s.text, {{s.name, ""}}, copies);
      break;
    case SiteKind::kExpression:
      AppendCopy(out, s.text.start, s.text.end, copies);
      break;
    case SiteKind::kClass: {
      std::vector<std::pair<TextRange, std::string>> edits;
      if (s.heritage.end > s.heritage.start) edits.push_back({s.heritage, "null"});
      for (const TextRange& r : s.static_parts) edits.push_back({r, ""});
      for (uint32_t m : s.members) {
        if (sites_[m].key.end > sites_[m].key.start) edits.push_back({sites_[m].key, MemberKey(m)});
      }
      AppendEdited(out, s.text, std::move(edits), copies);
      break;
    }
    case SiteKind::kObjectLiteral:
      out += "{ ";
      for (uint32_t m : s.members) {
        AppendEdited(out, sites_[m].text, {{sites_[m].key, MemberKey(m)}}, copies);
        out += ", ";
      }
      out += "}";
      break;
    case SiteKind::kObjectMember:
    case SiteKind::kClassMember:
      return s.container >= 0 ? Expression(static_cast<uint32_t>(s.container), copies) : std::string();
  }
  out += ")";
  return out;
}

}  // namespace thingsjs::instrument

#pragma once
// Scope analysis: every binding a program declares, every reference resolved to its binding
// (or marked global), and for each scope the bindings that nested functions capture. This is
// the input of the migration transform: only captured variables (and top-level lexical
// bindings) are state that V8's object graph does not expose.

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "instrument/arena.h"
#include "instrument/ast.h"

namespace thingsjs::instrument {

enum class BindingKind : uint8_t {
  kVar,
  kLet,
  kConst,
  kClass,
  kFunction,
  kParameter,
  kCatch,
  kImport,
  kFunctionName,  // a named function expression's own name, visible inside it
  kClassName,     // a class's own name, visible inside its body
};

std::string_view BindingKindName(BindingKind kind);

enum class ScopeKind : uint8_t {
  kScript,        // the top level of a script
  kModule,        // the top level of a module
  kFunction,      // a function's parameters and body (arrows included)
  kFunctionName,  // holds a named function expression's name
  kBlock,         // a block that declares let/const/class/function, or a switch's case block
  kFor,           // the head of a for/for-in/for-of with let/const: one binding per iteration
  kCatch,         // a catch clause's parameter and body
  kClass,         // a class body (its name, for methods to see)
  kStaticBlock,   // a class static block
  kWith,          // a with statement's body (dynamic)
};

std::string_view ScopeKindName(ScopeKind kind);

struct Scope;
struct Reference;

// A growable array in an arena (scopes and their lists live in the parse's arena, so the
// analysis allocates nothing one by one and frees nothing).
template <typename T>
class ArenaList {
 public:
  T* begin() const { return items_; }
  T* end() const { return items_ + size_; }
  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](uint32_t i) const { return items_[i]; }
  T& back() const { return items_[size_ - 1]; }
  void push_back(const T& item, Arena& arena) {
    if (size_ == capacity_) {
      uint32_t cap = capacity_ ? capacity_ * 2 : 4;
      T* grown = static_cast<T*>(arena.Allocate(sizeof(T) * cap, alignof(T)));
      if (size_) std::memcpy(static_cast<void*>(grown), items_, sizeof(T) * size_);
      items_ = grown;
      capacity_ = cap;
    }
    items_[size_++] = item;
  }

 private:
  T* items_ = nullptr;
  uint32_t size_ = 0, capacity_ = 0;
};

// The hash of an identifier name used by scope lookups.
uint32_t HashName(std::string_view name);

struct Binding {
  std::string_view name;
  BindingKind kind;
  Scope* scope = nullptr;
  Identifier* declaration = nullptr;  // the first declaring identifier
  uint32_t references = 0;
  bool assigned = false;  // written after its declaration (not counting the initializer)
  bool captured = false;  // referenced from a function nested inside its own function
};

struct Scope {
  ScopeKind kind;
  Scope* parent = nullptr;
  Node* node = nullptr;          // the node that opens the scope (Program, Function, Block...)
  Scope* function_scope = nullptr;  // the nearest function/script/module scope (itself if one)
  uint32_t depth = 0;               // 0 for the root; parent's depth + 1
  ArenaList<Binding*> bindings;     // in declaration order
  ArenaList<Scope*> children;
  bool strict = false;
  // eval() or with can reach this scope's bindings by name at run time.
  bool dynamic = false;
  bool per_iteration = false;  // kFor with let/const: each iteration has fresh bindings

  Binding* Find(std::string_view name) const;
  void Add(Binding* binding, Arena& arena);  // appends, keeping the name index of large scopes
  // The bindings nested functions capture (the migration transform's input).
  std::vector<Binding*> CapturedBindings() const;
  // An open-addressing index by name, for scopes with many bindings (bundles declare
  // thousands in one function); null until the scope has kIndexFrom bindings.
  Binding** index = nullptr;
  uint32_t index_mask = 0;
  static constexpr uint32_t kIndexFrom = 16;
  // One bit per binding name (NameBit): most scopes a lookup passes can be skipped without
  // comparing a single string.
  uint64_t name_bits = 0;
  static uint64_t NameBit(std::string_view name) {
    size_t h = name.size() * 31u + static_cast<unsigned char>(name.front()) * 7u +
               static_cast<unsigned char>(name.back());
    return uint64_t{1} << (h & 63);
  }

  bool IsFunctionBoundary() const {
    return kind == ScopeKind::kFunction || kind == ScopeKind::kScript || kind == ScopeKind::kModule ||
           kind == ScopeKind::kStaticBlock;
  }
};

struct Reference {  // 40 bytes
  Identifier* identifier;
  Scope* from;
  Binding* binding;  // null: a global (or, in a dynamic scope, unresolvable statically)
  PackedName name;   // the identifier's (12 bytes: a reference is 40 bytes, not 48)
  bool read;
  bool write;
};

// The result of AnalyzeScopes. Scopes and bindings live in the arena passed in.
struct ScopeAnalysis {
  Scope* root = nullptr;
  std::vector<Scope*> scopes;      // every scope, parents before children
  std::vector<Reference> references;
  std::vector<Identifier*> globals;  // references that resolved to no binding
  bool has_eval = false;             // a direct eval call somewhere
  bool has_with = false;

  // The scope a node opens (Program, functions, blocks, for, catch, class...), or null.
  Scope* ScopeOf(const Node* node) const;

  // Built on the first ScopeOf call: most users never ask.
  mutable std::unordered_map<const Node*, Scope*> by_node;
};

// Analyzes a parsed program. What each identifier refers to: Reference::binding for the
// references, Binding::declaration for the first declaring identifier.
ScopeAnalysis AnalyzeScopes(Program* program, Arena& arena);

}  // namespace thingsjs::instrument

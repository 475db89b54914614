#pragma once
// Private to the parser's .cc files.

#include <string>
#include <string_view>
#include <vector>

#include "instrument/ast.h"
#include "instrument/lexer.h"
#include "instrument/parser.h"
#include "instrument/scope.h"

namespace thingsjs::instrument {

// Thrown on the first syntax error; Parse() turns it into a SyntaxError value.
struct ParseAbort {
  uint32_t pos;
  std::string message;
};

// Collects a list of nodes, then moves it into the arena. Builders share one scratch stack
// (no allocation per list); lists nest strictly, so each builder owns the top of the stack
// from its creation to its Finish. Two builders must never be filled alternately.
class ListBuilder {
 public:
  explicit ListBuilder(std::vector<Node*>& scratch) : scratch_(scratch), base_(scratch.size()) {}
  ~ListBuilder() {
    if (!finished_) scratch_.resize(base_);  // unwinding after an error
  }
  ListBuilder(const ListBuilder&) = delete;
  ListBuilder& operator=(const ListBuilder&) = delete;

  void Add(Node* n) { scratch_.push_back(n); }
  size_t size() const { return scratch_.size() - base_; }
  bool empty() const { return scratch_.size() == base_; }
  Node*& operator[](size_t i) { return scratch_[base_ + i]; }
  template <typename T = Node>
  NodeList<T> Finish(Arena& arena) {
    NodeList<T> list;
    list.size = static_cast<uint32_t>(size());
    list.items = reinterpret_cast<T**>(arena.CopyArray(scratch_.data() + base_, size()));
    scratch_.resize(base_);
    finished_ = true;
    return list;
  }

 private:
  std::vector<Node*>& scratch_;
  size_t base_;
  bool finished_ = false;
};

// Positions of constructs that are valid only if the expression around them turns out to be
// a pattern (or only if it does not): decided when the parser knows which.
struct CoverErrors {
  int shorthand_assign = -1;  // `{a = 1}` outside a pattern
  int trailing_comma = -1;    // `[...a,]` as a pattern
  int double_proto = -1;      // duplicate __proto__ in an object literal
  int parenthesized_pattern = -1;  // `({a}) = 1`
};

enum class BindKind : uint8_t { kVar, kLexical, kFunction, kSimpleCatch, kParam, kClassName };

// Names declared in one scope, for the redeclaration early errors.
// The names declared in a scope, for the redeclaration early errors. Small scopes are
// searched in order; past 16 names an open-addressing index takes over (minified bundles
// declare thousands of names in one function). Cleared without freeing, for reuse.
class NameSet {
 public:
  bool Has(std::string_view name) const {
    if (index_.empty()) {
      for (std::string_view n : names_) {
        if (n == name) return true;
      }
      return false;
    }
    uint32_t mask = static_cast<uint32_t>(index_.size()) - 1;
    for (uint32_t i = HashName(name) & mask;; i = (i + 1) & mask) {
      uint32_t slot = index_[i];
      if (slot == 0) return false;
      if (names_[slot - 1] == name) return true;
    }
  }
  void Add(std::string_view name) {
    names_.push_back(name);
    if (!index_.empty()) {
      if (names_.size() * 2 > index_.size()) {
        Rehash(index_.size() * 2);
      } else {
        Insert(static_cast<uint32_t>(names_.size()));
      }
    } else if (names_.size() > 16) {
      Rehash(64);
    }
  }
  void Clear() {
    names_.clear();
    index_.clear();
  }

 private:
  void Insert(uint32_t slot) {
    uint32_t mask = static_cast<uint32_t>(index_.size()) - 1;
    uint32_t i = HashName(names_[slot - 1]) & mask;
    while (index_[i] != 0) i = (i + 1) & mask;
    index_[i] = slot;
  }
  void Rehash(size_t size) {
    index_.assign(size, 0);
    for (uint32_t slot = 1; slot <= names_.size(); ++slot) Insert(slot);
  }

  std::vector<std::string_view> names_;
  std::vector<uint32_t> index_;  // 1 + position in names_, 0 empty
};

struct DeclScope {
  enum Flags : uint8_t {
    kFunction = 1,     // a function body (or the script/module top level)
    kTop = 2,
    kArrow = 4,
    kCatchSimple = 8,  // a catch clause with a simple identifier parameter
    kStaticBlock = 16,
  };
  uint8_t flags = 0;
  NameSet var, lexical, functions, params;
  NameSet non_plain_functions;  // generators/async in blocks
  std::string_view catch_param;

  static bool Has(const NameSet& v, std::string_view n) { return v.Has(n); }
};

struct Label {
  std::string_view name;
  bool is_loop;
};

// The per-function parsing context, saved and restored around nested functions.
struct FunctionContext {
  bool strict = false;
  bool in_function = false;
  bool is_async = false;
  bool is_generator = false;
  bool is_arrow = false;
  bool allow_super_property = false;
  bool allow_super_call = false;
  bool allow_new_target = false;
  bool allow_arguments = true;   // false in class field initializers
  bool in_static_block = false;
  bool in_class_field_init = false;
  bool in_params = false;        // parsing formal parameters
  std::vector<Label> labels;
  int loop_depth = 0;
  int switch_depth = 0;
};

struct PrivateNameScope {
  struct Declared {
    std::string_view name;
    uint8_t kind;  // 0 field/method, 1 getter, 2 setter, 3 getter+setter
    bool is_static;
  };
  std::vector<Declared> declared;
  std::vector<std::pair<std::string_view, uint32_t>> used;
};

}  // namespace thingsjs::instrument

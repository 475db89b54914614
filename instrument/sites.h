#pragma once
// Function sites: every place in an instrumented program where a function, class or object
// literal with methods is created, keyed by the position V8 reports for the functions made
// there. A snapshot names a function by its site; restore re-creates it from the site's text
// (docs/migration.md).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace thingsjs::instrument {

enum class SiteKind : uint8_t {
  kDeclaration,    // function declaration: re-created as an anonymous function expression
  kExpression,     // function expression or arrow function
  kClass,          // class declaration or expression
  kObjectMember,   // method, getter or setter of an object literal
  kClassMember,    // method, getter or setter of a class (not the constructor)
  kObjectLiteral,  // an object literal with members (holds them; no function of its own)
};

enum class MemberKind : uint8_t { kMethod, kGet, kSet };

struct TextRange {
  uint32_t start = 0;
  uint32_t end = 0;
};

struct FunctionSite {
  uint32_t position = 0;  // what V8's Function::GetScriptColumnNumber points at
  TextRange text;         // what Function.prototype.toString shows (members: with `get`/`async`/`*`)
  SiteKind kind = SiteKind::kExpression;
  MemberKind member = MemberKind::kMethod;
  bool is_static = false;
  // Object literals: whether the instrumented program links it to its scope ($tjs$O).
  bool linked = false;
  // Classes: private fields, or private methods or accessors its instances carry: state (or a
  // brand) that no API can read, so neither the class nor its instances can migrate.
  bool private_state = false;
  int32_t container = -1;  // members: the site of their class or object literal
  TextRange name;          // declarations: the function's name (left out when re-created)
  TextRange key;           // members: the key, with its brackets when computed
  // Classes: the heritage expression (empty if none), and static fields and blocks, which
  // restore leaves out (their effects are in the snapshot).
  TextRange heritage;
  std::vector<TextRange> static_parts;
  std::vector<uint32_t> members;  // classes and object literals: their member sites
};

class FunctionSites {
 public:
  // Parses `code` (an instrumented program; it must parse) and lists its sites. On a parse
  // error `error()` says why and there are no sites.
  FunctionSites(std::string_view code, bool module);

  const std::vector<FunctionSite>& sites() const { return sites_; }
  const std::string& error() const { return error_; }
  bool top_level_strict() const { return top_strict_; }

  // The site of a function whose V8 start position is `position`, or -1. A class with an
  // explicit constructor reports the constructor's position: that finds the class.
  int32_t Find(uint32_t position) const;

  // The JavaScript expression that re-creates site `index` (its text, edited): an anonymous
  // function for a declaration; for a class, the class without its heritage expression
  // (`extends null`; restore sets the prototypes), static fields and blocks, and with its
  // members keyed `MemberKey(site)`; for an object literal, a literal of its members keyed
  // the same way. Copied text is reported to `copy` (start in `code`, length, offset in the
  // output) so that positions in the result can be mapped back to `code`.
  struct Copy {
    uint32_t code_offset;
    uint32_t length;
    uint32_t out_offset;
  };
  std::string Expression(uint32_t index, std::vector<Copy>* copies) const;

  static std::string MemberKey(uint32_t site);

 private:
  void AppendCopy(std::string& out, uint32_t start, uint32_t end, std::vector<Copy>* copies) const;
  // Copies [start, end) with the ranges in `edits` (sorted, inside) replaced.
  void AppendEdited(std::string& out, TextRange range, std::vector<std::pair<TextRange, std::string>> edits,
                    std::vector<Copy>* copies) const;

  std::string_view code_;
  std::vector<FunctionSite> sites_;
  std::vector<std::pair<uint32_t, uint32_t>> by_position_;  // (position, site), sorted
  std::string error_;
  bool top_strict_ = false;
};

}  // namespace thingsjs::instrument

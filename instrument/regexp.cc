#include "instrument/regexp.h"

#include <cstdint>
#include <vector>

#include "instrument/unicode.h"

namespace thingsjs::instrument {

namespace {

// A recursive-descent checker over the pattern's code points (UTF-16 units without the u
// flag, as the engine sees them).
class RegExpChecker {
 public:
  RegExpChecker(std::string_view pattern, bool unicode) : unicode_(unicode) {
    Decode(pattern);
  }

  std::string Run() {
    // Named groups change how \k is read everywhere, so find them first.
    CountGroups();
    pos_ = 0;
    Disjunction();
    if (error_.empty() && pos_ < cps_.size()) {
      Fail(cps_[pos_] == ')' ? "Unmatched ')'" : "Unexpected character");
    }
    if (error_.empty()) {
      for (auto& ref : named_refs_) {
        bool found = false;
        for (auto& name : group_names_) found = found || name == ref;
        if (!found) {
          Fail("Invalid named capture referenced");
          break;
        }
      }
      if (unicode_ || !group_names_.empty()) {
        for (uint32_t n : back_refs_) {
          if (n > group_count_) {
            Fail("Invalid escape");
            break;
          }
        }
      }
    }
    return error_;
  }

 private:
  void Decode(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size(), i = 0;
    while (i < n) {
      uint32_t cp = p[i];
      size_t len = 1;
      if (cp >= 0xF0 && i + 3 < n) {
        cp = ((p[i] & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
        len = 4;
      } else if (cp >= 0xE0 && i + 2 < n) {
        cp = ((p[i] & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
        len = 3;
      } else if (cp >= 0xC0 && i + 1 < n) {
        cp = ((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
        len = 2;
      }
      i += len;
      if (cp > 0xFFFF && !unicode_) {
        cp -= 0x10000;
        cps_.push_back(0xD800 + (cp >> 10));
        cps_.push_back(0xDC00 + (cp & 0x3FF));
      } else {
        cps_.push_back(cp);
      }
    }
  }

  bool AtEnd() const { return pos_ >= cps_.size(); }
  uint32_t Cur() const { return AtEnd() ? UINT32_MAX : cps_[pos_]; }
  uint32_t At(size_t i) const { return pos_ + i < cps_.size() ? cps_[pos_ + i] : UINT32_MAX; }
  bool Eat(uint32_t c) {
    if (Cur() != c) return false;
    ++pos_;
    return true;
  }
  void Fail(const char* message) {
    if (error_.empty()) error_ = message;
  }
  bool Failed() const { return !error_.empty(); }

  static bool IsSyntaxChar(uint32_t c) {
    switch (c) {
      case '^': case '$': case '\\': case '.': case '*': case '+': case '?': case '(': case ')':
      case '[': case ']': case '{': case '}': case '|':
        return true;
      default:
        return false;
    }
  }
  static bool IsDigit(uint32_t c) { return c >= '0' && c <= '9'; }
  static int Hex(uint32_t c) {
    if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
    return -1;
  }

  // Scans the whole pattern once for capture groups and their names.
  void CountGroups() {
    bool in_class = false;
    for (size_t i = 0; i < cps_.size(); ++i) {
      uint32_t c = cps_[i];
      if (c == '\\') {
        ++i;
      } else if (c == '[') {
        in_class = true;
      } else if (c == ']') {
        in_class = false;
      } else if (c == '(' && !in_class) {
        if (i + 1 < cps_.size() && cps_[i + 1] == '?') {
          if (i + 2 < cps_.size() && cps_[i + 2] == '<' && i + 3 < cps_.size() && cps_[i + 3] != '=' && cps_[i + 3] != '!') {
            ++group_count_;
            has_named_groups_ = true;
          }
        } else {
          ++group_count_;
        }
      }
    }
  }

  void Disjunction() {
    Alternative();
    while (!Failed() && Eat('|')) Alternative();
  }

  void Alternative() {
    while (!Failed() && !AtEnd() && Cur() != '|' && Cur() != ')') Term();
  }

  // Reads {n}, {n,}, {n,m} at pos_; returns false (pos_ unchanged) when it is not one.
  bool BracedQuantifier(bool check_order) {
    size_t save = pos_;
    if (!Eat('{')) return false;
    uint64_t lo = 0, hi = 0;
    bool any = false;
    while (IsDigit(Cur())) {
      lo = lo * 10 + (Cur() - '0');
      if (lo > UINT32_MAX) lo = UINT32_MAX;
      ++pos_;
      any = true;
    }
    if (!any) {
      pos_ = save;
      return false;
    }
    hi = lo;
    if (Eat(',')) {
      hi = UINT64_MAX;
      if (IsDigit(Cur())) {
        hi = 0;
        while (IsDigit(Cur())) {
          hi = hi * 10 + (Cur() - '0');
          if (hi > UINT32_MAX) hi = UINT32_MAX;
          ++pos_;
        }
      }
    }
    if (!Eat('}')) {
      pos_ = save;
      return false;
    }
    if (check_order && hi < lo) Fail("numbers out of order in {} quantifier");
    return true;
  }

  bool Quantifier() {
    if (Cur() == '*' || Cur() == '+' || Cur() == '?') {
      ++pos_;
    } else if (!BracedQuantifier(true)) {
      return false;
    }
    Eat('?');
    return true;
  }

  void Term() {
    uint32_t c = Cur();
    // Assertions.
    if (c == '^' || c == '$') {
      ++pos_;
      return;
    }
    if (c == '\\' && (At(1) == 'b' || At(1) == 'B')) {
      pos_ += 2;
      return;
    }
    if (c == '(' && At(1) == '?' && (At(2) == '=' || At(2) == '!' ||
                                     (At(2) == '<' && (At(3) == '=' || At(3) == '!')))) {
      bool lookbehind = At(2) == '<';
      pos_ += lookbehind ? 4 : 3;
      Disjunction();
      if (!Eat(')')) return Fail("Unterminated group");
      // Annex B: lookaheads may be quantified without the u flag.
      if (!lookbehind && !unicode_) {
        Quantifier();
      } else if (Cur() == '*' || Cur() == '+' || Cur() == '?' || (Cur() == '{' && IsQuantifierAhead())) {
        Fail("Nothing to repeat");
      }
      return;
    }
    // Atoms.
    if (c == '*' || c == '+' || c == '?') return Fail("Nothing to repeat");
    if (c == '{') {
      if (unicode_) return Fail("Nothing to repeat");
      if (IsQuantifierAhead()) return Fail("Nothing to repeat");
      ++pos_;  // Annex B: a literal '{'
    } else if (c == '(') {
      ++pos_;
      if (Eat('?')) {
        if (Eat(':')) {
        } else if (Eat('<')) {
          GroupName(true);
        } else {
          return Fail("Invalid group");
        }
      }
      Disjunction();
      if (!Eat(')')) return Fail("Unterminated group");
    } else if (c == ')') {
      return Fail("Unmatched ')'");
    } else if (c == '[') {
      CharacterClass();
    } else if (c == '\\') {
      ++pos_;
      AtomEscape();
    } else if (c == ']' || c == '}') {
      if (unicode_) return Fail("Lone quantifier brackets");
      ++pos_;
    } else {
      ++pos_;
    }
    if (Failed()) return;
    Quantifier();
  }

  bool IsQuantifierAhead() {
    size_t save = pos_;
    bool q = BracedQuantifier(false);
    pos_ = save;
    return q;
  }

  // (?<name> or \k<name>: pos_ after '<'.
  void GroupName(bool declaring) {
    std::vector<uint32_t> name;
    bool first = true;
    while (true) {
      uint32_t c = Cur();
      if (c == '>') {
        ++pos_;
        break;
      }
      if (c == UINT32_MAX) return Fail("Invalid capture group name");
      if (c == '\\') {
        ++pos_;
        if (!Eat('u')) return Fail("Invalid Unicode escape");
        int64_t v = UnicodeEscapeBody(true);
        if (v < 0) return Fail("Invalid Unicode escape");
        c = static_cast<uint32_t>(v);
      } else {
        ++pos_;
        // A surrogate pair written literally in a group name is one code point.
        if (c >= 0xD800 && c <= 0xDBFF && Cur() >= 0xDC00 && Cur() <= 0xDFFF) {
          c = 0x10000 + ((c - 0xD800) << 10) + (Cur() - 0xDC00);
          ++pos_;
        }
      }
      bool ok = first ? (c == '$' || c == '_' || IsIdStart(c) || (c < 128 && ((c | 32) >= 'a' && (c | 32) <= 'z')))
                      : (c == '$' || c == '_' || c == 0x200C || c == 0x200D || IsIdContinue(c) ||
                         (c < 128 && (((c | 32) >= 'a' && (c | 32) <= 'z') || IsDigit(c))));
      if (!ok) return Fail("Invalid capture group name");
      name.push_back(c);
      first = false;
    }
    if (name.empty()) return Fail("Invalid capture group name");
    if (declaring) {
      for (auto& n : group_names_) {
        if (n == name) return Fail("Duplicate capture group name");
      }
      group_names_.push_back(name);
    } else {
      named_refs_.push_back(name);
    }
  }

  // After "\u": XXXX, or {X...} with the u flag (or in group names). -1 when malformed.
  int64_t UnicodeEscapeBody(bool braces_allowed) {
    if (Cur() == '{' && (unicode_ || braces_allowed)) {
      size_t save = pos_;
      ++pos_;
      int64_t v = 0;
      bool any = false;
      while (Hex(Cur()) >= 0) {
        v = v * 16 + Hex(Cur());
        if (v > 0x10FFFF) {
          pos_ = save;
          return -2;
        }
        ++pos_;
        any = true;
      }
      if (!any || !Eat('}')) {
        pos_ = save;
        return -1;
      }
      return v;
    }
    int64_t v = 0;
    for (int i = 0; i < 4; ++i) {
      int h = Hex(At(static_cast<size_t>(i)));
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    pos_ += 4;
    if (unicode_ && v >= 0xD800 && v <= 0xDBFF && Cur() == '\\' && At(1) == 'u') {
      size_t save = pos_;
      pos_ += 2;
      int64_t lo = 0;
      bool ok = true;
      for (int i = 0; i < 4; ++i) {
        int h = Hex(At(static_cast<size_t>(i)));
        if (h < 0) {
          ok = false;
          break;
        }
        lo = lo * 16 + h;
      }
      if (ok && lo >= 0xDC00 && lo <= 0xDFFF) {
        pos_ += 4;
        return 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
      }
      pos_ = save;
    }
    return v;
  }

  // After a backslash outside a class.
  void AtomEscape() {
    uint32_t c = Cur();
    if (c == UINT32_MAX) return Fail("\\ at end of pattern");
    if (IsDigit(c) && c != '0') {
      uint32_t n = 0;
      size_t save = pos_;
      while (IsDigit(Cur())) {
        n = n * 10 + (Cur() - '0');
        if (n > 100000) n = 100000;
        ++pos_;
      }
      if (unicode_ || has_named_groups_) {
        back_refs_.push_back(n);
      } else if (n > group_count_) {
        // Annex B: a legacy octal escape or an identity escape.
        pos_ = save;
        if (Cur() >= '8') {
          ++pos_;
        } else {
          for (int i = 0; i < 3 && Cur() >= '0' && Cur() <= '7'; ++i) ++pos_;
        }
      }
      return;
    }
    if (c == 'k') {
      ++pos_;
      if (unicode_ || has_named_groups_) {
        if (!Eat('<')) return Fail("Invalid named reference");
        GroupName(false);
      }
      return;
    }
    CharacterEscape(false);
  }

  // An escape valid in both atoms and classes (pos_ after the backslash). Returns the code
  // point it denotes, or -1 for a class escape (\d, \p{...}).
  int64_t CharacterEscape(bool in_class) {
    uint32_t c = Cur();
    ++pos_;
    switch (c) {
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        return -1;
      case 'p': case 'P':
        if (unicode_) {
          if (!Eat('{')) {
            Fail("Invalid property name");
            return -1;
          }
          bool any = false;
          while (Cur() != '}' && Cur() != UINT32_MAX) {
            uint32_t ch = Cur();
            bool ok = (ch < 128) && (((ch | 32) >= 'a' && (ch | 32) <= 'z') || IsDigit(ch) || ch == '_' || ch == '=');
            if (!ok) {
              Fail("Invalid property name");
              return -1;
            }
            ++pos_;
            any = true;
          }
          if (!any || !Eat('}')) Fail("Invalid property name");
          return -1;
        }
        return c;
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'b':
        if (in_class) return '\b';
        break;
      case 'B':
        if (in_class && unicode_) {
          Fail("Invalid escape");
          return 0;
        }
        return c;
      case 'c': {
        uint32_t l = Cur();
        if (l < 128 && ((l | 32) >= 'a' && (l | 32) <= 'z')) {
          ++pos_;
          return l % 32;
        }
        // Annex B: inside a class, \c followed by a digit or '_' is a control letter too.
        if (!unicode_ && in_class && (IsDigit(l) || l == '_')) {
          ++pos_;
          return l % 32;
        }
        if (unicode_) Fail("Invalid unicode escape");
        --pos_;  // Annex B: the backslash is literal; 'c' is read next
        return '\\';
      }
      case '0':
        if (IsDigit(Cur())) {
          if (unicode_) {
            Fail("Invalid decimal escape");
            return 0;
          }
          int v = 0;
          --pos_;
          for (int i = 0; i < 3 && Cur() >= '0' && Cur() <= '7'; ++i) {
            v = v * 8 + static_cast<int>(Cur() - '0');
            ++pos_;
          }
          return v;
        }
        return 0;
      case 'x': {
        int h1 = Hex(Cur()), h2 = Hex(At(1));
        if (h1 >= 0 && h2 >= 0) {
          pos_ += 2;
          return h1 * 16 + h2;
        }
        if (unicode_) Fail("Invalid escape");
        return 'x';
      }
      case 'u': {
        int64_t v = UnicodeEscapeBody(false);
        if (v == -2) {
          Fail("Invalid Unicode escape");
          return 0;
        }
        if (v < 0) {
          if (unicode_) Fail("Invalid Unicode escape");
          return 'u';
        }
        return v;
      }
      default:
        break;
    }
    if (in_class && IsDigit(c)) {
      if (unicode_) {
        Fail("Invalid class escape");
        return 0;
      }
      // Annex B: octal escape in a class.
      --pos_;
      if (Cur() >= '8') {
        ++pos_;
        return c;
      }
      int v = 0;
      for (int i = 0; i < 3 && Cur() >= '0' && Cur() <= '7'; ++i) {
        v = v * 8 + static_cast<int>(Cur() - '0');
        ++pos_;
      }
      return v;
    }
    if (unicode_) {
      // Only syntax characters, '/' and (in classes) '-' may be escaped.
      if (!(IsSyntaxChar(c) || c == '/' || (in_class && c == '-'))) Fail("Invalid escape");
    }
    return c;
  }

  // One class atom; returns its code point or -1 for a class escape.
  int64_t ClassAtom() {
    uint32_t c = Cur();
    if (c == '\\') {
      ++pos_;
      if (AtEnd()) {
        Fail("\\ at end of pattern");
        return 0;
      }
      return CharacterEscape(true);
    }
    ++pos_;
    return c;
  }

  void CharacterClass() {
    ++pos_;  // [
    Eat('^');
    while (!Failed()) {
      if (AtEnd()) return Fail("Unterminated character class");
      if (Eat(']')) return;
      int64_t a = ClassAtom();
      if (Failed()) return;
      if (Cur() == '-' && At(1) != ']' && At(1) != UINT32_MAX) {
        ++pos_;
        int64_t b = ClassAtom();
        if (Failed()) return;
        if (a < 0 || b < 0) {
          if (unicode_) return Fail("Invalid character class");
          continue;  // Annex B: [\d-a] is a class escape, '-' and 'a'
        }
        if (a > b) return Fail("Range out of order in character class");
      }
    }
  }

  bool unicode_;
  std::vector<uint32_t> cps_;
  size_t pos_ = 0;
  std::string error_;
  uint32_t group_count_ = 0;
  bool has_named_groups_ = false;
  std::vector<std::vector<uint32_t>> group_names_;
  std::vector<std::vector<uint32_t>> named_refs_;
  std::vector<uint32_t> back_refs_;
};

}  // namespace

std::string ValidateRegExp(std::string_view pattern, std::string_view flags) {
  bool unicode = flags.find('u') != std::string_view::npos;
  RegExpChecker checker(pattern, unicode);
  std::string error = checker.Run();
  if (error.empty()) return error;
  return "Invalid regular expression: /" + std::string(pattern) + "/" + std::string(flags) + ": " + error;
}

}  // namespace thingsjs::instrument

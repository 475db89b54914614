// The printer: AST back to JavaScript source that parses to the same AST.
//
// Expressions are printed with the fewest parentheses the grammar allows: every expression
// has a precedence level, and a child is wrapped when its level is below what its position
// requires. A few constructs need parentheses for other reasons; those are decided from the
// output position (an object literal where a statement begins, `let` where a declaration
// could begin, ...) or from the shape of the child (optional-chain boundaries, `new` callees
// holding a call, `??` next to `||`/`&&`, `in` inside a for-init).
//
// Tokens go through Emit(), which inserts a space only where two tokens would otherwise
// fuse or change meaning (`a - -b`, `a / /re/`, `a < !--b`, `x-- > y`, `return x`, `1 .x`).
//
// Literals keep their source text (`raw`) when it still spells the node's value, so 0x10,
// 1_000, 'single quotes' and escapes survive; a value a transform changed or made (no raw, or
// a raw that no longer matches) is printed from the value: numbers as Number#toString prints
// them, strings re-escaped with the quote that needs fewer escapes. Template literals,
// regular expressions, bigints and directives always print their source text.
//
// Source maps: Mark(node) notes the node's input position; the mapping is recorded when the
// node's first token is written (after any separating space). Where several nodes begin at
// the same output position (`a.b.c()`), the outermost one's mapping is kept. Nodes with
// start == end == 0 are taken as synthetic (made by a transform) and get no mapping.

#include "instrument/printer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "instrument/estree.h"

namespace thingsjs::instrument {

namespace {

using namespace std::string_view_literals;

constexpr size_t kNone = static_cast<size_t>(-1);

// Precedence levels, loosest first.
enum Prec : uint8_t {
  kPrecSeq,        // a, b
  kPrecAssign,     // = += ..., arrow functions, yield
  kPrecCond,       // ?:
  kPrecNullish,    // ??
  kPrecOr,         // ||
  kPrecAnd,        // &&
  kPrecBitOr,      // |
  kPrecBitXor,     // ^
  kPrecBitAnd,     // &
  kPrecEquality,   // == != === !==
  kPrecRelational, // < > <= >= in instanceof
  kPrecShift,      // << >> >>>
  kPrecAdditive,   // + -
  kPrecMultiply,   // * / %
  kPrecExponent,   // **
  kPrecUnary,      // ! ~ - + typeof void delete await, prefix ++ --
  kPrecPostfix,    // postfix ++ --
  kPrecCall,       // calls, member access, new with arguments, tagged templates
  kPrecPrimary,
};

// Expression context flags, passed down to children that are not inside brackets.
enum : unsigned {
  kNoIn = 1,  // inside a for-init: a bare `in` would end the init
};

Prec BinaryPrec(Op op) {
  switch (op) {
    case Op::kNullish: return kPrecNullish;
    case Op::kOr: return kPrecOr;
    case Op::kAnd: return kPrecAnd;
    case Op::kBitOr: return kPrecBitOr;
    case Op::kBitXor: return kPrecBitXor;
    case Op::kBitAnd: return kPrecBitAnd;
    case Op::kEq:
    case Op::kNe:
    case Op::kStrictEq:
    case Op::kStrictNe: return kPrecEquality;
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
    case Op::kIn:
    case Op::kInstanceof: return kPrecRelational;
    case Op::kShl:
    case Op::kSar:
    case Op::kShr: return kPrecShift;
    case Op::kAdd:
    case Op::kSub: return kPrecAdditive;
    case Op::kMul:
    case Op::kDiv:
    case Op::kMod: return kPrecMultiply;
    case Op::kExp: return kPrecExponent;
    default: return kPrecPrimary;
  }
}

Prec NodePrec(const Node* n) {
  switch (n->kind) {
    case NodeKind::kSequenceExpression: return kPrecSeq;
    case NodeKind::kAssignmentExpression:
    case NodeKind::kArrowFunctionExpression:
    case NodeKind::kYieldExpression:
    case NodeKind::kAssignmentPattern:
    case NodeKind::kRestElement:
    case NodeKind::kSpreadElement: return kPrecAssign;
    case NodeKind::kConditionalExpression: return kPrecCond;
    case NodeKind::kLogicalExpression: return BinaryPrec(n->As<LogicalExpression>()->op);
    case NodeKind::kBinaryExpression: return BinaryPrec(n->As<BinaryExpression>()->op);
    case NodeKind::kUnaryExpression:
    case NodeKind::kAwaitExpression: return kPrecUnary;
    case NodeKind::kUpdateExpression:
      return n->As<UpdateExpression>()->prefix ? kPrecUnary : kPrecPostfix;
    case NodeKind::kCallExpression:
    case NodeKind::kNewExpression:
    case NodeKind::kMemberExpression:
    case NodeKind::kTaggedTemplateExpression:
    case NodeKind::kChainExpression:
    case NodeKind::kImportExpression:
    case NodeKind::kMetaProperty: return kPrecCall;
    case NodeKind::kLiteral: {
      auto* lit = n->As<Literal>();
      // A negative number (only a transform makes one) prints as `-5`.
      if (lit->literal_kind == LiteralKind::kNumber && std::signbit(lit->number) &&
          !std::isnan(lit->number)) {
        return kPrecUnary;
      }
      return kPrecPrimary;
    }
    default: return kPrecPrimary;
  }
}

// Bytes that continue an identifier, keyword or number: two of them must not touch.
struct IdByteTable {
  bool t[256];
  constexpr IdByteTable() : t() {
    for (int c = 0; c < 256; ++c) {
      t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '$' || c == '\\' || c >= 0x80;
    }
  }
};
constexpr IdByteTable kIdBytes;
inline bool IsIdByte(unsigned char c) { return kIdBytes.t[c]; }

bool IsIdentifierNamed(const Node* n, std::string_view name) {
  return n && n->kind == NodeKind::kIdentifier && n->As<Identifier>()->name == name;
}

bool IsSynthetic(const Node* n) { return n->start == 0 && n->end == 0; }

// ---- string literals ---------------------------------------------------------------------

// Reads WTF-8 as UTF-16 code units.
class Utf16Reader {
 public:
  explicit Utf16Reader(std::string_view s)
      : p_(reinterpret_cast<const unsigned char*>(s.data())), end_(p_ + s.size()) {}
  bool Next(uint32_t& unit) {
    if (low_) {
      unit = low_;
      low_ = 0;
      return true;
    }
    if (p_ >= end_) return false;
    uint32_t c = *p_;
    uint32_t cp;
    if (c < 0x80) {
      cp = c;
      p_ += 1;
    } else if (c < 0xE0 && end_ - p_ >= 2) {
      cp = ((c & 0x1F) << 6) | (p_[1] & 0x3F);
      p_ += 2;
    } else if (c < 0xF0 && end_ - p_ >= 3) {
      cp = ((c & 0x0F) << 12) | ((p_[1] & 0x3Fu) << 6) | (p_[2] & 0x3F);
      p_ += 3;
    } else if (end_ - p_ >= 4) {
      cp = ((c & 0x07) << 18) | ((p_[1] & 0x3Fu) << 12) | ((p_[2] & 0x3Fu) << 6) | (p_[3] & 0x3F);
      p_ += 4;
    } else {
      cp = 0xFFFD;
      p_ = end_;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit = 0xD800 + (cp >> 10);
      low_ = 0xDC00 + (cp & 0x3FF);
    } else {
      unit = cp;
    }
    return true;
  }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
  uint32_t low_ = 0;
};

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Decodes the escape sequence after a backslash at `p` (advanced past it). Returns the code
// point, kContinuation for a line continuation, kIdentity when the escape stands for the
// (non-ASCII) character that follows, or kBadEscape.
constexpr uint32_t kContinuation = 0xFFFFFFFF, kIdentity = 0xFFFFFFFE, kBadEscape = 0xFFFFFFFD;

uint32_t DecodeEscape(const unsigned char*& p, const unsigned char* end) {
  if (p >= end) return kBadEscape;
  unsigned char c = *p++;
  switch (c) {
    case '\n': return kContinuation;
    case '\r':
      if (p < end && *p == '\n') ++p;
      return kContinuation;
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    case 'x': {
      int h1 = end - p >= 2 ? HexValue(p[0]) : -1;
      int h2 = h1 >= 0 ? HexValue(p[1]) : -1;
      if (h2 < 0) return kBadEscape;
      p += 2;
      return static_cast<uint32_t>(h1 * 16 + h2);
    }
    case 'u': {
      uint32_t cp = 0;
      if (p < end && *p == '{') {
        ++p;
        int digits = 0;
        while (p < end && *p != '}') {
          int h = HexValue(*p++);
          if (h < 0 || cp > 0x10FFFF) return kBadEscape;
          cp = cp * 16 + static_cast<uint32_t>(h);
          ++digits;
        }
        if (p >= end || digits == 0 || cp > 0x10FFFF) return kBadEscape;
        ++p;
        return cp;
      }
      if (end - p < 4) return kBadEscape;
      for (int i = 0; i < 4; ++i) {
        int h = HexValue(p[i]);
        if (h < 0) return kBadEscape;
        cp = cp * 16 + static_cast<uint32_t>(h);
      }
      p += 4;
      return cp;
    }
    default:
      if (c >= '0' && c <= '7') {
        // \0 or a legacy octal escape: up to three digits, value at most 0377.
        uint32_t v = c - '0';
        int max_digits = c <= '3' ? 3 : 2;
        for (int i = 1; i < max_digits && p < end && *p >= '0' && *p <= '7'; ++i) {
          v = v * 8 + static_cast<uint32_t>(*p++ - '0');
        }
        return v;
      }
      if (c < 0x80) return c;  // \' \" \\ \8 \9 and identity escapes
      if (c == 0xE2 && end - p >= 2 && p[0] == 0x80 && (p[1] == 0xA8 || p[1] == 0xA9)) {
        p += 2;
        return kContinuation;  // backslash before U+2028 / U+2029
      }
      --p;
      return kIdentity;
  }
}

// Appends the WTF-8 encoding of `cp` to `buf`, returns the length.
size_t EncodeWtf8(uint32_t cp, unsigned char* buf) {
  if (cp < 0x80) {
    buf[0] = static_cast<unsigned char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    buf[0] = static_cast<unsigned char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    buf[0] = static_cast<unsigned char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    return 3;
  }
  buf[0] = static_cast<unsigned char>(0xF0 | (cp >> 18));
  buf[1] = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
  buf[2] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
  buf[3] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
  return 4;
}

// Whether the string literal body `body` (escapes unresolved) spells `cooked` byte for byte,
// with escaped surrogate pairs joined into one character as WTF-8 requires.
bool BodyMatchesCanonical(std::string_view body, std::string_view cooked) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(body.data());
  const unsigned char* end = p + body.size();
  const unsigned char* c = reinterpret_cast<const unsigned char*>(cooked.data());
  const unsigned char* cend = c + cooked.size();
  while (p < end) {
    const void* bs = std::memchr(p, '\\', static_cast<size_t>(end - p));
    const unsigned char* q = bs ? static_cast<const unsigned char*>(bs) : end;
    size_t run = static_cast<size_t>(q - p);
    if (run && (static_cast<size_t>(cend - c) < run || std::memcmp(p, c, run) != 0)) return false;
    p = q + 1;
    c += run;
    if (!bs) break;
    uint32_t cp = DecodeEscape(p, end);
    if (cp == kContinuation) continue;
    if (cp == kBadEscape) return false;
    if (cp == kIdentity) continue;  // the character itself follows as a plain run
    if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 2 && p[0] == '\\' && p[1] == 'u') {
      const unsigned char* save = p + 1;
      uint32_t lo = DecodeEscape(save, end);
      if (lo >= 0xDC00 && lo < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        p = save;
      }
    }
    unsigned char buf[4];
    size_t n = EncodeWtf8(cp, buf);
    if (static_cast<size_t>(cend - c) < n || std::memcmp(buf, c, n) != 0) return false;
    c += n;
  }
  return c == cend;
}

// Whether the body spells `cooked` as UTF-16 code units (the slow, representation-blind way).
bool BodyMatchesUnits(std::string_view body, std::string_view cooked) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(body.data());
  const unsigned char* end = p + body.size();
  Utf16Reader b(cooked);
  Utf16Reader plain{std::string_view()};
  uint32_t pending_low = 0;
  for (;;) {
    uint32_t ua;
    if (pending_low) {
      ua = pending_low;
      pending_low = 0;
    } else if (!plain.Next(ua)) {
      if (p >= end) break;
      if (*p != '\\') {
        const unsigned char* run = p;
        while (p < end && *p != '\\') ++p;
        plain = Utf16Reader(std::string_view(reinterpret_cast<const char*>(run),
                                             static_cast<size_t>(p - run)));
        continue;
      }
      ++p;
      uint32_t cp = DecodeEscape(p, end);
      if (cp == kContinuation) continue;
      if (cp == kBadEscape) return false;
      if (cp == kIdentity) {
        const unsigned char* run = p++;
        while (p < end && (*p & 0xC0) == 0x80) ++p;
        plain = Utf16Reader(std::string_view(reinterpret_cast<const char*>(run),
                                             static_cast<size_t>(p - run)));
        continue;
      }
      if (cp >= 0x10000) {
        cp -= 0x10000;
        ua = 0xD800 + (cp >> 10);
        pending_low = 0xDC00 + (cp & 0x3FF);
      } else {
        ua = cp;
      }
    }
    uint32_t ub;
    if (!b.Next(ub) || ua != ub) return false;
  }
  uint32_t ub;
  return !b.Next(ub);
}

// Whether `raw` (a string literal as written, with its quotes) spells `cooked`.
bool RawStringMatches(std::string_view raw, std::string_view cooked) {
  if (raw.size() < 2 || (raw[0] != '"' && raw[0] != '\'') || raw.back() != raw[0]) return false;
  std::string_view body = raw.substr(1, raw.size() - 2);
  // An unescaped quote inside would end the literal early (only a hand-made raw has one).
  for (size_t i = body.find(raw[0]); i != std::string_view::npos; i = body.find(raw[0], i + 1)) {
    size_t backslashes = 0;
    while (backslashes < i && body[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return false;
  }
  return BodyMatchesCanonical(body, cooked) || BodyMatchesUnits(body, cooked);
}

// ---- numeric literals --------------------------------------------------------------------

// Whether `raw` (a numeric literal as written) has the value `value`.
bool RawNumberMatches(std::string_view raw, double value) {
  if (raw.empty() || std::signbit(value) || std::isnan(value)) return false;
  // Fast path: a short plain integer.
  if (raw.size() <= 15) {
    uint64_t v = 0;
    bool plain = true;
    for (char c : raw) {
      if (c < '0' || c > '9') {
        plain = false;
        break;
      }
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (plain && !(raw.size() > 1 && raw[0] == '0')) return static_cast<double>(v) == value;
  }
  char buf[400];
  size_t n = 0;
  for (char c : raw) {
    if (c == '_') continue;
    if (n + 1 >= sizeof buf) return true;  // absurdly long: trust the parser
    buf[n++] = c;
  }
  buf[n] = 0;
  unsigned base = 0;
  size_t digits_at = 0;
  if (n > 2 && buf[0] == '0') {
    char p = static_cast<char>(buf[1] | 0x20);
    if (p == 'x') base = 16;
    if (p == 'o') base = 8;
    if (p == 'b') base = 2;
    if (base) digits_at = 2;
  }
  if (!base && n > 1 && buf[0] == '0') {
    // Legacy octal (0777) unless a digit is 8 or 9 (then it is decimal: 089, 08.5).
    bool all_digits = true, octal = true;
    for (size_t i = 0; i < n; ++i) {
      if (buf[i] < '0' || buf[i] > '9') all_digits = false;
      if (buf[i] == '8' || buf[i] == '9') octal = false;
    }
    if (all_digits && octal) {
      base = 8;
      digits_at = 1;
    }
  }
  if (base) {
    uint64_t v = 0;
    for (size_t i = digits_at; i < n; ++i) {
      int d = HexValue(static_cast<unsigned char>(buf[i]));
      if (d < 0 || static_cast<unsigned>(d) >= base) return false;
      if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / base) return true;  // huge: trust it
      v = v * base + static_cast<uint64_t>(d);
    }
    return static_cast<double>(v) == value;
  }
  double d = 0;
  auto r = std::from_chars(buf, buf + n, d);
  if (r.ec == std::errc::result_out_of_range) {
    d = std::strtod(buf, nullptr);
  } else if (r.ec != std::errc() || r.ptr != buf + n) {
    return false;
  }
  return d == value;
}

// Whether a number's text needs a space before a following `.` (it would read as a decimal
// point): decimal integers written without '.', 'e' or a radix prefix.
bool IsIntegerLike(std::string_view text) {
  for (char c : text) {
    if ((c < '0' || c > '9') && c != '_') return false;
  }
  return !text.empty();
}

// ---- source positions --------------------------------------------------------------------

// Eight bytes at a time: whether none is a line terminator start or non-ASCII.
inline bool PlainAscii8(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t lf = w ^ (kOnes * '\n'), cr = w ^ (kOnes * '\r');
  uint64_t zero = ((lf - kOnes) & ~lf) | ((cr - kOnes) & ~cr);
  return ((zero | w) & kHigh) == 0;
}

// UTF-16 code units in [p, end) of UTF-8.
uint32_t Utf16Units(const unsigned char* p, const unsigned char* end) {
  uint32_t units = 0;
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    if ((w & 0x8080808080808080ull) == 0) {
      units += 8;
      p += 8;
      continue;
    }
    for (int i = 0; i < 8; ++i) {
      unsigned char c = p[i];
      if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;
    }
    p += 8;
  }
  for (; p < end; ++p) {
    if ((*p & 0xC0) != 0x80) units += *p >= 0xF0 ? 2 : 1;
  }
  return units;
}

// Input byte offsets to 0-based line and UTF-16 column, fastest for increasing offsets.
class OriginalPositions {
 public:
  explicit OriginalPositions(std::string_view source) : src_(source) {
    const unsigned char* s = reinterpret_cast<const unsigned char*>(source.data());
    size_t n = source.size();
    line_starts_.push_back(0);
    bool ascii = true;
    size_t i = 0;
    while (i < n) {
      if (n - i >= 8 && PlainAscii8(s + i)) {
        i += 8;
        continue;
      }
      unsigned char c = s[i];
      size_t next = 0;  // start of the next line, if c ends this one
      if (c == '\n') {
        next = i + 1;
      } else if (c == '\r') {
        next = (i + 1 < n && s[i + 1] == '\n') ? i + 2 : i + 1;
      } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
        next = i + 3;
        ascii = false;
      } else if (c >= 0x80) {
        ascii = false;
      }
      if (next) {
        line_ascii_.push_back(ascii);
        line_starts_.push_back(static_cast<uint32_t>(next));
        ascii = true;
        i = next;
      } else {
        ++i;
      }
    }
    line_ascii_.push_back(ascii);
  }

  void Find(uint32_t offset, uint32_t& line, uint32_t& column) {
    if (offset > src_.size()) offset = static_cast<uint32_t>(src_.size());
    size_t lines = line_starts_.size();
    if (offset < line_starts_[line_] || (line_ + 1 < lines && offset >= line_starts_[line_ + 1])) {
      if (line_ + 2 < lines && offset >= line_starts_[line_ + 1] && offset < line_starts_[line_ + 2]) {
        ++line_;  // the common case: the next line
      } else {
        auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        line_ = static_cast<uint32_t>(it - line_starts_.begin() - 1);
      }
      off_ = line_starts_[line_];
      col_ = 0;
    }
    uint32_t line_start = line_starts_[line_];
    if (line_ascii_[line_]) {
      col_ = offset - line_start;
    } else if (offset >= off_) {
      col_ += Units(off_, offset);
    } else if (off_ - offset < offset - line_start) {
      col_ -= Units(offset, off_);
    } else {
      col_ = Units(line_start, offset);
    }
    off_ = offset;
    line = line_;
    column = col_;
  }

 private:
  uint32_t Units(uint32_t from, uint32_t to) const {
    const unsigned char* s = reinterpret_cast<const unsigned char*>(src_.data());
    return Utf16Units(s + from, s + to);
  }

  std::string_view src_;
  std::vector<uint32_t> line_starts_;
  std::vector<uint8_t> line_ascii_;  // per line: no byte >= 0x80
  uint32_t off_ = 0, line_ = 0, col_ = 0;
};

// ---- the printer -------------------------------------------------------------------------

// The printed text. It appends like std::string without std::string's out-of-line call for
// every token: the printer appends millions of short pieces. The storage is a std::string,
// handed over without a copy at the end.
class OutBuffer {
 public:
  void reserve(size_t n) {
    if (n > capacity_) Grow(n);
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char back() const { return data_[size_ - 1]; }
  char operator[](size_t i) const { return data_[i]; }
  const char* data() const { return data_; }
  void push_back(char c) {
    if (size_ == capacity_) Grow(size_ + 1);
    data_[size_++] = c;
  }
  void append(const char* s, size_t n) {
    if (capacity_ - size_ < n) Grow(size_ + n);
    std::memcpy(data_ + size_, s, n);
    size_ += n;
  }
  void append(std::string_view s) { append(s.data(), s.size()); }
  void append(size_t n, char c) {
    if (capacity_ - size_ < n) Grow(size_ + n);
    std::memset(data_ + size_, c, n);
    size_ += n;
  }
  std::string Take() {
    storage_.resize(size_);
    data_ = nullptr;
    size_ = capacity_ = 0;
    return std::move(storage_);
  }

 private:
  void Grow(size_t need) {
    size_t capacity = std::max(need, capacity_ * 2 + 64);
    storage_.resize(capacity);
    data_ = storage_.data();
    capacity_ = capacity;
  }
  std::string storage_;
  char* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

class Printer {
 public:
  Printer(std::string_view source, const PrintOptions& options)
      : compact_(options.compact), map_(options.source_map) {
    out_.reserve(source.size() + source.size() / 4 + 64);
    if (map_) {
      original_.emplace(source);
      mappings_.reserve(source.size() / 8 + 16);
    }
  }

  PrintResult Run(const Program* program) {
    if (program) {
      Statements(program->body, /*leading_newline=*/false);
      if (!compact_ && !program->body.empty()) out_.push_back('\n');
    }
    PrintResult result;
    result.code = out_.Take();
    result.mappings = std::move(mappings_);
    return result;
  }

 private:
  // ---- output primitives ----

  // Inserts a space if the next token, starting with `next`, would fuse with the output.
  void Separate(unsigned char next) {
    if (out_.empty()) return;
    unsigned char last = static_cast<unsigned char>(out_.back());
    bool space = false;
    if (IsIdByte(next)) {
      space = IsIdByte(last) || out_.size() == glue_end_;
    } else {
      switch (next) {
        case '+': space = last == '+'; break;
        case '-':
          space = last == '-' || (last == '!' && out_.size() >= 2 && out_[out_.size() - 2] == '<');
          break;
        case '/':
        case '*': space = last == '/'; break;
        case '>':
          space = last == '-' && out_.size() >= 2 && out_[out_.size() - 2] == '-';
          break;
        case '.': space = last == '?' || out_.size() == int_end_; break;
        default: break;
      }
    }
    if (space) out_.push_back(' ');
  }

  void Emit(std::string_view token) {
    if (!token.empty()) Separate(static_cast<unsigned char>(token[0]));
    if (pending_) Flush();
    out_.append(token);
  }
  // Punctuation that never needs a separating space: ( ) [ ] { } , ; : = ? ` #
  void Char(char c) {
    if (pending_) Flush();
    out_.push_back(c);
  }
  void Space() {
    if (!compact_) out_.push_back(' ');
  }
  void Newline() {
    if (compact_) return;
    out_.push_back('\n');
    out_.append(static_cast<size_t>(indent_) * 2, ' ');
  }
  void Comma() {
    Char(',');
    Space();
  }
  // " op " in readable mode, "op" in compact mode.
  void Operator(std::string_view op) {
    Space();
    Emit(op);
    Space();
  }

  // ---- source maps ----

  void Mark(const Node* n) {
    if (!map_ || pending_ || IsSynthetic(n)) return;
    pending_ = true;
    pending_offset_ = n->start;
  }
  void Flush() {
    pending_ = false;
    // Advance the generated position over what was written since the last mapping.
    const unsigned char* s = reinterpret_cast<const unsigned char*>(out_.data());
    size_t n = out_.size();
    for (size_t i = scan_pos_; i < n; ++i) {
      while (n - i >= 8 && PlainAscii8(s + i)) {
        gen_col_ += 8;
        i += 8;
      }
      if (i >= n) break;
      unsigned char c = s[i];
      if (c == '\n') {
        ++gen_line_;
        gen_col_ = 0;
      } else if (c == '\r') {
        if (i + 1 < n && s[i + 1] == '\n') ++i;
        ++gen_line_;
        gen_col_ = 0;
      } else if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
        i += 2;
        ++gen_line_;
        gen_col_ = 0;
      } else if ((c & 0xC0) != 0x80) {
        gen_col_ += c >= 0xF0 ? 2 : 1;
      }
    }
    scan_pos_ = n;
    Mapping m;
    m.generated_line = gen_line_;
    m.generated_column = gen_col_;
    original_->Find(pending_offset_, m.original_line, m.original_column);
    mappings_.push_back(m);
  }

  // ---- statements ----

  void Statements(const NodeList<>& body, bool leading_newline) {
    for (uint32_t i = 0; i < body.size; ++i) {
      if (i > 0 || leading_newline) Newline();
      Statement(body[i]);
    }
  }

  void Block(const NodeList<>& body, const Node* mark) {
    if (mark) Mark(mark);
    Char('{');
    if (!body.empty()) {
      ++indent_;
      Statements(body, true);
      --indent_;
      Newline();
    }
    Char('}');
  }

  // The body of if/for/while/with/labels: a block after a space, else a statement.
  void Body(const Node* body) {
    Space();
    Statement(body);
  }

  // Whether `s` ends with an `if` that has no `else` (an `else` after it would attach to it).
  static bool EndsWithBareIf(const Node* s) {
    for (;;) {
      switch (s->kind) {
        case NodeKind::kIfStatement: {
          auto* n = s->As<IfStatement>();
          if (!n->alternate) return true;
          s = n->alternate;
          break;
        }
        case NodeKind::kWhileStatement: s = s->As<WhileStatement>()->body; break;
        case NodeKind::kForStatement: s = s->As<ForStatement>()->body; break;
        case NodeKind::kForInStatement: s = s->As<ForInStatement>()->body; break;
        case NodeKind::kForOfStatement: s = s->As<ForOfStatement>()->body; break;
        case NodeKind::kWithStatement: s = s->As<WithStatement>()->body; break;
        case NodeKind::kLabeledStatement: s = s->As<LabeledStatement>()->body; break;
        default: return false;
      }
    }
  }

  void Statement(const Node* s);
  void ExpressionStatement(const struct ExpressionStatement* s);
  void Variables(const VariableDeclaration* d, unsigned flags);
  void ForLeft(const Node* left, bool is_of);
  void Import(const ImportDeclaration* d);
  void ExportNamed(const ExportNamedDeclaration* d);
  void ModuleName(const Node* n);

  // ---- expressions ----

  void Expr(const Node* n, Prec need, unsigned flags = 0) {
    Mark(n);
    if (NeedsParens(n, need, flags)) {
      Char('(');
      ExprNoParens(n, 0);
      Char(')');
    } else {
      ExprNoParens(n, flags);
    }
  }

  bool NeedsParens(const Node* n, Prec need, unsigned flags) const {
    if (NodePrec(n) < need) return true;
    size_t pos = out_.size();
    switch (n->kind) {
      case NodeKind::kBinaryExpression:
        return (flags & kNoIn) && n->As<BinaryExpression>()->op == Op::kIn;
      case NodeKind::kObjectExpression: return pos == stmt_start_ || pos == arrow_start_;
      case NodeKind::kFunctionExpression:
      case NodeKind::kClassExpression: return pos == stmt_start_ || pos == export_start_;
      case NodeKind::kIdentifier: {
        std::string_view name = n->As<Identifier>()->name;
        if (pos == stmt_start_ || pos == for_left_start_) {
          if (name == "let") return true;
          if (pos == for_left_start_ && for_of_ && name == "async") return true;
        }
        return false;
      }
      case NodeKind::kAssignmentExpression:
        return n->As<AssignmentExpression>()->left->kind == NodeKind::kObjectPattern &&
               (pos == stmt_start_ || pos == arrow_start_);
      case NodeKind::kArrowFunctionExpression:
        return pos == for_left_start_ && n->As<ArrowFunctionExpression>()->is_async;
      default: return false;
    }
  }

  // A callee/object/tag position: an optional chain there must keep its own parentheses.
  void CalleeExpr(const Node* n, unsigned flags) {
    if (n->kind == NodeKind::kChainExpression) {
      Mark(n);
      Char('(');
      ExprNoParens(n, 0);
      Char(')');
    } else {
      Expr(n, kPrecCall, flags);
    }
  }

  void ExprNoParens(const Node* n, unsigned flags);
  void Literal(const struct Literal* lit);
  void StringValue(std::string_view cooked);
  void Number(double value);
  void Arguments(const NodeList<>& args);
  void ArrayItems(const NodeList<>& items);
  void ObjectItems(const NodeList<>& items);
  void PropertyNode(const Property* p);
  void PropertyKey(const Node* key, bool computed);
  void FunctionTail(const Function* f);
  void FunctionNode(const Function* f);
  void Arrow(const ArrowFunctionExpression* f, unsigned flags);
  void ClassNode(const Class* c);
  void ClassMember(const Node* m);
  void Template(const TemplateLiteral* t);
  void BinaryLike(const Node* left, Op op, const Node* right, unsigned flags);

  OutBuffer out_;
  bool compact_;
  bool map_;
  int indent_ = 0;

  // Output positions where a construct begins that restricts what may start there.
  size_t stmt_start_ = kNone;      // an expression statement
  size_t arrow_start_ = kNone;     // a concise arrow body
  size_t export_start_ = kNone;    // `export default` expression
  size_t for_left_start_ = kNone;  // for-init, for-in/of left side
  bool for_of_ = false;
  size_t glue_end_ = kNone;  // after a number or regex: an identifier char must not follow
  size_t int_end_ = kNone;   // after an integer literal: a `.` must not follow

  // Source maps.
  bool pending_ = false;
  uint32_t pending_offset_ = 0;
  size_t scan_pos_ = 0;
  uint32_t gen_line_ = 0, gen_col_ = 0;
  std::optional<OriginalPositions> original_;
  std::vector<Mapping> mappings_;
};

// ---- statements ----------------------------------------------------------------------------

void Printer::Statement(const Node* s) {
  Mark(s);
  switch (s->kind) {
    case NodeKind::kExpressionStatement:
      ExpressionStatement(s->As<struct ExpressionStatement>());
      break;
    case NodeKind::kBlockStatement:
      Block(s->As<BlockStatement>()->body, nullptr);
      break;
    case NodeKind::kStaticBlock:  // only inside class bodies; printed by ClassMember
      Emit("static");
      Space();
      Block(s->As<StaticBlock>()->body, nullptr);
      break;
    case NodeKind::kEmptyStatement: Char(';'); break;
    case NodeKind::kDebuggerStatement:
      Emit("debugger");
      Char(';');
      break;
    case NodeKind::kWithStatement: {
      auto* n = s->As<WithStatement>();
      Emit("with");
      Space();
      Char('(');
      Expr(n->object, kPrecSeq);
      Char(')');
      Body(n->body);
      break;
    }
    case NodeKind::kReturnStatement:
    case NodeKind::kThrowStatement: {
      bool ret = s->kind == NodeKind::kReturnStatement;
      const Node* arg = ret ? s->As<ReturnStatement>()->argument : s->As<ThrowStatement>()->argument;
      Emit(ret ? "return"sv : "throw"sv);
      if (arg) {
        Space();
        Expr(arg, kPrecSeq);
      }
      Char(';');
      break;
    }
    case NodeKind::kLabeledStatement: {
      auto* n = s->As<LabeledStatement>();
      Mark(n->label);
      Emit(n->label->name);
      Char(':');
      Body(n->body);
      break;
    }
    case NodeKind::kBreakStatement:
    case NodeKind::kContinueStatement: {
      bool brk = s->kind == NodeKind::kBreakStatement;
      const Identifier* label =
          brk ? s->As<BreakStatement>()->label : s->As<ContinueStatement>()->label;
      Emit(brk ? "break"sv : "continue"sv);
      if (label) {
        Space();
        Mark(label);
        Emit(label->name);
      }
      Char(';');
      break;
    }
    case NodeKind::kIfStatement: {
      auto* n = s->As<IfStatement>();
      Emit("if");
      Space();
      Char('(');
      Expr(n->test, kPrecSeq);
      Char(')');
      if (n->alternate && EndsWithBareIf(n->consequent)) {
        // Only a transform can make this tree: keep the else with the outer if.
        Space();
        Char('{');
        ++indent_;
        Newline();
        Statement(n->consequent);
        --indent_;
        Newline();
        Char('}');
      } else {
        Body(n->consequent);
      }
      if (n->alternate) {
        if (n->consequent->kind == NodeKind::kBlockStatement) {
          Space();
        } else {
          Newline();
        }
        Emit("else");
        Body(n->alternate);
      }
      break;
    }
    case NodeKind::kSwitchStatement: {
      auto* n = s->As<SwitchStatement>();
      Emit("switch");
      Space();
      Char('(');
      Expr(n->discriminant, kPrecSeq);
      Char(')');
      Space();
      Char('{');
      ++indent_;
      for (const SwitchCase* c : n->cases) {
        Newline();
        Mark(c);
        if (c->test) {
          Emit("case");
          Space();
          Expr(c->test, kPrecSeq);
        } else {
          Emit("default");
        }
        Char(':');
        ++indent_;
        Statements(c->consequent, true);
        --indent_;
      }
      --indent_;
      if (!n->cases.empty()) Newline();
      Char('}');
      break;
    }
    case NodeKind::kTryStatement: {
      auto* n = s->As<TryStatement>();
      Emit("try");
      Space();
      Block(n->block->body, n->block);
      if (n->handler) {
        Space();
        Mark(n->handler);
        Emit("catch");
        Space();
        if (n->handler->param) {
          Char('(');
          Expr(n->handler->param, kPrecAssign);
          Char(')');
          Space();
        }
        Block(n->handler->body->body, n->handler->body);
      }
      if (n->finalizer) {
        Space();
        Emit("finally");
        Space();
        Block(n->finalizer->body, n->finalizer);
      }
      break;
    }
    case NodeKind::kWhileStatement: {
      auto* n = s->As<WhileStatement>();
      Emit("while");
      Space();
      Char('(');
      Expr(n->test, kPrecSeq);
      Char(')');
      Body(n->body);
      break;
    }
    case NodeKind::kDoWhileStatement: {
      auto* n = s->As<DoWhileStatement>();
      Emit("do");
      Body(n->body);
      if (n->body->kind == NodeKind::kBlockStatement) {
        Space();
      } else {
        Newline();
      }
      Emit("while");
      Space();
      Char('(');
      Expr(n->test, kPrecSeq);
      Char(')');
      Char(';');
      break;
    }
    case NodeKind::kForStatement: {
      auto* n = s->As<ForStatement>();
      Emit("for");
      Space();
      Char('(');
      if (n->init) {
        if (n->init->kind == NodeKind::kVariableDeclaration) {
          Variables(n->init->As<VariableDeclaration>(), kNoIn);
        } else {
          for_left_start_ = out_.size();
          for_of_ = false;
          Expr(n->init, kPrecSeq, kNoIn);
        }
      }
      Char(';');
      if (n->test) {
        Space();
        Expr(n->test, kPrecSeq);
      }
      Char(';');
      if (n->update) {
        Space();
        Expr(n->update, kPrecSeq);
      }
      Char(')');
      Body(n->body);
      break;
    }
    case NodeKind::kForInStatement: {
      auto* n = s->As<ForInStatement>();
      Emit("for");
      Space();
      Char('(');
      ForLeft(n->left, false);
      Space();
      Emit("in");
      Space();
      Expr(n->right, kPrecSeq);
      Char(')');
      Body(n->body);
      break;
    }
    case NodeKind::kForOfStatement: {
      auto* n = s->As<ForOfStatement>();
      Emit("for");
      if (n->is_await) {
        Space();
        Emit("await");
      }
      Space();
      Char('(');
      ForLeft(n->left, true);
      Space();
      Emit("of");
      Space();
      Expr(n->right, kPrecAssign);
      Char(')');
      Body(n->body);
      break;
    }
    case NodeKind::kFunctionDeclaration: FunctionNode(s->As<Function>()); break;
    case NodeKind::kVariableDeclaration:
      Variables(s->As<VariableDeclaration>(), 0);
      Char(';');
      break;
    case NodeKind::kClassDeclaration: ClassNode(s->As<Class>()); break;
    case NodeKind::kImportDeclaration: Import(s->As<ImportDeclaration>()); break;
    case NodeKind::kExportNamedDeclaration: ExportNamed(s->As<ExportNamedDeclaration>()); break;
    case NodeKind::kExportDefaultDeclaration: {
      const Node* d = s->As<ExportDefaultDeclaration>()->declaration;
      Emit("export");
      Space();
      Emit("default");
      Space();
      if (d->kind == NodeKind::kFunctionDeclaration) {
        FunctionNode(d->As<Function>());
      } else if (d->kind == NodeKind::kClassDeclaration) {
        ClassNode(d->As<Class>());
      } else {
        export_start_ = out_.size();
        Expr(d, kPrecAssign);
        Char(';');
      }
      break;
    }
    case NodeKind::kExportAllDeclaration: {
      auto* n = s->As<ExportAllDeclaration>();
      Emit("export");
      Space();
      Emit("*");
      if (n->exported) {
        Space();
        Emit("as");
        Space();
        ModuleName(n->exported);
      }
      Space();
      Emit("from");
      Space();
      Expr(n->source, kPrecPrimary);
      Char(';');
      break;
    }
    default:
      // An expression where a statement belongs (a transform's doing): print it as one.
      stmt_start_ = out_.size();
      Expr(s, kPrecSeq);
      Char(';');
      break;
  }
}

void Printer::ExpressionStatement(const struct ExpressionStatement* s) {
  const Node* e = s->expression;
  if (e->kind == NodeKind::kLiteral && e->As<struct Literal>()->literal_kind == LiteralKind::kString) {
    auto* lit = e->As<struct Literal>();
    if (s->is_directive) {
      // A directive keeps its text exactly as written ('use strict' with its quotes).
      Mark(lit);
      if (!lit->raw.empty()) {
        Emit(lit->raw);
      } else {
        char q = s->directive.find('"') == std::string_view::npos ? '"' : '\'';
        Char(q);
        out_.append(s->directive);
        out_.push_back(q);
      }
      Char(';');
      return;
    }
    // Not a directive: parentheses keep it from becoming one.
    Char('(');
    Expr(e, kPrecSeq);
    Char(')');
    Char(';');
    return;
  }
  stmt_start_ = out_.size();
  Expr(e, kPrecSeq);
  Char(';');
}

void Printer::Variables(const VariableDeclaration* d, unsigned flags) {
  Mark(d);
  Emit(d->var_kind == VarKind::kVar ? "var"sv : d->var_kind == VarKind::kLet ? "let"sv : "const"sv);
  Space();
  for (uint32_t i = 0; i < d->declarations.size; ++i) {
    if (i) Comma();
    const VariableDeclarator* v = d->declarations[i];
    Mark(v);
    Expr(v->id, kPrecAssign);
    if (v->init) {
      Operator("=");
      Expr(v->init, kPrecAssign, flags);
    }
  }
}

void Printer::ForLeft(const Node* left, bool is_of) {
  if (left->kind == NodeKind::kVariableDeclaration) {
    Variables(left->As<VariableDeclaration>(), kNoIn);
  } else {
    for_left_start_ = out_.size();
    for_of_ = is_of;
    Expr(left, kPrecCall, kNoIn);
  }
}

// An import/export name: an identifier or a string literal.
void Printer::ModuleName(const Node* n) {
  Mark(n);
  if (n->kind == NodeKind::kIdentifier) {
    Emit(n->As<Identifier>()->name);
  } else {
    Expr(n, kPrecPrimary);
  }
}

static bool SameModuleName(const Node* a, const Node* b) {
  if (a->kind != b->kind) return false;
  if (a->kind == NodeKind::kIdentifier) return a->As<Identifier>()->name == b->As<Identifier>()->name;
  return false;  // string names: always spell out `"a" as "a"`
}

void Printer::Import(const ImportDeclaration* d) {
  Emit("import");
  bool any = false;
  bool braces = false;
  for (const Node* spec : d->specifiers) {
    if (spec->kind == NodeKind::kImportSpecifier) {
      if (!braces) {
        if (any) Comma(); else Space();
        Char('{');
        braces = true;
      } else {
        Comma();
      }
      auto* is = spec->As<ImportSpecifier>();
      Mark(is);
      ModuleName(is->imported);
      if (!SameModuleName(is->imported, is->local)) {
        Space();
        Emit("as");
        Space();
        ModuleName(is->local);
      }
    } else {
      if (any) Comma(); else Space();
      Mark(spec);
      if (spec->kind == NodeKind::kImportNamespaceSpecifier) {
        Emit("*");
        Space();
        Emit("as");
        Space();
        ModuleName(spec->As<ImportNamespaceSpecifier>()->local);
      } else {
        ModuleName(spec->As<ImportDefaultSpecifier>()->local);
      }
    }
    any = true;
  }
  if (braces) Char('}');
  if (any) {
    Space();
    Emit("from");
  }
  Space();
  Expr(d->source, kPrecPrimary);
  Char(';');
}

void Printer::ExportNamed(const ExportNamedDeclaration* d) {
  Emit("export");
  Space();
  if (d->declaration) {
    Statement(d->declaration);
    return;
  }
  Char('{');
  for (uint32_t i = 0; i < d->specifiers.size; ++i) {
    if (i) Comma();
    const ExportSpecifier* es = d->specifiers[i];
    Mark(es);
    ModuleName(es->local);
    if (!SameModuleName(es->local, es->exported)) {
      Space();
      Emit("as");
      Space();
      ModuleName(es->exported);
    }
  }
  Char('}');
  if (d->source) {
    Space();
    Emit("from");
    Space();
    Expr(d->source, kPrecPrimary);
  }
  Char(';');
}

// ---- expressions -----------------------------------------------------------------------------

void Printer::ExprNoParens(const Node* n, unsigned flags) {
  switch (n->kind) {
    case NodeKind::kIdentifier: Emit(n->As<Identifier>()->name); break;
    case NodeKind::kPrivateIdentifier:
      Char('#');
      out_.append(n->As<PrivateIdentifier>()->name);
      break;
    case NodeKind::kLiteral: Literal(n->As<struct Literal>()); break;
    case NodeKind::kThisExpression: Emit("this"); break;
    case NodeKind::kSuper: Emit("super"); break;
    case NodeKind::kArrayExpression: ArrayItems(n->As<ArrayExpression>()->elements); break;
    case NodeKind::kArrayPattern: ArrayItems(n->As<ArrayPattern>()->elements); break;
    case NodeKind::kObjectExpression: ObjectItems(n->As<ObjectExpression>()->properties); break;
    case NodeKind::kObjectPattern: ObjectItems(n->As<ObjectPattern>()->properties); break;
    case NodeKind::kProperty: PropertyNode(n->As<Property>()); break;
    case NodeKind::kSpreadElement:
      Emit("...");
      Expr(n->As<SpreadElement>()->argument, kPrecAssign);
      break;
    case NodeKind::kRestElement:
      Emit("...");
      Expr(n->As<RestElement>()->argument, kPrecAssign);
      break;
    case NodeKind::kAssignmentPattern: {
      auto* p = n->As<AssignmentPattern>();
      Expr(p->left, kPrecCall);
      Operator("=");
      Expr(p->right, kPrecAssign, flags);
      break;
    }
    case NodeKind::kFunctionExpression:
    case NodeKind::kFunctionDeclaration: FunctionNode(n->As<Function>()); break;
    case NodeKind::kArrowFunctionExpression: Arrow(n->As<ArrowFunctionExpression>(), flags); break;
    case NodeKind::kClassExpression:
    case NodeKind::kClassDeclaration: ClassNode(n->As<Class>()); break;
    case NodeKind::kTemplateLiteral: Template(n->As<TemplateLiteral>()); break;
    case NodeKind::kTaggedTemplateExpression: {
      auto* t = n->As<TaggedTemplateExpression>();
      CalleeExpr(t->tag, flags);
      Template(t->quasi);
      break;
    }
    case NodeKind::kUnaryExpression: {
      auto* u = n->As<UnaryExpression>();
      Emit(OpText(u->op));
      if (u->op == Op::kTypeof || u->op == Op::kVoid || u->op == Op::kDelete) Space();
      Expr(u->argument, kPrecUnary, flags);
      break;
    }
    case NodeKind::kAwaitExpression:
      Emit("await");
      Space();
      Expr(n->As<AwaitExpression>()->argument, kPrecUnary, flags);
      break;
    case NodeKind::kUpdateExpression: {
      auto* u = n->As<UpdateExpression>();
      if (u->prefix) {
        Emit(OpText(u->op));
        Expr(u->argument, kPrecUnary, flags);
      } else {
        Expr(u->argument, kPrecCall, flags);
        Emit(OpText(u->op));
      }
      break;
    }
    case NodeKind::kBinaryExpression: {
      auto* b = n->As<BinaryExpression>();
      BinaryLike(b->left, b->op, b->right, flags);
      break;
    }
    case NodeKind::kLogicalExpression: {
      auto* b = n->As<LogicalExpression>();
      BinaryLike(b->left, b->op, b->right, flags);
      break;
    }
    case NodeKind::kAssignmentExpression: {
      auto* a = n->As<AssignmentExpression>();
      Expr(a->left, kPrecCall);
      Operator(OpText(a->op));
      Expr(a->right, kPrecAssign, flags);
      break;
    }
    case NodeKind::kConditionalExpression: {
      auto* c = n->As<ConditionalExpression>();
      Expr(c->test, kPrecNullish, flags);
      Space();
      Emit("?");
      Space();
      Expr(c->consequent, kPrecAssign);
      Space();
      Char(':');
      Space();
      Expr(c->alternate, kPrecAssign, flags);
      break;
    }
    case NodeKind::kCallExpression: {
      auto* c = n->As<CallExpression>();
      CalleeExpr(c->callee, flags);
      if (c->optional) Emit("?.");
      Arguments(c->arguments);
      break;
    }
    case NodeKind::kNewExpression: {
      auto* c = n->As<NewExpression>();
      Emit("new");
      // The callee is a MemberExpression: a call anywhere along its object chain would take
      // the arguments (`new (f())()`, `new (a.b().c)()`).
      bool paren = false;
      for (const Node* x = c->callee;;) {
        if (x->kind == NodeKind::kCallExpression || x->kind == NodeKind::kImportExpression ||
            x->kind == NodeKind::kChainExpression) {
          paren = true;
          break;
        }
        if (x->kind == NodeKind::kMemberExpression) {
          x = x->As<MemberExpression>()->object;
        } else if (x->kind == NodeKind::kTaggedTemplateExpression) {
          x = x->As<TaggedTemplateExpression>()->tag;
        } else {
          break;
        }
      }
      if (paren) {
        Space();
        Mark(c->callee);
        Char('(');
        ExprNoParens(c->callee, 0);
        Char(')');
      } else {
        Space();
        Expr(c->callee, kPrecCall, flags);
      }
      Arguments(c->arguments);
      break;
    }
    case NodeKind::kMemberExpression: {
      auto* m = n->As<MemberExpression>();
      CalleeExpr(m->object, flags);
      if (m->computed) {
        if (m->optional) Emit("?.");
        Char('[');
        Expr(m->property, kPrecSeq);
        Char(']');
      } else {
        Emit(m->optional ? "?."sv : "."sv);
        Mark(m->property);
        if (m->property->kind == NodeKind::kPrivateIdentifier) {
          Char('#');
          out_.append(m->property->As<PrivateIdentifier>()->name);
        } else {
          Emit(m->property->As<Identifier>()->name);
        }
      }
      break;
    }
    case NodeKind::kChainExpression:
      ExprNoParens(n->As<ChainExpression>()->expression, flags);
      break;
    case NodeKind::kSequenceExpression: {
      auto* q = n->As<SequenceExpression>();
      for (uint32_t i = 0; i < q->expressions.size; ++i) {
        if (i) Comma();
        Expr(q->expressions[i], kPrecAssign, flags);
      }
      break;
    }
    case NodeKind::kYieldExpression: {
      auto* y = n->As<YieldExpression>();
      Emit("yield");
      if (y->delegate) Emit("*");
      if (y->argument) {
        Space();
        Expr(y->argument, kPrecAssign, flags);
      }
      break;
    }
    case NodeKind::kMetaProperty: {
      auto* m = n->As<MetaProperty>();
      Emit(m->meta->name);
      Char('.');
      out_.append(m->property->name);
      break;
    }
    case NodeKind::kImportExpression:
      Emit("import");
      Char('(');
      Expr(n->As<ImportExpression>()->source, kPrecAssign);
      Char(')');
      break;
    case NodeKind::kParenthesizedExpression:
      Char('(');
      Expr(n->As<ParenthesizedExpression>()->expression, kPrecSeq);
      Char(')');
      break;
    default:
      // A statement-only node in expression position cannot be printed: leave something that
      // fails to parse (`@` is no JavaScript token) rather than silently printing other code.
      Char('(');
      Char('@');
      out_.append(NodeKindName(n->kind));
      Char(')');
      break;
  }
}

void Printer::BinaryLike(const Node* left, Op op, const Node* right, unsigned flags) {
  Prec prec = BinaryPrec(op);
  Prec left_need = prec, right_need = static_cast<Prec>(prec + 1);
  if (op == Op::kExp) {
    left_need = kPrecPostfix;  // (-a) ** b; a ** b ** c is a ** (b ** c)
    right_need = kPrecExponent;
  } else if (op == Op::kNullish) {
    // ?? takes bitwise-or operands; || and && beside it need parentheses on either side.
    bool left_nullish = left->kind == NodeKind::kLogicalExpression &&
                        left->As<LogicalExpression>()->op == Op::kNullish;
    left_need = left_nullish ? kPrecNullish : kPrecBitOr;
    right_need = kPrecBitOr;
  }
  Expr(left, left_need, flags);
  Space();
  Emit(OpText(op));
  Space();
  Expr(right, right_need, flags);
}

void Printer::Literal(const struct Literal* lit) {
  switch (lit->literal_kind) {
    case LiteralKind::kNull: Emit("null"); break;
    case LiteralKind::kBoolean: Emit(lit->boolean ? "true"sv : "false"sv); break;
    case LiteralKind::kNumber:
      if (RawNumberMatches(lit->raw, lit->number)) {
        Emit(lit->raw);
        glue_end_ = out_.size();
        if (IsIntegerLike(lit->raw)) int_end_ = out_.size();
      } else {
        Number(lit->number);
      }
      break;
    case LiteralKind::kString:
      if (RawStringMatches(lit->raw, lit->string)) {
        Emit(lit->raw);
      } else {
        StringValue(lit->string);
      }
      break;
    case LiteralKind::kRegExp:
      if (!out_.empty() && IsIdByte(static_cast<unsigned char>(out_.back()))) out_.push_back(' ');
      Emit("/");
      out_.append(lit->regex_pattern.empty() ? std::string_view("(?:)") : lit->regex_pattern);
      out_.push_back('/');
      out_.append(lit->regex_flags);
      glue_end_ = out_.size();
      break;
    case LiteralKind::kBigInt:
      if (!lit->raw.empty()) {
        Emit(lit->raw);
      } else {
        Emit(lit->bigint);
        out_.push_back('n');
      }
      glue_end_ = out_.size();
      break;
  }
}

void Printer::Number(double value) {
  if (std::isnan(value)) {
    Char('(');
    Emit("0/0");
    Char(')');
    return;
  }
  if (std::isinf(value)) {
    Emit(value < 0 ? "-1e999"sv : "1e999"sv);
    glue_end_ = out_.size();
    return;
  }
  char buf[40];
  size_t len = FormatJsNumber(value, buf);
  if (value == 0 && std::signbit(value)) {
    std::memcpy(buf, "-0", 2);
    len = 2;
  }
  std::string_view text(buf, len);
  Emit(text);
  glue_end_ = out_.size();
  if (IsIntegerLike(text[0] == '-' ? text.substr(1) : text)) int_end_ = out_.size();
}

// A string value, escaped and quoted: the quote that needs fewer escapes; line terminators,
// controls and lone surrogates as escapes; everything else as UTF-8.
void Printer::StringValue(std::string_view s) {
  size_t dq = 0, sq = 0;
  for (char c : s) {
    dq += c == '"';
    sq += c == '\'';
  }
  char q = dq > sq ? '\'' : '"';
  Char(q);
  static const char kHex[] = "0123456789ABCDEF";
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* end = p + s.size();
  const unsigned char* run = p;
  auto flush_run = [&]() { out_.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run)); };
  while (p < end) {
    unsigned char c = *p;
    if (c >= 0x20 && c != '\\' && c != static_cast<unsigned char>(q) && c != 0xE2 && c != 0xED &&
        c != 0x7F) {
      ++p;
      continue;
    }
    if (c == 0xE2) {
      if (end - p >= 3 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
        flush_run();
        out_.append(p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
        p += 3;
        run = p;
      } else {
        ++p;
      }
      continue;
    }
    if (c == 0xED) {
      if (end - p >= 3 && p[1] >= 0xA0) {  // a surrogate code point (lone, in WTF-8)
        flush_run();
        uint32_t u = 0xD000u | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        char e[6] = {'\\', 'u', kHex[u >> 12], kHex[(u >> 8) & 0xF], kHex[(u >> 4) & 0xF],
                     kHex[u & 0xF]};
        out_.append(e, 6);
        p += 3;
        run = p;
      } else {
        ++p;
      }
      continue;
    }
    flush_run();
    switch (c) {
      case '\\': out_.append("\\\\", 2); break;
      case '\n': out_.append("\\n", 2); break;
      case '\r': out_.append("\\r", 2); break;
      case '\t': out_.append("\\t", 2); break;
      case '\b': out_.append("\\b", 2); break;
      case '\f': out_.append("\\f", 2); break;
      case '\v': out_.append("\\v", 2); break;
      default:
        if (c == static_cast<unsigned char>(q)) {
          out_.push_back('\\');
          out_.push_back(q);
        } else {
          char e[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
          out_.append(e, 4);
        }
    }
    ++p;
    run = p;
  }
  flush_run();
  out_.push_back(q);
}

void Printer::Arguments(const NodeList<>& args) {
  Char('(');
  for (uint32_t i = 0; i < args.size; ++i) {
    if (i) Comma();
    Expr(args[i], kPrecAssign);
  }
  Char(')');
}

void Printer::ArrayItems(const NodeList<>& items) {
  Char('[');
  for (uint32_t i = 0; i < items.size; ++i) {
    if (i) Comma();
    if (items[i]) Expr(items[i], kPrecAssign);
  }
  // A trailing hole needs its own comma: [a,,] has two elements.
  if (items.size && !items[items.size - 1]) Char(',');
  Char(']');
}

void Printer::ObjectItems(const NodeList<>& items) {
  Char('{');
  for (uint32_t i = 0; i < items.size; ++i) {
    if (i) Comma();
    Expr(items[i], kPrecAssign);
  }
  Char('}');
}

void Printer::PropertyKey(const Node* key, bool computed) {
  if (computed) {
    Char('[');
    Expr(key, kPrecAssign);
    Char(']');
    return;
  }
  Mark(key);
  switch (key->kind) {
    case NodeKind::kIdentifier: Emit(key->As<Identifier>()->name); break;
    case NodeKind::kPrivateIdentifier:
      Char('#');
      out_.append(key->As<PrivateIdentifier>()->name);
      break;
    default: Expr(key, kPrecPrimary); break;
  }
}

void Printer::PropertyNode(const Property* p) {
  if (p->property_kind != PropertyKind::kInit || p->method) {
    const Function* f = p->value->As<Function>();
    if (p->property_kind == PropertyKind::kGet) {
      Emit("get");
      Space();
    } else if (p->property_kind == PropertyKind::kSet) {
      Emit("set");
      Space();
    } else {
      if (f->is_async) {
        Emit("async");
        Space();
      }
      if (f->is_generator) Emit("*");
    }
    PropertyKey(p->key, p->computed);
    FunctionTail(f);
    return;
  }
  if (p->shorthand && !p->computed && p->key->kind == NodeKind::kIdentifier) {
    std::string_view name = p->key->As<Identifier>()->name;
    if (IsIdentifierNamed(p->value, name)) {
      Expr(p->value, kPrecAssign);
      return;
    }
    if (p->value->kind == NodeKind::kAssignmentPattern &&
        IsIdentifierNamed(p->value->As<AssignmentPattern>()->left, name)) {
      Expr(p->value, kPrecAssign);  // {a = 1} in a pattern
      return;
    }
  }
  PropertyKey(p->key, p->computed);
  Char(':');
  Space();
  Expr(p->value, kPrecAssign);
}

// Parameters and body of a function or method.
void Printer::FunctionTail(const Function* f) {
  Mark(f);
  Char('(');
  for (uint32_t i = 0; i < f->params.size; ++i) {
    if (i) Comma();
    Expr(f->params[i], kPrecAssign);
  }
  Char(')');
  Space();
  Block(f->body->As<BlockStatement>()->body, f->body);
}

void Printer::FunctionNode(const Function* f) {
  if (f->is_async) {
    Emit("async");
    Space();
  }
  Emit("function");
  if (f->is_generator) Emit("*");
  if (f->id) {
    Space();
    Mark(f->id);
    Emit(f->id->name);
  }
  FunctionTail(f);
}

void Printer::Arrow(const ArrowFunctionExpression* f, unsigned flags) {
  if (f->is_async) {
    Emit("async");
    Space();
  }
  if (f->params.size == 1 && f->params[0]->kind == NodeKind::kIdentifier) {
    Expr(f->params[0], kPrecAssign);
  } else {
    Char('(');
    for (uint32_t i = 0; i < f->params.size; ++i) {
      if (i) Comma();
      Expr(f->params[i], kPrecAssign);
    }
    Char(')');
  }
  Operator("=>");
  if (f->body->kind == NodeKind::kBlockStatement) {
    Block(f->body->As<BlockStatement>()->body, f->body);
  } else {
    arrow_start_ = out_.size();
    Expr(f->body, kPrecAssign, flags);
  }
}

void Printer::ClassNode(const Class* c) {
  Emit("class");
  if (c->id) {
    Space();
    Mark(c->id);
    Emit(c->id->name);
  }
  if (c->super_class) {
    Space();
    Emit("extends");
    Space();
    Expr(c->super_class, kPrecCall);
  }
  Space();
  Mark(c->body);
  Char('{');
  const NodeList<>& members = c->body->body;
  if (!members.empty()) {
    ++indent_;
    for (const Node* m : members) {
      Newline();
      ClassMember(m);
    }
    --indent_;
    Newline();
  }
  Char('}');
}

void Printer::ClassMember(const Node* m) {
  Mark(m);
  switch (m->kind) {
    case NodeKind::kMethodDefinition: {
      auto* d = m->As<MethodDefinition>();
      if (d->is_static) {
        Emit("static");
        Space();
      }
      if (d->method_kind == MethodKind::kGet) {
        Emit("get");
        Space();
      } else if (d->method_kind == MethodKind::kSet) {
        Emit("set");
        Space();
      } else {
        if (d->value->is_async) {
          Emit("async");
          Space();
        }
        if (d->value->is_generator) Emit("*");
      }
      PropertyKey(d->key, d->computed);
      FunctionTail(d->value);
      break;
    }
    case NodeKind::kPropertyDefinition: {
      auto* d = m->As<PropertyDefinition>();
      if (d->is_static) {
        Emit("static");
        Space();
      }
      PropertyKey(d->key, d->computed);
      if (d->value) {
        Operator("=");
        Expr(d->value, kPrecAssign);
      }
      Char(';');
      break;
    }
    case NodeKind::kStaticBlock:
      Emit("static");
      Space();
      Block(m->As<StaticBlock>()->body, nullptr);
      break;
    default: Statement(m); break;
  }
}

void Printer::Template(const TemplateLiteral* t) {
  Mark(t);
  Char('`');
  for (uint32_t i = 0; i < t->quasis.size; ++i) {
    out_.append(t->quasis[i]->raw);
    if (i < t->expressions.size) {
      out_.append("${", 2);
      Expr(t->expressions[i], kPrecSeq);
      Char('}');
    }
  }
  out_.push_back('`');
}

}  // namespace

PrintResult Print(const Program* program, std::string_view source, const PrintOptions& options) {
  Printer printer(source, options);
  return printer.Run(program);
}

}  // namespace thingsjs::instrument

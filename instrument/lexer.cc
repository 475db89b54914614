#include "instrument/lexer.h"

#include <cstdlib>
#include <cstring>

#include "instrument/unicode.h"

namespace thingsjs::instrument {

namespace {

// Character classes of bytes, for the hot scanning loops and the token dispatch.
enum : uint8_t { kIdStart = 1, kIdPart = 2, kMaySkip = 4, kStringStop = 8 };  // bits[]
// What a token starting with a byte is (kind[]).
enum CharKind : uint8_t {
  kCkPunctuator,  // one or more punctuator characters, or an invalid character
  kCkSingle,      // a punctuator of one character whatever follows: single[] has its token
  kCkIdentifier,  // ASCII identifier start or '\\'
  kCkDigit,
  kCkDot,  // '.': a number if a digit follows
  kCkQuote,
  kCkBacktick,
  kCkHash,
  kCkNonAscii,
};
struct AsciiTable {
  uint8_t bits[256] = {};
  CharKind kind[256] = {};
  Tok single[128] = {};
  constexpr AsciiTable() {
    for (int c = 0; c < 256; ++c) {
      bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' || c == '_';
      bool digit = c >= '0' && c <= '9';
      // White space, comments and Annex B's HTML-like comments start with these.
      bool may_skip = c <= ' ' || c == '/' || c == '<' || c == '-' || c >= 0x80;
      // A string literal's scan stops at these: its end, an escape, or an error.
      bool string_stop = c == '"' || c == '\'' || c == '\\' || c == '\n' || c == '\r';
      bits[c] = static_cast<uint8_t>((start ? kIdStart : 0) | (start || digit ? kIdPart : 0) |
                                     (may_skip ? kMaySkip : 0) | (string_stop ? kStringStop : 0));
      kind[c] = start || c == '\\' ? kCkIdentifier
                : digit           ? kCkDigit
                : c == '.'        ? kCkDot
                : c == '"' || c == '\'' ? kCkQuote
                : c == '`'        ? kCkBacktick
                : c == '#'        ? kCkHash
                : c >= 0x80       ? kCkNonAscii
                                  : kCkPunctuator;
    }
    const struct {
      char c;
      Tok tok;
    } singles[] = {{'{', Tok::kLBrace}, {'}', Tok::kRBrace},    {'(', Tok::kLParen}, {')', Tok::kRParen},
                   {'[', Tok::kLBracket}, {']', Tok::kRBracket}, {';', Tok::kSemicolon}, {',', Tok::kComma},
                   {':', Tok::kColon},  {'~', Tok::kTilde}};
    for (const auto& one : singles) {
      kind[static_cast<unsigned char>(one.c)] = kCkSingle;
      single[static_cast<unsigned char>(one.c)] = one.tok;
    }
  }
};
constexpr AsciiTable kAscii;

bool IsAsciiIdStart(unsigned char c) { return kAscii.bits[c] & kIdStart; }
bool IsAsciiIdPart(unsigned char c) { return kAscii.bits[c] & kIdPart; }
// The end of the run of ASCII identifier bytes at p: four bytes per bounds check while at
// least four are left (identifiers are mostly a few bytes long).
const char* SkipAsciiIdParts(const char* p, const char* end) {
  for (; end - p >= 4; p += 4) {
    if (!IsAsciiIdPart(static_cast<unsigned char>(p[0]))) return p;
    if (!IsAsciiIdPart(static_cast<unsigned char>(p[1]))) return p + 1;
    if (!IsAsciiIdPart(static_cast<unsigned char>(p[2]))) return p + 2;
    if (!IsAsciiIdPart(static_cast<unsigned char>(p[3]))) return p + 3;
  }
  while (p < end && IsAsciiIdPart(static_cast<unsigned char>(*p))) ++p;
  return p;
}
bool IsDecimalDigit(unsigned char c) { return c >= '0' && c <= '9'; }
int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
int DigitValue(unsigned char c, int radix) {
  int v = HexValue(c);
  return v >= 0 && v < radix ? v : -1;
}

// Unicode "Space_Separator" (Zs) characters other than U+0020, plus the other ECMAScript
// white space code points outside ASCII.
bool IsUnicodeSpace(uint32_t cp) {
  return cp == 0xA0 || cp == 0xFEFF || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool IsIdStartCp(uint32_t cp) {
  return cp < 128 ? IsAsciiIdStart(static_cast<unsigned char>(cp)) : IsIdStart(cp);
}
bool IsIdPartCp(uint32_t cp) {
  if (cp < 128) return IsAsciiIdPart(static_cast<unsigned char>(cp));
  return cp == 0x200C || cp == 0x200D || IsIdContinue(cp);
}

}  // namespace

namespace {
// Reserved words and contextual keywords in one table with a perfect hash of (length, first,
// second and last byte): a name is classified with one probe and, when the slot's length
// matches, one comparison. The hash's multiplier is searched at compile time.
struct Word {
  const char* text = nullptr;
  uint8_t length = 0;
  Tok tok = Tok::kIdentifier;
  Ctx ctx = Ctx::kNone;
};
constexpr Word kWords[] = {
#define THINGSJS_WORD(name, text) {text, sizeof(text) - 1, Tok::k##name, Ctx::kNone},
    THINGSJS_KEYWORDS(THINGSJS_WORD)
#undef THINGSJS_WORD
    {"as", 2, Tok::kIdentifier, Ctx::kAs},         {"async", 5, Tok::kIdentifier, Ctx::kAsync},
    {"await", 5, Tok::kIdentifier, Ctx::kAwait},   {"from", 4, Tok::kIdentifier, Ctx::kFrom},
    {"get", 3, Tok::kIdentifier, Ctx::kGet},       {"let", 3, Tok::kIdentifier, Ctx::kLet},
    {"meta", 4, Tok::kIdentifier, Ctx::kMeta},     {"of", 2, Tok::kIdentifier, Ctx::kOf},
    {"set", 3, Tok::kIdentifier, Ctx::kSet},       {"static", 6, Tok::kIdentifier, Ctx::kStatic},
    {"target", 6, Tok::kIdentifier, Ctx::kTarget}, {"yield", 5, Tok::kIdentifier, Ctx::kYield},
};
constexpr uint32_t kWordSlots = 256;
constexpr uint32_t WordKey(const char* s, size_t length) {
  return static_cast<uint32_t>(length) | static_cast<uint32_t>(static_cast<unsigned char>(s[0])) << 4 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[1])) << 12 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[length - 1])) << 20;
}
constexpr uint32_t WordSlot(uint32_t key, uint32_t multiplier) { return (key * multiplier) >> 24; }
struct WordTable {
  uint32_t multiplier = 0;
  Word slots[kWordSlots] = {};
  constexpr WordTable() {
    for (uint32_t m = 0x9E3779B1u;; m += 2) {
      bool used[kWordSlots] = {};
      bool clash = false;
      for (const Word& w : kWords) {
        uint32_t slot = WordSlot(WordKey(w.text, w.length), m);
        if (used[slot]) {
          clash = true;
          break;
        }
        used[slot] = true;
      }
      if (!clash) {
        multiplier = m;
        break;
      }
    }
    for (const Word& w : kWords) slots[WordSlot(WordKey(w.text, w.length), multiplier)] = w;
  }
};
constexpr WordTable kWordTable;

const Word* FindWord(std::string_view n) {
  if (n.size() < 2 || n.size() > 10) return nullptr;
  const Word& w = kWordTable.slots[WordSlot(WordKey(n.data(), n.size()), kWordTable.multiplier)];
  if (w.length != n.size() || std::memcmp(w.text, n.data(), n.size()) != 0) return nullptr;
  return &w;
}
}  // namespace

Tok KeywordTokenOf(std::string_view n) {
  const Word* w = FindWord(n);
  return w ? w->tok : Tok::kIdentifier;
}

bool IsLineTerminator(uint32_t cp) { return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029; }

void AppendWtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string_view TokText(Tok tok) {
  switch (tok) {
    case Tok::kEof: return "end of input";
    case Tok::kIdentifier: return "identifier";
    case Tok::kPrivateName: return "private name";
    case Tok::kString: return "string";
    case Tok::kNumber: return "number";
    case Tok::kBigInt: return "bigint";
    case Tok::kRegExp: return "regular expression";
    case Tok::kTemplate: return "template";
#define THINGSJS_TOK_TEXT(name, text) \
  case Tok::k##name:                  \
    return text;
      THINGSJS_KEYWORDS(THINGSJS_TOK_TEXT)
#undef THINGSJS_TOK_TEXT
    case Tok::kLBrace: return "{";
    case Tok::kRBrace: return "}";
    case Tok::kLParen: return "(";
    case Tok::kRParen: return ")";
    case Tok::kLBracket: return "[";
    case Tok::kRBracket: return "]";
    case Tok::kDot: return ".";
    case Tok::kEllipsis: return "...";
    case Tok::kSemicolon: return ";";
    case Tok::kComma: return ",";
    case Tok::kLt: return "<";
    case Tok::kGt: return ">";
    case Tok::kLe: return "<=";
    case Tok::kGe: return ">=";
    case Tok::kEq: return "==";
    case Tok::kNe: return "!=";
    case Tok::kStrictEq: return "===";
    case Tok::kStrictNe: return "!==";
    case Tok::kPlus: return "+";
    case Tok::kMinus: return "-";
    case Tok::kStar: return "*";
    case Tok::kPercent: return "%";
    case Tok::kStarStar: return "**";
    case Tok::kInc: return "++";
    case Tok::kDec: return "--";
    case Tok::kShl: return "<<";
    case Tok::kSar: return ">>";
    case Tok::kShr: return ">>>";
    case Tok::kAmp: return "&";
    case Tok::kPipe: return "|";
    case Tok::kCaret: return "^";
    case Tok::kBang: return "!";
    case Tok::kTilde: return "~";
    case Tok::kAmpAmp: return "&&";
    case Tok::kPipePipe: return "||";
    case Tok::kQuestionQuestion: return "??";
    case Tok::kQuestion: return "?";
    case Tok::kQuestionDot: return "?.";
    case Tok::kColon: return ":";
    case Tok::kAssign: return "=";
    case Tok::kPlusAssign: return "+=";
    case Tok::kMinusAssign: return "-=";
    case Tok::kStarAssign: return "*=";
    case Tok::kPercentAssign: return "%=";
    case Tok::kStarStarAssign: return "**=";
    case Tok::kShlAssign: return "<<=";
    case Tok::kSarAssign: return ">>=";
    case Tok::kShrAssign: return ">>>=";
    case Tok::kAmpAssign: return "&=";
    case Tok::kPipeAssign: return "|=";
    case Tok::kCaretAssign: return "^=";
    case Tok::kAmpAmpAssign: return "&&=";
    case Tok::kPipePipeAssign: return "||=";
    case Tok::kQuestionQuestionAssign: return "?\?=";
    case Tok::kArrow: return "=>";
    case Tok::kSlash: return "/";
    case Tok::kSlashAssign: return "/=";
  }
  return "?";
}

Lexer::Lexer(std::string_view source, Arena& arena, bool module)
    : src_(source), arena_(arena), module_(module) {
  // A hashbang line is a comment (ES2023; common in Node-style programs).
  if (src_.size() >= 2 && src_[0] == '#' && src_[1] == '!') {
    while (pos_ < src_.size()) {
      uint32_t len;
      uint32_t cp = PeekCodePoint(pos_, &len);
      if (IsLineTerminator(cp)) break;
      pos_ += len;
    }
  }
}

void Lexer::Fail(uint32_t pos, std::string message) {
  if (has_error_) return;
  has_error_ = true;
  error_pos_ = pos;
  error_message_ = std::move(message);
}

uint32_t Lexer::PeekCodePoint(uint32_t at, uint32_t* length) const {
  const auto* s = reinterpret_cast<const unsigned char*>(src_.data());
  size_t n = src_.size();
  unsigned char c = s[at];
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  uint32_t cp;
  uint32_t len;
  if ((c & 0xE0) == 0xC0) {
    cp = c & 0x1F;
    len = 2;
  } else if ((c & 0xF0) == 0xE0) {
    cp = c & 0x0F;
    len = 3;
  } else if ((c & 0xF8) == 0xF0) {
    cp = c & 0x07;
    len = 4;
  } else {
    *length = 1;
    return 0xFFFD;
  }
  if (at + len > n) {
    *length = 1;
    return 0xFFFD;
  }
  for (uint32_t i = 1; i < len; ++i) {
    if ((s[at + i] & 0xC0) != 0x80) {
      *length = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (s[at + i] & 0x3F);
  }
  *length = len;
  return cp;
}

uint32_t Lexer::ReadCodePoint() {
  uint32_t len;
  uint32_t cp = PeekCodePoint(pos_, &len);
  pos_ += len;
  return cp;
}

// ---- white space and comments ------------------------------------------------------------

bool Lexer::SkipLineComment() {
  // Jump from one candidate byte to the next: '\n', '\r', or the lead byte 0xE2 of
  // U+2028/U+2029. Comments are long and mostly ASCII.
  const char* base = src_.data();
  const size_t n = src_.size();
  while (pos_ < n) {
    const char* p = base + pos_;
    size_t left = n - pos_;
    const void* nl = std::memchr(p, '\n', left);
    size_t stop = nl ? static_cast<size_t>(static_cast<const char*>(nl) - p) : left;
    const void* cr = std::memchr(p, '\r', stop);
    if (cr) stop = static_cast<size_t>(static_cast<const char*>(cr) - p);
    const void* e2 = std::memchr(p, '\xE2', stop);
    if (e2) {
      size_t at = static_cast<size_t>(static_cast<const char*>(e2) - p);
      uint32_t len;
      uint32_t cp = PeekCodePoint(static_cast<uint32_t>(pos_ + at), &len);
      if (cp == 0x2028 || cp == 0x2029) {
        pos_ += static_cast<uint32_t>(at);
        return true;
      }
      pos_ += static_cast<uint32_t>(at + 1);
      continue;
    }
    pos_ += static_cast<uint32_t>(stop);
    return stop < left;
  }
  return false;
}

void Lexer::SkipBlockComment() {
  uint32_t start = pos_ - 2;
  const char* base = src_.data();
  const size_t n = src_.size();
  // Find the closing "*/" with memchr, then look for line terminators inside only if no
  // newline has been seen yet before this token (that is all ASI needs to know).
  size_t end = std::string_view::npos;
  for (size_t i = pos_; i < n;) {
    const void* star = std::memchr(base + i, '*', n - i);
    if (!star) break;
    size_t at = static_cast<size_t>(static_cast<const char*>(star) - base);
    if (at + 1 < n && base[at + 1] == '/') {
      end = at;
      break;
    }
    i = at + 1;
  }
  if (end == std::string_view::npos) {
    pos_ = static_cast<uint32_t>(n);
    Fail(start, "Unterminated comment");
    return;
  }
  if (!seen_newline_) {
    std::string_view body = src_.substr(pos_, end - pos_);
    if (body.find('\n') != std::string_view::npos || body.find('\r') != std::string_view::npos ||
        body.find("\xE2\x80\xA8") != std::string_view::npos || body.find("\xE2\x80\xA9") != std::string_view::npos) {
      seen_newline_ = true;
    }
  }
  pos_ = static_cast<uint32_t>(end + 2);
}

void Lexer::SkipSpaceAndComments() {
  const size_t n = src_.size();
  const char* s = src_.data();
  while (pos_ < n) {
    unsigned char c = static_cast<unsigned char>(s[pos_]);
    if (c == ' ') {  // the common case: indentation
      ++pos_;
      while (pos_ < n && s[pos_] == ' ') ++pos_;
      continue;
    }
    if (c > ' ' && c != '/' && c != '<' && c != '-' && c < 0x80) return;
    switch (c) {
      case ' ':
      case '\t':
      case '\v':
      case '\f':
        ++pos_;
        continue;
      case '\n':
      case '\r':
        seen_newline_ = true;
        ++pos_;
        continue;
      case '/':
        if (pos_ + 1 < n && src_[pos_ + 1] == '/') {
          pos_ += 2;
          SkipLineComment();
          continue;
        }
        if (pos_ + 1 < n && src_[pos_ + 1] == '*') {
          pos_ += 2;
          SkipBlockComment();
          if (has_error_) return;
          continue;
        }
        return;
      case '<':
        // <!-- starts a single-line comment in scripts (Annex B).
        if (!module_ && src_.compare(pos_, 4, "<!--") == 0) {
          pos_ += 4;
          SkipLineComment();
          continue;
        }
        return;
      case '-':
        // --> at the start of a line is a comment in scripts (Annex B).
        if (!module_ && (seen_newline_ || prev_end_ == 0) && src_.compare(pos_, 3, "-->") == 0) {
          pos_ += 3;
          SkipLineComment();
          continue;
        }
        return;
      default:
        if (c < 0x80) return;
        {
          uint32_t len;
          uint32_t cp = PeekCodePoint(pos_, &len);
          if (cp == 0x2028 || cp == 0x2029) {
            seen_newline_ = true;
            pos_ += len;
            continue;
          }
          if (IsUnicodeSpace(cp)) {
            pos_ += len;
            continue;
          }
        }
        return;
    }
  }
}

// ---- tokens ------------------------------------------------------------------------------

void Lexer::Next() {
  prev_end_ = token_.end;
  seen_newline_ = false;
  const size_t n = src_.size();
  // Tokens of minified code mostly follow each other directly, and of readable code are
  // mostly one space apart: no call then.
  if (!has_error_ && pos_ < n) {
    const unsigned char c = static_cast<unsigned char>(src_[pos_]);
    if (kAscii.bits[c] & kMaySkip) {
      if (c == ' ' && pos_ + 1 < n && !(kAscii.bits[static_cast<unsigned char>(src_[pos_ + 1])] & kMaySkip)) {
        ++pos_;
      } else {
        SkipSpaceAndComments();
      }
    }
  }
  // Reset what every token has; the scanners set the fields of their own kinds (raw, number,
  // octal_pos are read only for tokens whose scanner sets them).
  token_.type = Tok::kEof;
  token_.newline_before = seen_newline_;
  token_.escaped = false;
  token_.contextual = Ctx::kNone;
  token_.cooked_valid = true;
  token_.template_tail = false;
  token_.legacy_octal = false;
  token_.value = {};
  token_.start = pos_;
  if (has_error_ || pos_ >= n) {
    token_.start = token_.end = static_cast<uint32_t>(has_error_ ? pos_ : n);
    return;
  }
  unsigned char c = static_cast<unsigned char>(src_[pos_]);
  switch (kAscii.kind[c]) {
    case kCkSingle:
      token_.type = kAscii.single[c];
      ++pos_;
      break;
    case kCkIdentifier:
      ScanIdentifier(false);
      break;
    case kCkDigit:
      ScanNumber();
      break;
    case kCkDot:
      if (pos_ + 1 < n && IsDecimalDigit(static_cast<unsigned char>(src_[pos_ + 1]))) {
        ScanNumber();
      } else {
        ScanPunctuator();
      }
      break;
    case kCkQuote:
      ScanString(static_cast<char>(c));
      break;
    case kCkBacktick:
      ScanTemplate(pos_);
      break;
    case kCkHash:
    case kCkNonAscii:
      ScanRare(c);
      break;
    case kCkPunctuator:
      ScanPunctuator();
      break;
  }
  token_.end = pos_;
}

// Tokens starting with '#' or a non-ASCII byte: out of Next, which stays small.
void Lexer::ScanRare(unsigned char c) {
  const size_t n = src_.size();
  if (c == '#') {
    ++pos_;
    uint32_t len;
    uint32_t cp = pos_ < n ? PeekCodePoint(pos_, &len) : 0;
    if (pos_ < n && (IsIdStartCp(cp) || cp == '\\')) {
      ScanIdentifier(true);
    } else {
      Fail(token_.start, "Unexpected character '#'");
      token_.type = Tok::kEof;
    }
    return;
  }
  uint32_t len;
  uint32_t cp = PeekCodePoint(pos_, &len);
  if (IsIdStartCp(cp)) {
    ScanIdentifier(false);
  } else {
    std::string shown(src_.substr(pos_, len));
    Fail(pos_, "Unexpected character '" + shown + "'");
    token_.type = Tok::kEof;
  }
}

int64_t Lexer::ReadUnicodeEscape() {
  // pos_ is just after "\u".
  if (pos_ < src_.size() && src_[pos_] == '{') {
    ++pos_;
    int64_t value = 0;
    bool any = false;
    while (pos_ < src_.size() && src_[pos_] != '}') {
      int d = HexValue(static_cast<unsigned char>(src_[pos_]));
      if (d < 0) return -1;
      value = value * 16 + d;
      if (value > 0x10FFFF) return -1;
      any = true;
      ++pos_;
    }
    if (!any || pos_ >= src_.size()) return -1;
    ++pos_;
    return value;
  }
  if (pos_ + 4 > src_.size()) return -1;
  int64_t value = 0;
  for (int i = 0; i < 4; ++i) {
    int d = HexValue(static_cast<unsigned char>(src_[pos_ + i]));
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  pos_ += 4;
  return value;
}

void Lexer::ScanIdentifier(bool private_name) {
  uint32_t name_start = pos_;
  // Fast path: ASCII without escapes.
  const char* p = src_.data() + pos_;
  const char* end = src_.data() + src_.size();
  p = SkipAsciiIdParts(p, end);
  pos_ = static_cast<uint32_t>(p - src_.data());
  if (p < end && (static_cast<unsigned char>(*p) >= 0x80 || *p == '\\')) {
    if (!ScanIdentifierRest(name_start)) return;
  } else {
    token_.value = src_.substr(name_start, pos_ - name_start);
  }
  if (private_name) {
    token_.type = Tok::kPrivateName;
    return;
  }
  token_.type = Tok::kIdentifier;
  if (!token_.escaped) {
    if (const Word* w = FindWord(token_.value)) {
      token_.type = w->tok;
      token_.contextual = w->ctx;
    }
  }
}

bool Lexer::ScanIdentifierRest(uint32_t name_start) {
  bool escaped = false;
  buffer_.assign(src_.data() + name_start, pos_ - name_start);
  bool first = pos_ == name_start;
  while (pos_ < src_.size()) {
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    uint32_t cp;
    if (c == '\\') {
      uint32_t esc = pos_;
      ++pos_;
      if (pos_ >= src_.size() || src_[pos_] != 'u') {
        Fail(esc, "Expecting Unicode escape sequence \\uXXXX");
        return false;
      }
      ++pos_;
      int64_t v = ReadUnicodeEscape();
      if (v < 0 || !(first ? IsIdStartCp(static_cast<uint32_t>(v)) : IsIdPartCp(static_cast<uint32_t>(v)))) {
        Fail(esc, "Invalid Unicode escape");
        return false;
      }
      cp = static_cast<uint32_t>(v);
      escaped = true;
    } else if (c < 0x80) {
      if (!IsAsciiIdPart(c)) break;
      cp = c;
      ++pos_;
    } else {
      uint32_t len;
      cp = PeekCodePoint(pos_, &len);
      if (!(first ? IsIdStartCp(cp) : IsIdPartCp(cp))) break;
      pos_ += len;
    }
    AppendWtf8(buffer_, cp);
    first = false;
  }
  token_.value = escaped ? arena_.CopyString(buffer_) : src_.substr(name_start, pos_ - name_start);
  token_.escaped = escaped;
  return true;
}

void Lexer::ScanNumber() {
  const uint32_t start = pos_;
  const size_t n = src_.size();
  auto at = [&](uint32_t i) -> unsigned char { return i < n ? static_cast<unsigned char>(src_[i]) : 0; };

  // Digits of `radix` with '_' separators between digits.
  auto digits = [&](int radix, bool separators) -> bool {
    bool any = false, last_sep = false;
    while (pos_ < n) {
      unsigned char c = at(pos_);
      if (c == '_' && separators) {
        if (!any || last_sep) {
          Fail(pos_, "Numeric separators are only allowed between digits");
          return false;
        }
        last_sep = true;
        ++pos_;
        continue;
      }
      if (DigitValue(c, radix) < 0) break;
      any = true;
      last_sep = false;
      ++pos_;
    }
    if (last_sep) {
      Fail(pos_ - 1, "Numeric separators are only allowed between digits");
      return false;
    }
    return any;
  };
  auto strip = [&](uint32_t from, uint32_t to) {
    buffer_.clear();
    for (uint32_t i = from; i < to; ++i) {
      if (src_[i] != '_') buffer_.push_back(src_[i]);
    }
  };
  auto radix_value = [&](uint32_t from, uint32_t to, int radix) {
    // Exact up to 2^64; beyond, long double keeps 64 bits before the final rounding.
    uint64_t v = 0;
    long double big = 0;
    bool overflow = false;
    for (uint32_t i = from; i < to; ++i) {
      int d = DigitValue(at(i), radix);
      if (d < 0) continue;
      if (!overflow) {
        if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(radix)) {
          overflow = true;
          big = static_cast<long double>(v);
        } else {
          v = v * static_cast<uint64_t>(radix) + static_cast<uint64_t>(d);
          continue;
        }
      }
      big = big * radix + d;
    }
    return overflow ? static_cast<double>(big) : static_cast<double>(v);
  };

  bool is_bigint_ok = true;
  unsigned char c0 = at(pos_), c1 = at(pos_ + 1);
  token_.type = Tok::kNumber;
  // Fast path, most numbers in code: a decimal integer of at most 15 digits (exact in a double)
  // without a leading zero, followed by an ASCII byte that continues neither a number nor an
  // identifier. Anything else takes the general path below.
  if (IsDecimalDigit(c0) && (c0 != '0' || !IsDecimalDigit(c1))) {
    uint64_t value = 0;
    uint32_t i = pos_;
    while (i < n && i - pos_ < 16 && IsDecimalDigit(static_cast<unsigned char>(src_[i]))) {
      value = value * 10 + static_cast<uint64_t>(src_[i] - '0');
      ++i;
    }
    unsigned char next = at(i);
    if (i - pos_ <= 15 && next < 0x80 && !(kAscii.bits[next] & kIdPart) && next != '.' && next != '\\') {
      token_.number = static_cast<double>(value);
      pos_ = i;
      return;
    }
  }
  if (c0 == '0' && (c1 == 'x' || c1 == 'X' || c1 == 'o' || c1 == 'O' || c1 == 'b' || c1 == 'B')) {
    int radix = (c1 == 'x' || c1 == 'X') ? 16 : (c1 == 'o' || c1 == 'O') ? 8 : 2;
    pos_ += 2;
    uint32_t digits_start = pos_;
    if (!digits(radix, true)) {
      if (!has_error_) Fail(pos_, "Expected number in radix " + std::to_string(radix));
      return;
    }
    if (at(pos_) == 'n') {
      token_.type = Tok::kBigInt;
      strip(start, pos_);
      token_.value = arena_.CopyString(buffer_);
      ++pos_;
    } else {
      token_.number = radix_value(digits_start, pos_, radix);
    }
  } else if (c0 == '0' && IsDecimalDigit(c1)) {
    // Legacy octal (017) or a decimal with a leading zero (08, 09.5): sloppy mode only.
    token_.legacy_octal = true;
    token_.octal_pos = start;
    bool octal = true;
    ++pos_;
    while (IsDecimalDigit(at(pos_))) {
      if (at(pos_) >= '8') octal = false;
      ++pos_;
    }
    if (at(pos_) == '_') {
      Fail(pos_, "Numeric separator can not be used after leading 0");
      return;
    }
    if (octal) {
      token_.number = radix_value(start + 1, pos_, 8);
    } else {
      if (at(pos_) == '.') {
        ++pos_;
        while (IsDecimalDigit(at(pos_))) ++pos_;
      }
      if (at(pos_) == 'e' || at(pos_) == 'E') {
        uint32_t save = pos_;
        ++pos_;
        if (at(pos_) == '+' || at(pos_) == '-') ++pos_;
        if (!IsDecimalDigit(at(pos_))) {
          pos_ = save;
        } else {
          while (IsDecimalDigit(at(pos_))) ++pos_;
        }
      }
      strip(start, pos_);
      token_.number = std::strtod(buffer_.c_str(), nullptr);
    }
    is_bigint_ok = false;
    if (at(pos_) == 'n') {
      Fail(pos_, "Invalid BigInt literal");
      return;
    }
  } else {
    if (c0 == '0' && c1 == '_') {
      Fail(pos_ + 1, "Numeric separator can not be used after leading 0");
      return;
    }
    if (c0 != '.') {
      if (!digits(10, true)) return;
    }
    if (at(pos_) == '.') {
      is_bigint_ok = false;
      ++pos_;
      if (at(pos_) == '_') {
        Fail(pos_, "Numeric separators are only allowed between digits");
        return;
      }
      digits(10, true);
      if (has_error_) return;
    }
    if (at(pos_) == 'e' || at(pos_) == 'E') {
      is_bigint_ok = false;
      ++pos_;
      if (at(pos_) == '+' || at(pos_) == '-') ++pos_;
      if (!digits(10, true)) {
        if (!has_error_) Fail(pos_, "Invalid number: missing exponent digits");
        return;
      }
    }
    if (at(pos_) == 'n') {
      if (!is_bigint_ok) {
        Fail(pos_, "Invalid BigInt literal");
        return;
      }
      token_.type = Tok::kBigInt;
      strip(start, pos_);
      token_.value = arena_.CopyString(buffer_);
      ++pos_;
    } else {  // small plain integers took the fast path at the top
      strip(start, pos_);
      token_.number = std::strtod(buffer_.c_str(), nullptr);
    }
  }
  // An identifier or digit must not follow a number directly (3in, 1_).
  if (pos_ < n) {
    uint32_t len;
    uint32_t cp = PeekCodePoint(pos_, &len);
    if (IsIdStartCp(cp) || cp == '\\' || IsDecimalDigit(at(pos_))) {
      Fail(pos_, "Identifier directly after number");
    }
  }
}

bool Lexer::ReadEscape(std::string& out, bool in_template, const char** bad) {
  // pos_ is just after the backslash.
  if (pos_ >= src_.size()) {
    *bad = "Unterminated string constant";
    return false;
  }
  uint32_t esc_start = pos_ - 1;
  unsigned char c = static_cast<unsigned char>(src_[pos_]);
  switch (c) {
    case 'n': out.push_back('\n'); ++pos_; return true;
    case 't': out.push_back('\t'); ++pos_; return true;
    case 'r': out.push_back('\r'); ++pos_; return true;
    case 'b': out.push_back('\b'); ++pos_; return true;
    case 'f': out.push_back('\f'); ++pos_; return true;
    case 'v': out.push_back('\v'); ++pos_; return true;
    case '\r':
      ++pos_;
      if (pos_ < src_.size() && src_[pos_] == '\n') ++pos_;
      return true;  // line continuation
    case '\n':
      ++pos_;
      return true;
    case 'x': {
      ++pos_;
      int h1 = pos_ < src_.size() ? HexValue(static_cast<unsigned char>(src_[pos_])) : -1;
      int h2 = pos_ + 1 < src_.size() ? HexValue(static_cast<unsigned char>(src_[pos_ + 1])) : -1;
      if (h1 < 0 || h2 < 0) {
        *bad = "Invalid hexadecimal escape sequence";
        return false;
      }
      pos_ += 2;
      AppendWtf8(out, static_cast<uint32_t>(h1 * 16 + h2));
      return true;
    }
    case 'u': {
      ++pos_;
      int64_t v = ReadUnicodeEscape();
      if (v < 0) {
        *bad = "Invalid Unicode escape sequence";
        return false;
      }
      // A surrogate pair written as two \u escapes is one code point.
      if (v >= 0xD800 && v <= 0xDBFF && src_.compare(pos_, 2, "\\u") == 0) {
        uint32_t save = pos_;
        pos_ += 2;
        int64_t lo = ReadUnicodeEscape();
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
        } else {
          pos_ = save;
        }
      }
      AppendWtf8(out, static_cast<uint32_t>(v));
      return true;
    }
    default:
      break;
  }
  if (c >= '0' && c <= '9') {
    if (c == '0' && !(pos_ + 1 < src_.size() && IsDecimalDigit(static_cast<unsigned char>(src_[pos_ + 1])))) {
      ++pos_;
      out.push_back('\0');
      return true;
    }
    if (in_template) {
      *bad = "Octal escape sequences are not allowed in template strings";
      return false;
    }
    if (!token_.legacy_octal) {
      token_.legacy_octal = true;
      token_.octal_pos = esc_start;
    }
    if (c >= '8') {  // \8 and \9: the digit itself
      ++pos_;
      out.push_back(static_cast<char>(c));
      return true;
    }
    // Legacy octal: up to three digits, value at most 0377.
    int value = c - '0';
    ++pos_;
    int max_digits = c <= '3' ? 2 : 1;
    for (int i = 0; i < max_digits && pos_ < src_.size() && src_[pos_] >= '0' && src_[pos_] <= '7'; ++i) {
      value = value * 8 + (src_[pos_] - '0');
      ++pos_;
    }
    AppendWtf8(out, static_cast<uint32_t>(value));
    return true;
  }
  // Any other character escapes itself (including U+2028/9 as line continuations).
  uint32_t cp = ReadCodePoint();
  if (cp == 0x2028 || cp == 0x2029) return true;
  AppendWtf8(out, cp);
  return true;
}

void Lexer::ScanString(char quote) {
  uint32_t start = pos_;
  ++pos_;
  uint32_t chunk = pos_;
  bool copied = false;
  const size_t n = src_.size();
  while (true) {
    // Skip the bytes that need no attention, a table test each.
    const char* p = src_.data() + pos_;
    const char* end = src_.data() + n;
    while (p < end && !(kAscii.bits[static_cast<unsigned char>(*p)] & kStringStop)) ++p;
    pos_ = static_cast<uint32_t>(p - src_.data());
    if (pos_ >= n) {
      Fail(start, "Unterminated string constant");
      return;
    }
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    if (c == static_cast<unsigned char>(quote)) break;
    if (c == '\\') {
      if (!copied) {
        buffer_.clear();
        copied = true;
      }
      buffer_.append(src_.data() + chunk, pos_ - chunk);
      ++pos_;
      const char* bad = nullptr;
      if (!ReadEscape(buffer_, false, &bad)) {
        Fail(pos_, bad);
        return;
      }
      chunk = pos_;
      continue;
    }
    if (c == '\n' || c == '\r') {
      Fail(start, "Unterminated string constant");
      return;
    }
    ++pos_;
  }
  if (copied) {
    buffer_.append(src_.data() + chunk, pos_ - chunk);
    token_.value = arena_.CopyString(buffer_);
  } else {
    token_.value = src_.substr(chunk, pos_ - chunk);
  }
  ++pos_;  // closing quote
  token_.type = Tok::kString;
}

void Lexer::ScanTemplate(uint32_t start_pos) {
  // pos_ is at '`' or at the '}' that closes a substitution.
  token_.start = start_pos;
  pos_ = start_pos + 1;
  std::string cooked, raw;
  bool valid = true, raw_copied = false;
  uint32_t raw_start = pos_;
  const size_t n = src_.size();
  while (true) {
    if (pos_ >= n) {
      Fail(start_pos, "Unterminated template");
      return;
    }
    unsigned char c = static_cast<unsigned char>(src_[pos_]);
    if (c == '`') {
      token_.template_tail = true;
      break;
    }
    if (c == '$' && pos_ + 1 < n && src_[pos_ + 1] == '{') break;
    if (c == '\\') {
      uint32_t esc = pos_;
      ++pos_;
      const char* bad = nullptr;
      std::string piece;
      if (!ReadEscape(piece, true, &bad)) {
        // Not an error in a tagged template: the cooked value is undefined. Scanning goes
        // on after what the escape consumed; the parser rejects untagged ones.
        if (valid) token_.octal_pos = esc;
        valid = false;
      } else if (valid) {
        cooked += piece;
      }
      // The raw text keeps the escape as written, but with CR and CRLF as LF (a line
      // continuation may hold them).
      std::string_view span = src_.substr(esc, pos_ - esc);
      if (!raw_copied && span.find('\r') != std::string_view::npos) {
        raw.assign(src_.data() + raw_start, esc - raw_start);
        raw_copied = true;
      }
      if (raw_copied) {
        for (size_t i = 0; i < span.size(); ++i) {
          if (span[i] == '\r') {
            raw.push_back('\n');
            if (i + 1 < span.size() && span[i + 1] == '\n') ++i;
          } else {
            raw.push_back(span[i]);
          }
        }
      }
      continue;
    }
    if (c == '\r') {
      // CR and CRLF are LF in both the cooked and the raw value.
      if (!raw_copied) {
        raw.assign(src_.data() + raw_start, pos_ - raw_start);
        raw_copied = true;
      }
      ++pos_;
      if (pos_ < n && src_[pos_] == '\n') ++pos_;
      raw.push_back('\n');
      if (valid) cooked.push_back('\n');
      continue;
    }
    uint32_t len;
    PeekCodePoint(pos_, &len);
    if (valid) cooked.append(src_.data() + pos_, len);
    if (raw_copied) raw.append(src_.data() + pos_, len);
    pos_ += len;
  }
  token_.raw = raw_copied ? arena_.CopyString(raw) : src_.substr(raw_start, pos_ - raw_start);
  token_.cooked_valid = valid;
  token_.value = valid ? arena_.CopyString(cooked) : std::string_view();
  pos_ += token_.template_tail ? 1 : 2;
  token_.type = Tok::kTemplate;
  token_.legacy_octal = false;
}

void Lexer::RescanTemplateContinuation() {
  // The current token is '}'.
  pos_ = token_.start;
  bool nl = token_.newline_before;
  token_ = Token();
  token_.newline_before = nl;
  ScanTemplate(pos_);
  token_.end = pos_;
}

void Lexer::RescanRegExp() {
  uint32_t start = token_.start;
  bool nl = token_.newline_before;
  pos_ = start + 1;
  bool in_class = false;
  const size_t n = src_.size();
  while (true) {
    if (pos_ >= n) {
      Fail(start, "Unterminated regular expression");
      return;
    }
    uint32_t len;
    uint32_t cp = PeekCodePoint(pos_, &len);
    if (IsLineTerminator(cp)) {
      Fail(start, "Unterminated regular expression");
      return;
    }
    if (cp == '\\') {
      pos_ += 1;
      if (pos_ >= n) continue;
      uint32_t cp2 = PeekCodePoint(pos_, &len);
      if (IsLineTerminator(cp2)) {
        Fail(start, "Unterminated regular expression");
        return;
      }
      pos_ += len;
      continue;
    }
    if (cp == '[') {
      in_class = true;
    } else if (cp == ']') {
      in_class = false;
    } else if (cp == '/' && !in_class) {
      break;
    }
    pos_ += len;
  }
  std::string_view pattern = src_.substr(start + 1, pos_ - start - 1);
  ++pos_;
  uint32_t flags_start = pos_;
  while (pos_ < n) {
    uint32_t len;
    uint32_t cp = PeekCodePoint(pos_, &len);
    if (cp == '\\') {
      Fail(pos_, "Invalid regular expression flags");
      return;
    }
    if (!IsIdPartCp(cp)) break;
    pos_ += len;
  }
  std::string_view flags = src_.substr(flags_start, pos_ - flags_start);
  unsigned seen = 0;
  for (char f : flags) {
    const char* valid = "dgimsuy";
    const char* p = std::strchr(valid, f);
    if (!p || f == '\0' || (seen & (1u << (p - valid)))) {
      Fail(flags_start, "Invalid regular expression flags");
      return;
    }
    seen |= 1u << (p - valid);
  }
  token_ = Token();
  token_.type = Tok::kRegExp;
  token_.start = start;
  token_.end = pos_;
  token_.newline_before = nl;
  token_.value = pattern;
  token_.raw = flags;
}

void Lexer::ScanPunctuator() {
  const size_t n = src_.size();
  auto at = [&](uint32_t off) -> char { return pos_ + off < n ? src_[pos_ + off] : '\0'; };
  char c = src_[pos_];
  Tok t;
  uint32_t len = 1;
  switch (c) {
    case '{': t = Tok::kLBrace; break;
    case '}': t = Tok::kRBrace; break;
    case '(': t = Tok::kLParen; break;
    case ')': t = Tok::kRParen; break;
    case '[': t = Tok::kLBracket; break;
    case ']': t = Tok::kRBracket; break;
    case ';': t = Tok::kSemicolon; break;
    case ',': t = Tok::kComma; break;
    case ':': t = Tok::kColon; break;
    case '~': t = Tok::kTilde; break;
    case '.':
      if (at(1) == '.' && at(2) == '.') {
        t = Tok::kEllipsis;
        len = 3;
      } else {
        t = Tok::kDot;
      }
      break;
    case '?':
      if (at(1) == '?') {
        if (at(2) == '=') {
          t = Tok::kQuestionQuestionAssign;
          len = 3;
        } else {
          t = Tok::kQuestionQuestion;
          len = 2;
        }
      } else if (at(1) == '.' && !IsDecimalDigit(static_cast<unsigned char>(at(2)))) {
        t = Tok::kQuestionDot;
        len = 2;
      } else {
        t = Tok::kQuestion;
      }
      break;
    case '<':
      if (at(1) == '<') {
        if (at(2) == '=') { t = Tok::kShlAssign; len = 3; } else { t = Tok::kShl; len = 2; }
      } else if (at(1) == '=') {
        t = Tok::kLe;
        len = 2;
      } else {
        t = Tok::kLt;
      }
      break;
    case '>':
      if (at(1) == '>') {
        if (at(2) == '>') {
          if (at(3) == '=') { t = Tok::kShrAssign; len = 4; } else { t = Tok::kShr; len = 3; }
        } else if (at(2) == '=') {
          t = Tok::kSarAssign;
          len = 3;
        } else {
          t = Tok::kSar;
          len = 2;
        }
      } else if (at(1) == '=') {
        t = Tok::kGe;
        len = 2;
      } else {
        t = Tok::kGt;
      }
      break;
    case '=':
      if (at(1) == '=') {
        if (at(2) == '=') { t = Tok::kStrictEq; len = 3; } else { t = Tok::kEq; len = 2; }
      } else if (at(1) == '>') {
        t = Tok::kArrow;
        len = 2;
      } else {
        t = Tok::kAssign;
      }
      break;
    case '!':
      if (at(1) == '=') {
        if (at(2) == '=') { t = Tok::kStrictNe; len = 3; } else { t = Tok::kNe; len = 2; }
      } else {
        t = Tok::kBang;
      }
      break;
    case '+':
      if (at(1) == '+') { t = Tok::kInc; len = 2; }
      else if (at(1) == '=') { t = Tok::kPlusAssign; len = 2; }
      else t = Tok::kPlus;
      break;
    case '-':
      if (at(1) == '-') { t = Tok::kDec; len = 2; }
      else if (at(1) == '=') { t = Tok::kMinusAssign; len = 2; }
      else t = Tok::kMinus;
      break;
    case '*':
      if (at(1) == '*') {
        if (at(2) == '=') { t = Tok::kStarStarAssign; len = 3; } else { t = Tok::kStarStar; len = 2; }
      } else if (at(1) == '=') {
        t = Tok::kStarAssign;
        len = 2;
      } else {
        t = Tok::kStar;
      }
      break;
    case '%':
      if (at(1) == '=') { t = Tok::kPercentAssign; len = 2; } else t = Tok::kPercent;
      break;
    case '/':
      if (at(1) == '=') { t = Tok::kSlashAssign; len = 2; } else t = Tok::kSlash;
      break;
    case '&':
      if (at(1) == '&') {
        if (at(2) == '=') { t = Tok::kAmpAmpAssign; len = 3; } else { t = Tok::kAmpAmp; len = 2; }
      } else if (at(1) == '=') {
        t = Tok::kAmpAssign;
        len = 2;
      } else {
        t = Tok::kAmp;
      }
      break;
    case '|':
      if (at(1) == '|') {
        if (at(2) == '=') { t = Tok::kPipePipeAssign; len = 3; } else { t = Tok::kPipePipe; len = 2; }
      } else if (at(1) == '=') {
        t = Tok::kPipeAssign;
        len = 2;
      } else {
        t = Tok::kPipe;
      }
      break;
    case '^':
      if (at(1) == '=') { t = Tok::kCaretAssign; len = 2; } else t = Tok::kCaret;
      break;
    default: {
      Fail(pos_, std::string("Unexpected character '") + c + "'");
      token_.type = Tok::kEof;
      return;
    }
  }
  token_.type = t;
  pos_ += len;
}

}  // namespace thingsjs::instrument

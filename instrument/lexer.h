#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "instrument/arena.h"

namespace thingsjs::instrument {

#define THINGSJS_KEYWORDS(V)                                                                 \
  V(Break, "break") V(Case, "case") V(Catch, "catch") V(Class, "class") V(Const, "const")    \
  V(Continue, "continue") V(Debugger, "debugger") V(Default, "default") V(Delete, "delete")  \
  V(Do, "do") V(Else, "else") V(Enum, "enum") V(Export, "export") V(Extends, "extends")      \
  V(False, "false") V(Finally, "finally") V(For, "for") V(Function, "function") V(If, "if")  \
  V(Import, "import") V(In, "in") V(Instanceof, "instanceof") V(New, "new")                  \
  V(Null, "null") V(Return, "return") V(Super, "super") V(Switch, "switch") V(This, "this")  \
  V(Throw, "throw") V(True, "true") V(Try, "try") V(Typeof, "typeof") V(Var, "var")          \
  V(Void, "void") V(While, "while") V(With, "with")

enum class Tok : uint8_t {
  kEof,
  kIdentifier,   // includes contextual keywords (let, yield, await, async, of, get, ...)
  kPrivateName,  // #name
  kString,
  kNumber,
  kBigInt,
  kRegExp,
  kTemplate,  // a template chunk: `...` or `...${ or }...${ or }...`
#define THINGSJS_TOK_KEYWORD(name, text) k##name,
  THINGSJS_KEYWORDS(THINGSJS_TOK_KEYWORD)
#undef THINGSJS_TOK_KEYWORD
  // punctuators
  kLBrace, kRBrace, kLParen, kRParen, kLBracket, kRBracket, kDot, kEllipsis, kSemicolon,
  kComma, kLt, kGt, kLe, kGe, kEq, kNe, kStrictEq, kStrictNe, kPlus, kMinus, kStar, kPercent,
  kStarStar, kInc, kDec, kShl, kSar, kShr, kAmp, kPipe, kCaret, kBang, kTilde, kAmpAmp,
  kPipePipe, kQuestionQuestion, kQuestion, kQuestionDot, kColon, kAssign, kPlusAssign,
  kMinusAssign, kStarAssign, kPercentAssign, kStarStarAssign, kShlAssign, kSarAssign,
  kShrAssign, kAmpAssign, kPipeAssign, kCaretAssign, kAmpAmpAssign, kPipePipeAssign,
  kQuestionQuestionAssign, kArrow, kSlash, kSlashAssign,
};

// Contextual keywords: identifiers that the grammar treats specially in some places. The
// lexer tags them so the parser tests a byte instead of comparing strings.
enum class Ctx : uint8_t { kNone, kAs, kAsync, kAwait, kFrom, kGet, kLet, kMeta, kOf, kSet, kStatic, kTarget, kYield };

// The text of a punctuator or keyword token kind ("=>", "if").
std::string_view TokText(Tok tok);

// The keyword token for a reserved word, or kIdentifier.
Tok KeywordTokenOf(std::string_view name);

struct Token {
  // The one-byte fields first and together: Lexer::Next resets them with a single store.
  Tok type = Tok::kEof;
  bool newline_before = false;  // a line terminator between the previous token and this one
  bool escaped = false;         // identifier written with \u escapes
  Ctx contextual = Ctx::kNone;  // kIdentifier without escapes: which contextual keyword
  bool cooked_valid = true;     // kTemplate: false when an escape is invalid
  bool template_tail = false;   // kTemplate: ends with '`' (not '${')
  bool legacy_octal = false;    // kNumber: 017 / 08 ; kString: \0nn, \1-\7, \8, \9 escape
  uint32_t start = 0, end = 0;
  uint32_t octal_pos = 0;       // where the legacy octal escape/literal is
  // kIdentifier/kPrivateName: cooked name. kString: cooked value (WTF-8).
  // kTemplate: cooked value. kRegExp: pattern. kBigInt: digits without 'n' and '_'.
  std::string_view value;
  std::string_view raw;    // kTemplate: raw text (CR/CRLF normalized); kRegExp: flags
  double number = 0;
};

// The scanner. The parser drives it token by token and tells it what to expect where the
// grammar decides: a regular expression instead of a division, the continuation of a template
// after `}`. Errors are reported through `error()`; the lexer then returns kEof.
class Lexer {
 public:
  Lexer(std::string_view source, Arena& arena, bool module);

  // Scans the next token into `token()`.
  void Next();
  // Re-scans the current '/' or '/=' token as a regular expression literal.
  void RescanRegExp();
  // Re-scans the current '}' token as the continuation of a template literal.
  void RescanTemplateContinuation();

  const Token& token() const { return token_; }
  uint32_t prev_end() const { return prev_end_; }

  bool has_error() const { return has_error_; }
  uint32_t error_pos() const { return error_pos_; }
  const std::string& error_message() const { return error_message_; }

  // A saved scanning position, for one-token lookahead.
  struct State {
    uint32_t pos;
    Token token;
    uint32_t prev_end;
  };
  State Save() const { return {pos_, token_, prev_end_}; }
  void Restore(const State& s) {
    pos_ = s.pos;
    token_ = s.token;
    prev_end_ = s.prev_end;
  }

  std::string_view source() const { return src_; }
  void Fail(uint32_t pos, std::string message);

 private:
  void SkipSpaceAndComments();
  bool SkipLineComment();
  void SkipBlockComment();
  void ScanIdentifier(bool private_name);
  // The rest of an identifier with escapes or non-ASCII characters; false after an error.
  [[gnu::noinline]] bool ScanIdentifierRest(uint32_t name_start);
  void ScanNumber();
  void ScanString(char quote);
  void ScanTemplate(uint32_t start_pos);
  void ScanPunctuator();
  [[gnu::noinline]] void ScanRare(unsigned char c);
  // Reads one code point at pos_ (UTF-8), advancing. Invalid UTF-8 yields U+FFFD.
  uint32_t ReadCodePoint();
  uint32_t PeekCodePoint(uint32_t at, uint32_t* length) const;
  // \uXXXX or \u{...} at pos_ (after the backslash). Returns -1 on error.
  int64_t ReadUnicodeEscape();
  // Scans an escape sequence in a string/template (pos_ after the backslash) into `out`.
  // Returns false on a malformed escape (message in `bad`).
  bool ReadEscape(std::string& out, bool in_template, const char** bad);

  std::string_view src_;
  Arena& arena_;
  bool module_;
  uint32_t pos_ = 0;
  uint32_t prev_end_ = 0;
  Token token_;
  bool has_error_ = false;
  uint32_t error_pos_ = 0;
  std::string error_message_;
  std::string buffer_;  // scratch for cooked values
  bool seen_newline_ = false;
};

// Encodes a code point as WTF-8 (UTF-8 that allows lone surrogates).
void AppendWtf8(std::string& out, uint32_t code_point);

bool IsLineTerminator(uint32_t code_point);

}  // namespace thingsjs::instrument

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "instrument/arena.h"
#include "instrument/ast.h"

namespace thingsjs::instrument {

struct ParseOptions {
  bool module = false;           // module goal (strict, import/export, top-level await)
  bool preserve_parens = false;  // keep ParenthesizedExpression nodes
};

// A position in the source: byte offset, 1-based line, 0-based column in UTF-16 code units
// (what acorn, V8 and source maps count).
struct SourcePosition {
  uint32_t offset = 0;
  uint32_t line = 1;
  uint32_t column = 0;
};

struct SyntaxError {
  SourcePosition position;
  std::string message;  // "Unexpected token ')'"
};

struct ParseResult {
  Program* program = nullptr;  // null when there is an error
  std::optional<SyntaxError> error;
};

// Parses ECMAScript 2022 (script or module goal), including the early errors. The AST lives
// in `arena`; strings point into `source` or the arena, so both must outlive the AST.
ParseResult Parse(std::string_view source, Arena& arena, const ParseOptions& options = {});

// Maps byte offsets to lines and UTF-16 columns. Line terminators: LF, CR, CRLF, U+2028/9.
class LineTable {
 public:
  explicit LineTable(std::string_view source);
  SourcePosition Position(uint32_t offset) const;
  // The offset of a 1-based line and 0-based UTF-16 column (clamped to the line).
  uint32_t Offset(uint32_t line, uint32_t column) const;
  // The text of the line holding `offset`, without its terminator.
  std::string_view LineText(uint32_t offset) const;

 private:
  std::string_view source_;
  std::vector<uint32_t> line_starts_;
};

// `file:line:col: SyntaxError: message`, the source line and a caret under the column.
std::string FormatSyntaxError(std::string_view filename, std::string_view source,
                              const SyntaxError& error);

}  // namespace thingsjs::instrument

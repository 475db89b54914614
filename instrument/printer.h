#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "instrument/ast.h"

namespace thingsjs::instrument {

struct PrintOptions {
  bool compact = false;      // minimal whitespace; otherwise readable (2-space indent)
  bool source_map = false;   // collect mappings from output back to the input
};

// One mapping: a position in the printed output and the input position it came from.
// Lines are 0-based, columns in UTF-16 code units (source map v3 conventions).
struct Mapping {
  uint32_t generated_line = 0;
  uint32_t generated_column = 0;
  uint32_t original_line = 0;
  uint32_t original_column = 0;
};

struct PrintResult {
  std::string code;
  std::vector<Mapping> mappings;  // sorted by generated position; empty unless asked for
};

// Prints the AST back to JavaScript that re-parses to the same AST: parentheses where
// precedence needs them, ASI hazards avoided, strings/regexps/numbers re-escaped correctly.
// `source` is the text the AST was parsed from (for raw literal text and original positions).
PrintResult Print(const Program* program, std::string_view source, const PrintOptions& options = {});

// A source map v3 JSON document for `mappings` ("mappings" VLQ-encoded).
std::string SourceMapJson(const std::vector<Mapping>& mappings, std::string_view file,
                          std::string_view source_name);

}  // namespace thingsjs::instrument

#pragma once

#include <cstddef>
#include <string>

#include "instrument/ast.h"

namespace thingsjs::instrument {

// The AST as ESTree JSON, exactly as acorn (ecmaVersion 2022, no locations) would serialize it
// with JSON.stringify: the same node types, property names and property order, without
// `start`/`end`/`loc`/`range`. Literal values follow JSON.stringify: a RegExp literal's `value`
// is `{}`, a BigInt literal's `value` is null (acorn's `bigint` string carries it), non-finite
// numbers are null.
//
// With `locations`, every node also has acorn's "start" and "end" after "type": byte offsets
// into the source (acorn counts UTF-16 code units; the two agree on ASCII text).
std::string ToEstreeJson(const Program* program, bool pretty = false, bool locations = false);

// Number.prototype.toString() (radix 10), as JSON.stringify and the printer need it:
// "1e+21", "1.5e-7", "0.1", "-5", "NaN", "Infinity"; -0 prints "0". FormatJsNumber writes
// into `buf` (at least 32 bytes) and returns the length.
size_t FormatJsNumber(double value, char* buf);
void AppendJsNumber(std::string& out, double value);

}  // namespace thingsjs::instrument

#pragma once
// The migration transform: rewrites a program so that the state V8 hides from the embedder
// becomes reachable, and nothing else changes.
//
// What V8's object graph does not expose is the variables that closures capture (and the
// top-level lexical bindings, which live in the script's context). For every scope instance
// that holds such variables the instrumented program creates one small accessor closure,
// `(i) => ...`, that reads them by index, knows the accessor of the enclosing such scope, and
// (when arrows inside use it) the scope's `this`. Every function object created inside such
// a scope is linked to that accessor through a hidden symbol-keyed property (`$tjs$L`), so a
// snapshot can go from any function to the variables it closes over. Functions whose locals no
// inner function captures are left as written: they pay nothing.
//
// The transform only inserts text; it never moves or deletes the user's code, and it never
// inserts a line break. A line of the instrumented program is the same line of the original;
// only columns after an insertion shift, and `insertions` maps them back.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "instrument/parser.h"
#include "instrument/scope.h"
#include "instrument/sites.h"

namespace thingsjs::instrument {

// A scope whose instances the instrumented program exposes through an accessor.
struct EnvScope {
  uint32_t id = 0;
  int32_t parent = -1;        // the enclosing exposed scope, or -1
  ScopeKind kind = ScopeKind::kBlock;
  uint32_t start = 0;         // where the scope's node starts in the original source
  bool strict = false;
  bool has_this = false;      // accessor slot -1 is the scope's `this` (arrows inside use it)
  std::vector<std::string> names;       // accessor slot i: the binding's name
  std::vector<BindingKind> kinds;       // and its kind
};

struct InstrumentOptions {
  bool module = false;
};

struct InstrumentResult {
  std::string code;                    // the instrumented program (empty on error)
  std::optional<SyntaxError> error;    // does not parse, or cannot be instrumented
  // Why the program runs as written and cannot migrate (eval, with), or empty.
  std::string not_migratable;
  std::vector<EnvScope> scopes;
  // Text inserted before each original offset: (offset, length), ascending by offset.
  std::vector<std::pair<uint32_t, uint32_t>> insertions;

  // The original offset of an offset in `code` (inserted text maps to where it was inserted).
  uint32_t OriginalOffset(uint32_t code_offset) const;
};

// Maps positions in the script V8 runs back to the instrumented program and to the original.
// That script is the instrumented program itself, or, for a restored program, a generated
// script whose function texts were copied from it (`SetRunning`).
class PositionMap {
 public:
  // All three must outlive the map.
  PositionMap(std::string_view original, std::string_view code, const InstrumentResult& result)
      : result_(result), original_(original), code_(code) {}

  // The script V8 runs is `running` (which must outlive the map); `copies` (ascending by
  // out_offset) say which of its parts are copies of the instrumented program.
  void SetRunning(std::string_view running, std::vector<FunctionSites::Copy> copies);

  // Line 1-based, column 0-based in UTF-16 units, in the running script: the offset in the
  // instrumented program, or UINT32_MAX for generated text.
  uint32_t CodeOffset(uint32_t line, uint32_t column) const;
  SourcePosition Original(uint32_t line, uint32_t column) const {
    uint32_t offset = CodeOffset(line, column);
    if (offset == UINT32_MAX) offset = 0;
    return original_.Position(result_.OriginalOffset(offset));
  }
  std::string_view OriginalLineText(uint32_t line) const { return original_.LineText(original_.Offset(line, 0)); }

 private:
  const InstrumentResult& result_;
  LineTable original_;
  LineTable code_;
  std::optional<LineTable> running_;
  std::vector<FunctionSites::Copy> copies_;
};

// The accessor of a scope instance (see above): `outer` is the enclosing accessor's name.
std::string AccessorText(const EnvScope& env, const std::string& outer);

// The names the instrumented code uses; programs may not use identifiers with this prefix.
inline constexpr std::string_view kReservedPrefix = "$tjs$";

InstrumentResult Instrument(std::string_view source, const InstrumentOptions& options = {});

}  // namespace thingsjs::instrument

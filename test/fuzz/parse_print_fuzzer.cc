// Fuzz target: parse, print, re-parse. Whatever the input, the parser must not crash, and any
// program it accepts must print to a program that parses to the same AST (compact and
// readable). Built two ways: with libFuzzer (clang, THINGSJS_FUZZ=ON; deploy/fuzz.sh) and as a
// plain driver that replays the committed reproducers in test/fuzz/regressions/ (a CTest).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "instrument/estree.h"
#include "instrument/parser.h"
#include "instrument/printer.h"
#include "instrument/scope.h"

using namespace thingsjs::instrument;

namespace {

void Check(std::string_view source, bool module) {
  Arena arena;
  ParseOptions options;
  options.module = module;
  ParseResult first = Parse(source, arena, options);
  if (first.error) return;
  AnalyzeScopes(first.program, arena);
  std::string expected = ToEstreeJson(first.program);
  for (bool compact : {true, false}) {
    PrintOptions print_options;
    print_options.compact = compact;
    print_options.source_map = true;
    std::string printed = Print(first.program, source, print_options).code;
    Arena arena2;
    ParseResult second = Parse(printed, arena2, options);
    if (second.error) {
      fprintf(stderr, "printed program does not parse (%s mode): %s\n--- input:\n%.*s\n--- printed:\n%s\n",
              compact ? "compact" : "readable", second.error->message.c_str(), static_cast<int>(source.size()),
              source.data(), printed.c_str());
      abort();
    }
    std::string actual = ToEstreeJson(second.program);
    if (actual != expected) {
      fprintf(stderr, "round trip changed the AST (%s mode)\n--- input:\n%.*s\n--- printed:\n%s\n",
              compact ? "compact" : "readable", static_cast<int>(source.size()), source.data(), printed.c_str());
      abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  Check(source, false);
  Check(source, true);
  return 0;
}

#ifndef THINGSJS_LIBFUZZER
// Replays files: parse_print_fuzzer FILE...
int main(int argc, char** argv) {
  int count = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      fprintf(stderr, "cannot read %s\n", argv[i]);
      return 1;
    }
    std::ostringstream s;
    s << in.rdbuf();
    std::string data = s.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    ++count;
  }
  printf("%d passed, 0 failed\n", count);
  return 0;
}
#endif

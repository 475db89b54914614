#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "instrument/estree.h"
#include "instrument/parser.h"
#include "instrument/printer.h"
#include "instrument/transform.h"

namespace thingsjs::cli {

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "thingsjs: cannot read '" << path << "': " << std::strerror(errno) << "\n";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return true;
}

void AddParseCommand(CLI::App& app, ParseOptions& options) {
  CLI::App* cmd = app.add_subcommand("parse", "Parse JavaScript files and report the first syntax error");
  cmd->add_option("files", options.files, "JavaScript files")->required();
  cmd->add_flag("--module", options.module, "Parse with the module goal (import/export, strict)");
  cmd->add_flag("--estree", options.estree, "Print the AST as ESTree JSON (as acorn does, without locations)");
  cmd->add_flag("--pretty", options.pretty, "With --estree: indent the JSON");
  cmd->add_flag("--locations", options.locations,
                "With --estree: every node's start and end (byte offsets into the file)");
  cmd->add_flag("--print", options.print, "Print the program back as JavaScript (readable)");
  cmd->add_flag("--compact", options.compact, "With --print: minimal whitespace");
  cmd->footer(
      "Exit code: 0 when every file parses (early errors included), 1 at the first file that\n"
      "does not, with its error as FILE:LINE:COLUMN: SyntaxError: message.");
}

int Parse(const ParseOptions& options) {
  for (const std::string& file : options.files) {
    std::string source;
    if (!ReadFile(file, &source)) return 1;
    instrument::Arena arena;
    instrument::ParseOptions parse_options;
    parse_options.module = options.module;
    instrument::ParseResult result = instrument::Parse(source, arena, parse_options);
    if (result.error) {
      std::cerr << instrument::FormatSyntaxError(file, source, *result.error);
      return 1;
    }
    if (options.estree) std::cout << instrument::ToEstreeJson(result.program, options.pretty, options.locations) << "\n";
    if (options.print) {
      instrument::PrintOptions print_options;
      print_options.compact = options.compact;
      std::cout << instrument::Print(result.program, source, print_options).code;
    }
  }
  return 0;
}

void AddInstrumentCommand(CLI::App& app, InstrumentOptions& options) {
  CLI::App* cmd = app.add_subcommand("instrument", "Print a program as `thingsjs run` executes it, instrumented for migration");
  cmd->add_option("file", options.file, "The program (a JavaScript script)")->required();
  cmd->add_flag("--module", options.module, "Parse with the module goal");
  cmd->footer(
      "The output only adds code: accessors for the variables closures capture, and links from\n"
      "functions to them (see docs/migration.md). Exit code 1 on a syntax error. A program that\n"
      "cannot migrate (eval, with) is printed unchanged, with the reason on stderr.");
}

int Instrument(const InstrumentOptions& options) {
  std::string source;
  if (!ReadFile(options.file, &source)) return 1;
  instrument::InstrumentOptions instrument_options;
  instrument_options.module = options.module;
  instrument::InstrumentResult result = instrument::Instrument(source, instrument_options);
  if (result.error) {
    std::cerr << instrument::FormatSyntaxError(options.file, source, *result.error);
    return 1;
  }
  if (!result.not_migratable.empty()) {
    std::cerr << options.file << ": not migratable: " << result.not_migratable << "\n";
  }
  std::cout << result.code;
  return 0;
}

}  // namespace thingsjs::cli

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "instrument/estree.h"
#include "instrument/parser.h"
#include "instrument/printer.h"

namespace thingsjs::cli {

void AddParseCommand(CLI::App& app, ParseOptions& options) {
  CLI::App* cmd = app.add_subcommand("parse", "Parse JavaScript files and report the first syntax error");
  cmd->add_option("files", options.files, "JavaScript files")->required();
  cmd->add_flag("--module", options.module, "Parse with the module goal (import/export, strict)");
  cmd->add_flag("--estree", options.estree, "Print the AST as ESTree JSON (as acorn does, without locations)");
  cmd->add_flag("--pretty", options.pretty, "With --estree: indent the JSON");
  cmd->add_flag("--print", options.print, "Print the program back as JavaScript (readable)");
  cmd->add_flag("--compact", options.compact, "With --print: minimal whitespace");
  cmd->footer(
      "Exit code: 0 when every file parses (early errors included), 1 at the first file that\n"
      "does not, with its error as FILE:LINE:COLUMN: SyntaxError: message.");
}

int Parse(const ParseOptions& options) {
  for (const std::string& file : options.files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "thingsjs: cannot read '" << file << "'\n";
      return 1;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string source = buffer.str();
    instrument::Arena arena;
    instrument::ParseOptions parse_options;
    parse_options.module = options.module;
    instrument::ParseResult result = instrument::Parse(source, arena, parse_options);
    if (result.error) {
      std::cerr << instrument::FormatSyntaxError(file, source, *result.error);
      return 1;
    }
    if (options.estree) std::cout << instrument::ToEstreeJson(result.program, options.pretty) << "\n";
    if (options.print) {
      instrument::PrintOptions print_options;
      print_options.compact = options.compact;
      std::cout << instrument::Print(result.program, source, print_options).code;
    }
  }
  return 0;
}

}  // namespace thingsjs::cli

// thingsjs: the one executable. Subcommands parse their options and wire the parts.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"ThingsJS: a distributed runtime for JavaScript IoT programs", "thingsjs"};
  app.set_version_flag("--version", std::string("thingsjs ") + THINGSJS_VERSION);
  app.require_subcommand(0, 1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");

  CLI::App* help = app.add_subcommand("help", "Show help for a subcommand");
  std::string help_topic;
  help->add_option("command", help_topic, "The subcommand");

  thingsjs::cli::RunOptions run;
  thingsjs::cli::AddRunCommand(app, run);
  thingsjs::cli::AddRestoreCommand(app, run);
  thingsjs::cli::ParseOptions parse;
  thingsjs::cli::AddParseCommand(app, parse);
  thingsjs::cli::InstrumentOptions instrument;
  thingsjs::cli::AddInstrumentCommand(app, instrument);
  thingsjs::cli::WorkerOptions worker;
  thingsjs::cli::AddWorkerCommand(app, worker);
  thingsjs::cli::NodeOptions node;
  thingsjs::cli::AddNodeCommand(app, node);
  thingsjs::cli::UpOptions up;
  thingsjs::cli::AddUpCommand(app, up);
  thingsjs::cli::ShellOptions shell;
  thingsjs::cli::AddShellCommand(app, shell);
  thingsjs::cli::SnapshotShowOptions snapshot_show;
  thingsjs::cli::AddSnapshotCommand(app, snapshot_show);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*help) {
    if (help_topic.empty()) {
      std::cout << app.help();
      return 0;
    }
    try {
      std::cout << app.get_subcommand(help_topic)->help();
      return 0;
    } catch (const CLI::OptionNotFound&) {
      std::cerr << "thingsjs: no command '" << help_topic << "'; see thingsjs --help\n";
      return 2;
    }
  }
  if (app.got_subcommand("run") || app.got_subcommand("restore")) return thingsjs::cli::Run(run, argv[0]);
  if (app.got_subcommand("worker")) return thingsjs::cli::RunWorker(worker, argv[0]);
  if (app.got_subcommand("node")) return thingsjs::cli::RunNode(node, argv[0]);
  if (app.got_subcommand("up")) return thingsjs::cli::RunUp(up);
  if (app.got_subcommand("shell")) return thingsjs::cli::RunShell(shell);
  if (app.got_subcommand("parse")) return thingsjs::cli::Parse(parse);
  if (app.got_subcommand("instrument")) return thingsjs::cli::Instrument(instrument);
  if (app.got_subcommand("snapshot")) return thingsjs::cli::SnapshotShow(snapshot_show);
  std::cout << app.help();
  return 0;
}

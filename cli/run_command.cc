#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <random>
#include <sstream>

#include "actors/mqtt_transport.h"
#include "cli/commands.h"
#include "proto/snapshot_codec.h"
#include "runtime/clock.h"
#include "runtime/in_process_bus.h"
#include "runtime/output.h"
#include "runtime/platform.h"
#include "runtime/program.h"
#include "runtime/watchdog.h"

namespace thingsjs::cli {

namespace {

// Options run and restore share.
void AddCommonOptions(CLI::App* cmd, RunOptions* options) {
  cmd->add_option("--max-heap-mb", options->max_heap_mb,
                  "Heap limit in MB; a program above it ends with 'heap limit exceeded'")
      ->capture_default_str()
      ->check(CLI::Range(8, 1 << 20));
  cmd->add_option("--max-task-ms", options->max_task_ms,
                  "CPU budget of one macrotask in ms; a task above it ends the program (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_flag("--virtual-time", options->virtual_time,
                "Program time jumps from timer to timer instead of waiting (deterministic tests)");
  cmd->add_option("--snapshot-at", options->snapshot_at_ms,
                  "Capture the program at the first macrotask boundary after MS ms of program time, write it to --snapshot-out, and stop")
      ->check(CLI::Range(0.0, 1e12));
  cmd->add_option("--snapshot-out", options->snapshot_out, "Where --snapshot-at writes the snapshot");
  cmd->add_option("--hops", options->hops,
                  "Migrate the program N times while it runs (capture, then restore into a fresh isolate, in this process)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--seed", options->seed, "Chooses the macrotask boundaries --hops migrates at")->capture_default_str();
  cmd->add_option("--broker", options->broker,
                  "MQTT broker (mqtt://host:port) for require('things'); default: an in-process bus");
  cmd->add_option("--topic-prefix", options->topic_prefix,
                  "With --broker: programs' topics live under PREFIX/pubsub/")
      ->capture_default_str();
}

// Writes a snapshot file; says why on stderr when it cannot.
bool WriteSnapshot(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (out.good()) return true;
  std::cerr << "thingsjs: cannot write '" << path << "': " << std::strerror(errno) << "\n";
  return false;
}

}  // namespace

sigset_t TakeStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return signals;
}

bool ParseBroker(const std::string& url, actors::MqttOptions* options) {
  std::string rest = url;
  if (rest.rfind("mqtt://", 0) == 0) rest = rest.substr(7);
  if (rest.empty() || rest.find('/') != std::string::npos) return false;
  size_t colon = rest.rfind(':');
  options->host = rest.substr(0, colon);
  options->port = 1883;
  if (colon != std::string::npos) {
    std::string port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    options->port = std::stoi(port);
    if (options->port < 1 || options->port > 65535) return false;
  }
  return !options->host.empty();
}

void AddRunCommand(CLI::App& app, RunOptions& opts) {
  RunOptions* options = &opts;
  CLI::App* run = app.add_subcommand("run", "Run a JavaScript program until it has nothing left to do");
  run->add_option("file", options->file, "The program (a JavaScript script)")->required();
  run->add_option("--env", options->env, "KEY=VALUE for process.env (repeatable)")
      ->allow_extra_args(false)
      ->each([](const std::string& kv) {
        if (kv.find('=') == std::string::npos || kv.front() == '=')
          throw CLI::ValidationError("--env", "expected KEY=VALUE, got '" + kv + "'");
      });
  run->add_flag("--raw", options->raw,
                "Run the source as written, without the instrumentation that lets it migrate");
  AddCommonOptions(run, options);
  run->add_option("args", options->args, "Arguments for process.argv (after --)");
  run->positionals_at_end(false);
  run->footer(
      "Exit code: 0 when the program ends normally, 1 on an uncaught error or a limit,\n"
      "N for process.exit(N); 0 after --snapshot-at wrote its snapshot.\n\n"
      "Examples:\n  thingsjs run examples/hello.js -- one two\n"
      "  thingsjs run app.js --snapshot-at 5000 --snapshot-out app.snap\n"
      "  thingsjs run app.js --hops 10 --seed 7");
}

void AddRestoreCommand(CLI::App& app, RunOptions& opts) {
  RunOptions* options = &opts;
  CLI::App* restore = app.add_subcommand("restore", "Continue a program from a snapshot written by --snapshot-out");
  restore->add_option("snapshot", options->file, "The snapshot")->required();
  AddCommonOptions(restore, options);
  restore->callback([options] { options->restore = true; });
  restore->footer(
      "The program continues where it was captured: same output and exit code rules as run.\n"
      "--snapshot-at counts program time from the program's start, before the capture too.\n\n"
      "Example:\n  thingsjs restore app.snap --snapshot-at 9000 --snapshot-out app2.snap");
}

int Run(const RunOptions& options, const char* argv0) {
  std::string input;
  if (!ReadFile(options.file, &input)) return 1;

  runtime::ProgramOptions program_options;
  program_options.filename = options.file;
  program_options.argv = options.args;
  for (const std::string& kv : options.env) {
    size_t eq = kv.find('=');
    program_options.env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  program_options.max_heap_mb = options.max_heap_mb;
  program_options.max_task_ms = options.max_task_ms;
  program_options.instrument = !options.raw;
  program_options.id = "local";
  program_options.worker = "local";

  runtime::V8Platform platform(argv0);
  std::unique_ptr<runtime::Clock> clock;
  if (options.virtual_time) {
    clock = std::make_unique<runtime::VirtualClock>();
  } else {
    clock = std::make_unique<runtime::SteadyClock>();
  }
  runtime::FdOutput output;
  runtime::InProcessBus bus;
  std::unique_ptr<actors::MqttTransport> mqtt;
  runtime::Transport* transport = &bus;
  if (!options.broker.empty()) {
    actors::MqttOptions mqtt_options;
    if (!ParseBroker(options.broker, &mqtt_options)) {
      std::cerr << "thingsjs: --broker: expected mqtt://host:port, got '" << options.broker << "'\n";
      return 2;
    }
    std::string error;
    mqtt = actors::MqttTransport::Create(mqtt_options, options.topic_prefix, &error);
    if (!mqtt) {
      std::cerr << "thingsjs: --broker: " << error << "\n";
      return 1;
    }
    // Subscriptions made before the connection are sent when it is up; wait a little for it
    // so that the first publishes are not refused.
    if (!mqtt->client().WaitConnected(5000)) {
      std::cerr << "thingsjs: --broker: cannot connect to " << options.broker << " (still trying)\n";
    }
    transport = mqtt.get();
  }
  runtime::Watchdog watchdog;
  runtime::ProgramHost host{&platform, clock.get(), &output, transport, &watchdog};

  if ((options.snapshot_at_ms >= 0) != !options.snapshot_out.empty()) {
    std::cerr << "thingsjs: --snapshot-at and --snapshot-out go together\n";
    return 2;
  }
  if (options.hops > 0 && options.raw) {
    std::cerr << "thingsjs: --hops needs the instrumentation (drop --raw)\n";
    return 2;
  }
  auto program = runtime::Program::Create(program_options, host);
  if (options.restore) {
    std::string error = program->Restore(input);
    if (!error.empty()) {
      std::cerr << "thingsjs: " << options.file << ": cannot restore: " << error << "\n";
      return 1;
    }
  } else {
    program->Start(input);
  }
  // Migrations in this process: capture at a boundary a few turns on, restore into a fresh
  // isolate, go on.
  std::mt19937_64 random(options.seed);
  for (int hop = 0; hop < options.hops && !program->exited(); ++hop) {
    if (!runtime::RunUntil(*program, *clock, std::numeric_limits<double>::infinity(), random() % 4)) break;
    std::string bytes;
    std::string error = runtime::CaptureAtBoundary(*program, *clock, &bytes);
    if (!error.empty()) {
      // A program that ended while waiting for a boundary it could be captured at simply
      // made fewer hops.
      if (!program->exited() && program->IsAlive()) std::cerr << "thingsjs: no snapshot: " << error << "\n";
      break;
    }
    program.reset();
    program = runtime::Program::Create(program_options, host);
    error = program->Restore(bytes);
    if (!error.empty()) {
      std::cerr << "thingsjs: hop " << hop + 1 << ": cannot restore: " << error << "\n";
      return 1;
    }
  }
  if (options.snapshot_at_ms >= 0 && !program->exited()) {
    double stop = clock->NowMs() + std::max(0.0, options.snapshot_at_ms - program->ProgramTimeMs());
    if (runtime::RunUntil(*program, *clock, stop)) {
      std::string bytes;
      std::string error = runtime::CaptureAtBoundary(*program, *clock, &bytes);
      if (error.empty()) return WriteSnapshot(options.snapshot_out, bytes) ? 0 : 1;
      // Nothing is lost: the program goes on where it is.
      std::cerr << "thingsjs: no snapshot: " << error << "\n";
    }
  }
  runtime::ProgramExit result = runtime::RunToCompletion(*program, *clock);
  return result.code;
}

void AddSnapshotCommand(CLI::App& app, SnapshotShowOptions& show) {
  CLI::App* snapshot = app.add_subcommand("snapshot", "Inspect snapshots written by run --snapshot-out");
  snapshot->require_subcommand(1);
  CLI::App* cmd = snapshot->add_subcommand("show", "Print a snapshot as JSON");
  cmd->add_option("file", show.file, "The snapshot")->required();
  cmd->footer("Exit code 1, with the reason, for a file that is not a valid snapshot (corrupt, truncated, other version).");
}

int SnapshotShow(const SnapshotShowOptions& options) {
  std::string bytes;
  if (!ReadFile(options.file, &bytes)) return 1;
  std::string json;
  std::string error = proto::SnapshotToJson(bytes, &json);
  if (!error.empty()) {
    std::cerr << "thingsjs: " << options.file << ": " << error << "\n";
    return 1;
  }
  std::cout << json << "\n";
  return 0;
}

}  // namespace thingsjs::cli

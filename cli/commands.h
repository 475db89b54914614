#pragma once

#include <signal.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace thingsjs::actors {
struct MqttOptions;
}

namespace thingsjs::cli {

// For a process that runs until told to stop: blocks SIGINT and SIGTERM in the calling thread
// and every thread it starts from now on (wait for them with sigwait/sigtimedwait on the
// returned set), and ignores SIGPIPE (a peer that closed its connection is an error value).
sigset_t TakeStopSignals();

// "mqtt://host:port", "host:port" or "host" (port 1883) into `options`; false for anything else.
bool ParseBroker(const std::string& url, actors::MqttOptions* options);

// Reads a whole file; on failure says why on stderr ("thingsjs: cannot read 'x': No such file
// or directory") and returns false.
bool ReadFile(const std::string& path, std::string* contents);

struct RunOptions {
  std::string file;
  std::vector<std::string> args;
  std::vector<std::string> env;  // KEY=VALUE
  size_t max_heap_mb = 128;
  double max_task_ms = 0;
  bool virtual_time = false;
  bool raw = false;  // run the source as written, without the migration transform
  double snapshot_at_ms = -1;   // capture at the first macrotask boundary after this program time
  std::string snapshot_out;
  int hops = 0;                 // migrate this many times, in this process, while it runs
  uint64_t seed = 1;            // where the hops happen
  bool restore = false;         // `file` is a snapshot to continue (thingsjs restore)
  std::string broker;           // mqtt://host:port: require('things') goes over MQTT
  std::string topic_prefix = "thingsjs";
};

struct SnapshotShowOptions {
  std::string file;
};
void AddSnapshotCommand(CLI::App& app, SnapshotShowOptions& show);
int SnapshotShow(const SnapshotShowOptions& options);

struct ParseOptions {
  std::vector<std::string> files;
  bool module = false;
  bool estree = false;
  bool pretty = false;
  bool locations = false;
  bool print = false;
  bool compact = false;
};

void AddParseCommand(CLI::App& app, ParseOptions& options);
int Parse(const ParseOptions& options);

struct InstrumentOptions {
  std::string file;
  bool module = false;
};

void AddInstrumentCommand(CLI::App& app, InstrumentOptions& options);
int Instrument(const InstrumentOptions& options);

// Adds `run` to the app; `options` (owned by the caller, outliving the parse) is filled
// when it parses.
void AddRunCommand(CLI::App& app, RunOptions& options);
// Runs the program and returns the process exit code.
int Run(const RunOptions& options, const char* argv0);
// Adds `restore` (continue a snapshot; Run runs it).
void AddRestoreCommand(CLI::App& app, RunOptions& options);

}  // namespace thingsjs::cli

namespace thingsjs::cli {

struct WorkerOptions {
  std::string broker = "mqtt://127.0.0.1:1883";
  std::string username;
  std::string password_file;  // the password, alone in a file (not on the command line)
  std::string ca_file;        // TLS: the broker's CA
  int keepalive_s = 30;
  std::string id;  // default: the host name
  std::string topic_prefix = "thingsjs";
  std::vector<std::string> labels;  // KEY=VALUE
  double metrics_interval_s = 5;
  double migrate_timeout_s = 30;
  size_t max_heap_mb = 128;
  double max_task_ms = 0;
  size_t max_programs = 1000;
};
void AddWorkerCommand(CLI::App& app, WorkerOptions& options);
// Runs a worker until SIGINT or SIGTERM.
int RunWorker(const WorkerOptions& options, const char* argv0);

// `thingsjs node --config FILE.ini` (docs/config.md).
struct NodeOptions {
  std::string config;
  bool check = false;
  std::string role;
  WorkerOptions worker;
};
// Reads and validates a node config file into `options`; returns an empty string, or every
// error, one per line, as FILE:LINE: [section] key: what is wrong.
std::string LoadNodeConfig(const std::string& path, NodeOptions* options);
void AddNodeCommand(CLI::App& app, NodeOptions& options);
int RunNode(NodeOptions& options, const char* argv0);

struct ShellOptions {
  std::string broker = "mqtt://127.0.0.1:1883";
  std::string topic_prefix = "thingsjs";
  std::string commands;  // -c "cmd; cmd"
  std::string script;    // a file of commands
  bool json = false;
  double timeout_s = 10;
};
void AddShellCommand(CLI::App& app, ShellOptions& options);
int RunShell(const ShellOptions& options);

struct UpOptions {
  int workers = 2;
  std::string broker;  // empty: start one
  std::string topic_prefix = "thingsjs";
  bool demo = false;
  double migrate_every_s = 3;
  double for_s = 0;  // 0: until a signal
};
void AddUpCommand(CLI::App& app, UpOptions& options);
int RunUp(const UpOptions& options);

}  // namespace thingsjs::cli

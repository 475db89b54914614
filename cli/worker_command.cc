// `thingsjs worker`: a worker process (actors/worker.h) until SIGINT or SIGTERM.
#include <CLI/CLI.hpp>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "actors/mqtt_client.h"
#include "actors/supervisor_messages.h"
#include "actors/worker.h"
#include "cli/commands.h"
#include "proto/control_codec.h"
#include "runtime/clock.h"
#include "runtime/platform.h"
#include "runtime/watchdog.h"

namespace thingsjs::cli {

void AddWorkerCommand(CLI::App& app, WorkerOptions& options) {
  CLI::App* cmd = app.add_subcommand("worker", "Run a worker: it hosts programs that the cluster's shell and scheduler start and move");
  cmd->add_option("--broker", options.broker, "The cluster's MQTT broker (mqtt://host:port)")->capture_default_str();
  cmd->add_option("--username", options.username, "MQTT user name");
  cmd->add_option("--password-file", options.password_file, "A file holding the MQTT password")->check(CLI::ExistingFile);
  cmd->add_option("--ca-file", options.ca_file, "TLS: the CA that signed the broker's certificate")->check(CLI::ExistingFile);
  cmd->add_option("--id", options.id, "The worker's id, unique in the cluster (default: the host name)");
  cmd->add_option("--topic-prefix", options.topic_prefix, "The cluster's topic prefix")->capture_default_str();
  cmd->add_option("--label", options.labels, "KEY=VALUE describing the worker, for placement (repeatable)")
      ->each([](const std::string& kv) {
        if (kv.find('=') == std::string::npos || kv.front() == '=')
          throw CLI::ValidationError("--label", "expected KEY=VALUE, got '" + kv + "'");
      });
  cmd->add_option("--metrics-interval", options.metrics_interval_s, "Seconds between metrics reports")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--migrate-timeout", options.migrate_timeout_s,
                  "Seconds a target worker has to restore a moving program before it goes on here")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--max-heap-mb", options.max_heap_mb, "Heap limit of each program in MB")->capture_default_str()->check(CLI::Range(8, 1 << 20));
  cmd->add_option("--max-task-ms", options.max_task_ms, "CPU budget of one macrotask of a program in ms (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--max-programs", options.max_programs, "Programs this worker hosts at most")->capture_default_str()->check(CLI::Range(1, 1000000));
  cmd->footer(
      "Stops cleanly on SIGINT or SIGTERM: its programs end and it says it is offline.\n\n"
      "Example:\n  thingsjs worker --broker mqtt://hub.local:1883 --id pi-kitchen --label room=kitchen");
}

int RunWorker(const WorkerOptions& options, const char* argv0) {
  actors::WorkerConfig config;
  if (!ParseBroker(options.broker, &config.mqtt)) {
    std::cerr << "thingsjs: --broker: expected mqtt://host:port, got '" << options.broker << "'\n";
    return 2;
  }
  config.mqtt.username = options.username;
  config.mqtt.ca_file = options.ca_file;
  config.mqtt.keepalive_s = options.keepalive_s;
  if (!options.password_file.empty()) {
    if (!ReadFile(options.password_file, &config.mqtt.password)) return 2;
    while (!config.mqtt.password.empty() && (config.mqtt.password.back() == '\n' || config.mqtt.password.back() == '\r')) {
      config.mqtt.password.pop_back();
    }
  }
  config.id = options.id;
  if (config.id.empty()) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    config.id = host;
  }
  if (!proto::Topics::IsValidId(config.id)) {
    std::cerr << "thingsjs: --id: '" << config.id << "' is not a valid id (1 to 128 bytes, no '/', '+', '#')\n";
    return 2;
  }
  if (options.topic_prefix.empty() || options.topic_prefix.find_first_of("+#") != std::string::npos) {
    std::cerr << "thingsjs: --topic-prefix: '" << options.topic_prefix << "' is not a topic prefix\n";
    return 2;
  }
  config.prefix = options.topic_prefix;
  for (const std::string& kv : options.labels) {
    size_t eq = kv.find('=');
    config.labels[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  config.version = THINGSJS_VERSION;
  config.metrics_interval_s = options.metrics_interval_s;
  config.migrate_timeout_s = options.migrate_timeout_s;
  config.max_heap_mb = options.max_heap_mb;
  config.max_task_ms = options.max_task_ms;
  config.max_programs = options.max_programs;

  // The signals are taken by this thread alone: every thread started from here on blocks them.
  sigset_t signals = TakeStopSignals();

  runtime::V8Platform platform(argv0);
  runtime::SteadyClock clock;
  runtime::Watchdog watchdog;
  config.platform = &platform;
  config.clock = &clock;
  config.watchdog = &watchdog;
  int code = 0;
  {
    caf::actor_system_config cfg;
    caf::actor_system system{cfg};
    caf::actor worker = actors::SpawnWorker(system, config);
    std::cerr << "thingsjs: worker " << config.id << " on " << options.broker << " (prefix " << config.prefix << ")\n";
    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "thingsjs: worker " << config.id << ": stopping\n";
    caf::scoped_actor self{system};
    self->request(worker, std::chrono::seconds(15), actors::stop_atom::value)
        .receive([](bool) {},
                 [&](caf::error& e) {
                   std::cerr << "thingsjs: worker " << config.id << ": unclean stop: " << system.render(e) << "\n";
                   code = 1;
                 });
  }
  return code;
}

}  // namespace thingsjs::cli

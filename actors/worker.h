#pragma once
// The worker: one actor per worker process. It owns the process's MQTT bridge (whose last will
// marks the worker offline), announces itself (retained <prefix>/workers/<id>/status), publishes
// metrics, takes commands on <prefix>/workers/<id>/cmd and on <prefix>/procs/<pid>/cmd for each
// program it hosts, and hosts each program in a supervisor (actors/supervisor.h). It moves a
// program to another worker in two phases: the program stops and is captured here (its MQTT
// session handed over exactly); the target restores it and answers; only then is it dropped
// here. If the target refuses or does not answer in time, the program goes on here.
//
// Messages: (stop_atom) -> bool: every program is ended, the worker says it is offline, quits.

#include <caf/fwd.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "actors/mqtt_client.h"
#include "actors/program_session.h"

namespace thingsjs::runtime {
class Clock;
class V8Platform;
class Watchdog;
}  // namespace thingsjs::runtime

namespace thingsjs::actors {

struct WorkerConfig {
  std::string id;
  std::string prefix = "thingsjs";
  MqttOptions mqtt;  // the broker; the worker sets its client id and last will
  std::map<std::string, std::string> labels;
  std::string version;
  double metrics_interval_s = 5;
  double migrate_timeout_s = 30;   // for the target to restore and answer
  size_t max_heap_mb = 128;        // per program
  double max_task_ms = 0;          // per macrotask of a program; 0: no limit
  size_t max_programs = 1000;
  // Shared by every program; they outlive the worker.
  runtime::V8Platform* platform = nullptr;
  runtime::Clock* clock = nullptr;
  runtime::Watchdog* watchdog = nullptr;
  // What the worker talks through; empty: SpawnMqttBridge with `mqtt` (and the worker's last
  // will). The actors' unit tests substitute in-process ones (see SupervisorConfig).
  std::function<caf::actor(caf::actor_system&, const MqttOptions&)> make_bridge;
  std::function<std::unique_ptr<ProgramSession>(const MqttOptions&, std::string* error)> make_session;
  bool own_threads = true;  // each program's supervisor on a thread of its own
};

caf::actor SpawnWorker(caf::actor_system& system, WorkerConfig config);

}  // namespace thingsjs::actors

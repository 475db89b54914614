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
#include <map>
#include <string>

#include "actors/mqtt_client.h"

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
};

caf::actor SpawnWorker(caf::actor_system& system, WorkerConfig config);

}  // namespace thingsjs::actors

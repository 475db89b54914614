#pragma once
// The per-process supervisor: one actor per JavaScript program on a worker. It owns the
// runtime::Program and the program's own MQTT session (its `require('things')` traffic), and
// drives the program's event loop from its mailbox: a turn when something is ready, a delayed
// message for the next timer, a wake-up when a message arrives. Control commands arrive in the
// same mailbox, between turns. Console output goes to <prefix>/procs/<pid>/console and status
// transitions to <prefix>/procs/<pid>/status (retained) through the process's MQTT bridge.
//
// Each supervisor runs on a thread of its own (a detached actor): a busy program delays only
// itself, and a program that crashes or is killed ends only its supervisor.
//
// Messages (actors/supervisor_messages.h):
//   (started_atom)        -> std::string: answered once the program started (or was restored):
//                            empty, or why it could not be
//   (pause_atom) / (resume_atom) / (kill_atom)  -> std::string: empty, or why not
//   (snapshot_atom)       -> (error, bytes): a capture at the next macrotask boundary
//   (suspend_atom)        -> (error, bytes): the first phase of a migration: the program stops,
//                            its MQTT session is handed over exactly (MqttClient::Suspend), and
//                            it is captured. Then either (drop_atom): it moved, the supervisor
//                            ends without ending the session; or (abort_atom): it goes on here.
//                            Meanwhile pause, resume and kill are refused.
//   (logs_atom)           -> std::vector<std::string>: the latest console lines, serialized
//                            ConsoleLine messages, oldest first
//   (metrics_atom)        -> std::string: a serialized ProcMetrics since the previous call
// When the program ends, the supervisor sends (exited_atom, pid) to its worker and quits.

#include <caf/fwd.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/mqtt_client.h"
#include "actors/program_session.h"
#include "runtime/program.h"

namespace thingsjs::runtime {
class Clock;
class V8Platform;
class Watchdog;
}  // namespace thingsjs::runtime

namespace thingsjs::actors {

struct SupervisorConfig {
  std::string pid;
  std::string name;
  std::string worker;       // the worker's id
  std::string prefix;       // the cluster's topic prefix
  MqttOptions mqtt;         // the broker; the supervisor sets the client id and session
  runtime::ProgramOptions program;
  // Exactly one of these: the source to start, a snapshot to continue, or `prepared`: a
  // program about to move here, whose snapshot comes in (restore_atom, snapshot, name,
  // migrations, lines, deadline_unix_ms) -> std::string (empty, or why it could not be
  // restored) within `prepared_for_s`.
  std::string source;
  std::string snapshot;
  bool prepared = false;
  double prepared_for_s = 30;
  bool moving = false;      // a program moving here from another worker (set with `prepared`)
  uint64_t deadline_unix_ms = 0;  // a move: when its source stops waiting (0: none)
  uint32_t migrations = 0;  // moves before this one (a restored program)
  std::vector<std::string> lines;  // console history carried by a migration (serialized)
  size_t history = 200;     // console lines kept for `logs`
  // Shared by every program of the worker; they outlive the supervisor.
  runtime::V8Platform* platform = nullptr;
  runtime::Clock* clock = nullptr;
  runtime::Watchdog* watchdog = nullptr;
  uint32_t session_expiry_s = 300;  // how long the broker keeps a moving program's messages
  // Makes the program's session from the options the supervisor completed (client id, fence);
  // empty: an MQTT session (MqttTransport). Tests substitute an in-process one.
  std::function<std::unique_ptr<ProgramSession>(const MqttOptions&, std::string* error)> make_session;
  // A thread of its own (a detached actor), so that a busy program delays only itself. Tests
  // under CAF's deterministic scheduler turn it off.
  bool own_thread = true;
};

// The MQTT client id of a program's session (the same on every worker it runs on).
std::string ProgramClientId(const std::string& prefix, const std::string& pid);

caf::actor SpawnSupervisor(caf::actor_system& system, SupervisorConfig config, const caf::actor& bridge,
                           const caf::actor& worker);

}  // namespace thingsjs::actors

#pragma once
// The messages between a worker and its supervisors (actors/supervisor.h, actors/worker.h).
// Local only: across processes everything travels as MQTT.

#include <caf/atom.hpp>

namespace thingsjs::actors {

using pause_atom = caf::atom_constant<caf::atom("pause")>;
using resume_atom = caf::atom_constant<caf::atom("resume")>;
using kill_atom = caf::atom_constant<caf::atom("kill")>;
using snapshot_atom = caf::atom_constant<caf::atom("snapshot")>;
using suspend_atom = caf::atom_constant<caf::atom("suspend")>;
using drop_atom = caf::atom_constant<caf::atom("drop")>;
using logs_atom = caf::atom_constant<caf::atom("logs")>;
using metrics_atom = caf::atom_constant<caf::atom("metrics")>;
using exited_atom = caf::atom_constant<caf::atom("exited")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;
using abort_atom = caf::atom_constant<caf::atom("abort")>;
using restore_atom = caf::atom_constant<caf::atom("restore")>;
using capture_atom = caf::atom_constant<caf::atom("capture")>;
using started_atom = caf::atom_constant<caf::atom("started")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using timeout_atom = caf::atom_constant<caf::atom("timeout")>;

}  // namespace thingsjs::actors

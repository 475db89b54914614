#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace thingsjs::runtime {

class Clock;
class Output;
class Transport;
class V8Platform;
class Watchdog;

// What a program is started with. Everything it can see of the host is listed here.
struct ProgramOptions {
  std::string filename = "program.js";  // shown in errors and stack traces
  std::vector<std::string> argv;        // process.argv after the executable and the file
  std::map<std::string, std::string> env;  // process.env: explicitly passed values only
  std::string id;      // require('things').id
  std::string worker;  // require('things').worker
  size_t max_heap_mb = 128;   // V8 heap limit; exceeding it ends the program, not the process
  double max_task_ms = 0;     // CPU budget of one macrotask; 0: no limit
  // Run the program through the migration transform (instrument/transform.h), so that its
  // state can be captured; errors and stack traces still point at the original source.
  bool instrument = false;
};

// What the program needs from outside; all borrowed, and all must outlive the Program.
struct ProgramHost {
  V8Platform* platform = nullptr;
  Clock* clock = nullptr;
  Output* output = nullptr;
  Transport* transport = nullptr;  // may be null: publish/subscribe then throw
  Watchdog* watchdog = nullptr;    // required when max_task_ms > 0
};

// Why a program stopped.
struct ProgramExit {
  int code = 0;
  std::string error;  // empty for a normal end or process.exit; else what went wrong
};

// One JavaScript program: a V8 isolate and context, its host state (timers, immediates,
// subscriptions, incoming messages) and its event loop. The loop is driven from outside,
// one turn at a time, so that the CLI driver and (later) a CAF supervisor actor can both
// run it; any thread may drive it, one at a time. Nothing a program does can crash the
// process: errors, limits and exits all end in ProgramExit.
class Program {
 public:
  static std::unique_ptr<Program> Create(const ProgramOptions& options, const ProgramHost& host);
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // Compiles and runs the top-level code (one macrotask). Errors end the program.
  void Start(std::string_view source);

  // One turn of the event loop at the clock's current time: due timers, then incoming
  // messages, then the immediates queued before the turn. Microtasks run after each callback.
  void RunOnce();

  // Whether RunOnce has something to do right now (without waiting).
  bool HasReadyWork();
  // Whether the program keeps running: not exited, and it has referenced timers, immediates,
  // subscriptions, queued messages or pending host work.
  bool IsAlive();
  // The due time of the earliest timer (referenced or not), if any.
  std::optional<double> NextTimerDueMs();

  // Called from any thread when something arrives for the program (a message, a kill); the
  // driver uses it to wake up. It runs under an internal lock, so it must only signal (never
  // call back into the Program); once SetWakeCallback(nullptr) returns, no call is running.
  void SetWakeCallback(std::function<void()> wake);

  // Ends the program from any thread (e.g. a kill command); running JS is interrupted.
  void Terminate(int code, std::string reason);

  bool exited() const;
  // Program time: ms since the program started (across migrations), on the host's clock.
  double ProgramTimeMs();
  // How the program ended: after an exit or error, that; after a natural end, code 0 or
  // the program's `process.exitCode`.
  ProgramExit exit() const;

  // Captures the program between macrotasks (call it between RunOnce calls) into a snapshot
  // (proto/snapshot.proto, in its envelope). Returns an empty string on success; otherwise
  // what cannot be captured and where ("not migratable: globals.job: a suspended
  // generator"), and the program keeps running untouched.
  std::string Capture(std::string* bytes);

  // Does ahead the part of a capture that does not depend on the program's state (listing the
  // built-ins, a few milliseconds), so that a capture soon after stops the program for less
  // time. Optional; call it between RunOnce calls. It is undone by the next successful capture.
  void PrepareCapture();

  // Continues a captured program instead of starting one (call it instead of Start): the
  // heap, timers and subscriptions come back, and the top-level code does not run again. The
  // snapshot's file name, argv, env and id replace the options'. Returns an empty string, or
  // why the snapshot cannot be restored; the program has then ended with that error (code 1).
  std::string Restore(std::string_view snapshot);

  struct Stats {
    size_t heap_used_bytes = 0;
    size_t heap_total_bytes = 0;
    size_t heap_peak_bytes = 0;  // the most heap in use seen when a garbage collection began
    size_t external_bytes = 0;
    uint64_t tasks_run = 0;
  };
  Stats GetStats();

  class Impl;

 private:
  explicit Program(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Runs a started program until it has nothing left to do or exits, sleeping on the clock
// between turns. Returns how it ended.
ProgramExit RunToCompletion(Program& program, Clock& clock);

// Runs a started program like RunToCompletion, but stops at the first macrotask boundary at or
// after clock time `stop_ms`. Returns true when it stopped there (the program is still alive),
// false when the program ended first.
// With `max_turns`, it also stops once it has run that many turns of the event loop.
bool RunUntil(Program& program, Clock& clock, double stop_ms, uint64_t max_turns = UINT64_MAX);

// Captures a program stopped at a macrotask boundary (Program::Capture). What refuses a
// capture is often passing (an async function awaiting a timer, a generator half way): when
// refused, the program runs one more turn and the capture is tried again, at most `attempts`
// times in all. Returns an empty string once `bytes` holds a snapshot; else the last reason
// (the program then stands at a later boundary, or has ended).
std::string CaptureAtBoundary(Program& program, Clock& clock, std::string* bytes, int attempts = 1000);

}  // namespace thingsjs::runtime

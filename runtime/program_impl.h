#pragma once
// Private to runtime/: the inside of a Program. Includes V8, so only runtime .cc files may
// include it.

#include <v8.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "instrument/transform.h"
#include "runtime/program.h"
#include "runtime/transport.h"
#include "runtime/watchdog.h"

namespace thingsjs::runtime {

// Counts and caps the memory of ArrayBuffers, which live outside the V8 heap, so that
// `new ArrayBuffer(1e10)` fails with a RangeError instead of exhausting the device.
class LimitedArrayBufferAllocator final : public v8::ArrayBuffer::Allocator {
 public:
  explicit LimitedArrayBufferAllocator(size_t limit) : limit_(limit) {}
  void* Allocate(size_t length) override;
  void* AllocateUninitialized(size_t length) override;
  void Free(void* data, size_t length) override;
  size_t used() const { return used_.load(); }

 private:
  bool Reserve(size_t length);
  size_t limit_;
  std::atomic<size_t> used_{0};
};

class Program::Impl final : public MessageSink {
 public:
  Impl(const ProgramOptions& options, const ProgramHost& host);
  ~Impl() override;

  // --- driven from Program -------------------------------------------------------------
  void Start(std::string_view source);
  void RunOnce();
  bool HasReadyWork();
  bool IsAlive();
  std::optional<double> NextTimerDueMs();
  void Terminate(int code, std::string reason);
  Program::Stats GetStats();
  std::string Capture(std::string* bytes);  // snapshot.cc
  void PrepareCapture();                    // snapshot.cc
  std::string Restore(std::string_view snapshot);  // restore.cc

  // --- MessageSink (transport thread) --------------------------------------------------
  void OnMessage(const std::string& filter, const std::string& topic,
                 const std::string& payload) override;

  // --- used by the host API (host_api.cc) ----------------------------------------------
  struct Timer {
    uint64_t id = 0;
    bool immediate = false;
    bool repeat = false;
    bool ref = true;
    double delay_ms = 1;
    double due_ms = 0;
    uint64_t seq = 0;  // creation order, breaks ties between equal due times
    v8::Global<v8::Function> callback;
    v8::Global<v8::Object> handle;  // `this` of the callback (the Timeout/Immediate object)
    std::vector<v8::Global<v8::Value>> args;
  };
  uint64_t AddTimer(v8::Local<v8::Function> callback, double delay_ms, bool repeat,
                    bool immediate, v8::Local<v8::Object> handle,
                    std::vector<v8::Local<v8::Value>> args);
  void ClearTimer(uint64_t id);
  void SetTimerRef(uint64_t id, bool ref);
  void RefreshTimer(uint64_t id);

  // Returns an error message, or empty on success.
  std::string Subscribe(const std::string& filter, v8::Local<v8::Function> handler);
  void Unsubscribe(const std::string& filter, v8::Local<v8::Function> handler);
  std::string Publish(const std::string& topic, const std::string& json);

  // process.exit(code) and uncaught errors from callbacks that cannot throw to us.
  v8::MaybeLocal<v8::Value> RunInternal(v8::Local<v8::Context> context, std::string_view name,
                                        std::string_view source);
  void RequestExit(int code);
  void SetExitCodeHint(int code) { exit_code_hint_ = code; }
  void ReportUncaught(v8::Local<v8::Value> exception, v8::Local<v8::Message> message);

  v8::Isolate* isolate() const { return isolate_; }
  v8::Local<v8::Context> context() const { return context_.Get(isolate_); }
  const ProgramOptions& options() const { return options_; }
  Output& output() const { return *host_.output; }
  Clock& clock() const { return *host_.clock; }
  double loop_time_ms() const { return loop_time_ms_; }
  double start_time_ms() const { return start_time_ms_; }

 private:
  friend class EntryScope;
  enum class Termination { kNone, kExit, kCpu, kHeap, kKill };

  void InstallHostApi(v8::Local<v8::Context> context);  // host_api.cc
  void FillCodeCache();                                  // host_api.cc
  bool Bootstrap(v8::Local<v8::Context> context);
  void KeepTopAccessor(v8::Local<v8::Context> context);

  // Runs one macrotask: `body` under a TryCatch, then the microtask checkpoint, then the
  // unhandled-rejection check. Any failure ends the program.
  template <typename Body>
  void RunTask(Body&& body);
  void BeginTask();
  void EndTask(v8::TryCatch& try_catch);

  void RunTimer(uint64_t id);
  void DeliverMessage(const std::string& filter, const std::string& topic,
                      const std::string& payload);

  // Ends the program; the error goes to its stderr unless `report` is false.
  void Finish(int code, std::string error, bool report = true);
  std::string FormatException(v8::Local<v8::Value> exception, v8::Local<v8::Message> message,
                              const char* prefix);

  // err.stack for instrumented programs: V8's format, positions mapped to the original.
  static v8::MaybeLocal<v8::Value> PrepareStackTrace(v8::Local<v8::Context> context, v8::Local<v8::Value> error,
                                                     v8::Local<v8::Array> sites);
  v8::MaybeLocal<v8::Value> FormatStack(v8::Local<v8::Context> context, v8::Local<v8::Value> error,
                                        v8::Local<v8::Array> sites);
  static void PromiseRejectCallback(v8::PromiseRejectMessage message);
  static void GcPrologue(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* data);
  static size_t NearHeapLimit(void* data, size_t current_limit, size_t initial_limit);

  ProgramOptions options_;
  ProgramHost host_;
  std::unique_ptr<LimitedArrayBufferAllocator> allocator_;
  v8::Isolate* isolate_ = nullptr;
  v8::Global<v8::Context> context_;
  v8::Global<v8::Function> inspect_;
  std::vector<std::pair<std::string, v8::Global<v8::UnboundScript>>> uncached_scripts_;  // console's inspect, for reporting thrown non-errors

  // Timers and immediates (the runtime owns this host state).
  std::map<uint64_t, Timer> timers_;
  std::set<std::tuple<double, uint64_t, uint64_t>> timer_queue_;  // (due, seq, id)
  std::deque<uint64_t> immediates_;
  uint64_t next_timer_id_ = 1;
  uint64_t next_seq_ = 1;
  size_t refed_timers_ = 0;
  size_t live_immediates_ = 0;
  double loop_time_ms_ = 0;

  // Subscriptions: filter -> handlers, in subscription order.
  std::map<std::string, std::vector<v8::Global<v8::Function>>> subscriptions_;
  std::vector<std::string> filter_order_;  // the filters in subscriptions_, oldest first

  struct Message {
    std::string filter, topic, payload;
  };
  std::mutex inbox_mutex_;
  std::deque<Message> inbox_;
  std::function<void()> wake_;

  struct Rejection {
    v8::Global<v8::Promise> promise;
    v8::Global<v8::Value> value;
  };
  std::vector<Rejection> pending_rejections_;

  // Termination can be requested from other threads (watchdog, kill).
  std::mutex term_mutex_;
  Termination termination_ = Termination::kNone;
  bool task_active_ = false;
  uint64_t task_generation_ = 0;
  Watchdog::Token watchdog_token_ = 0;
  int pending_exit_code_ = 0;
  std::string pending_exit_reason_;

  // The program as written and, when instrumented, the transform's result (positions in
  // errors are mapped back through `positions_`).
  std::string source_;
  std::unique_ptr<instrument::InstrumentResult> instrumented_;
  std::unique_ptr<instrument::PositionMap> positions_;
  std::string not_migratable_;  // why the program cannot migrate, when it cannot
  int user_script_id_ = -1;
  std::set<std::string> pristine_globals_;  // global names before the program ran: built-ins
  v8::Global<v8::Symbol> env_symbol_;      // the key of the migration links (bootstrap.js)
  v8::Global<v8::Symbol> bound_symbol_;    // the key of what a bound function was bound to
  v8::Global<v8::Object> host_objects_;    // host classes no global names, by snapshot name
  v8::Global<v8::Object> host_symbols_;    // the host's own symbols, by snapshot name
  v8::Global<v8::Function> make_tracer_;   // bootstrap.js makeTracer, for captures
  v8::Global<v8::Map> builtins_cache_;     // built-in object -> path, kept between capture attempts
  bool MakeTracer(v8::Local<v8::Context> context, v8::Local<v8::Object>* tracer);           // snapshot.cc
  bool ListBuiltins(v8::Local<v8::Context> context, v8::Local<v8::Object> tracer);  // into builtins_cache_
  v8::Global<v8::Function> top_accessor_;  // the accessor of the top-level scope, if exposed
  std::unique_ptr<instrument::FunctionSites> sites_;  // made at the first capture or restore
  std::string restore_script_;             // what a restored program runs (positions_ maps it)
  double start_time_ms_ = 0;               // clock time when the program started
  uint32_t migrations_ = 0;
  std::vector<std::string> history_;

  bool started_ = false;
  int exit_code_hint_ = 0;  // process.exitCode
  bool exited_ = false;
  ProgramExit exit_;
  uint64_t tasks_run_ = 0;
  size_t heap_peak_bytes_ = 0;

  friend class Program;
};

// Enters the program's isolate and context on the calling thread.
class EntryScope {
 public:
  explicit EntryScope(Program::Impl& impl)
      : locker_(impl.isolate()),
        isolate_scope_(impl.isolate()),
        handle_scope_(impl.isolate()),
        context_(impl.context()),
        context_scope_(context_) {}
  v8::Local<v8::Context> context() const { return context_; }

 private:
  v8::Locker locker_;
  v8::Isolate::Scope isolate_scope_;
  v8::HandleScope handle_scope_;
  v8::Local<v8::Context> context_;
  v8::Context::Scope context_scope_;
};

// Small V8 helpers shared by the runtime's .cc files.
inline v8::Local<v8::String> V8Str(v8::Isolate* isolate, std::string_view s) {
  return v8::String::NewFromUtf8(isolate, s.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(s.size()))
      .ToLocalChecked();
}
std::string ToStdString(v8::Isolate* isolate, v8::Local<v8::Value> value);

// The well-known symbols by the name a snapshot gives them ("iterator": Symbol.iterator).
struct WellKnownSymbol {
  const char* name;
  v8::Local<v8::Symbol> (*get)(v8::Isolate*);
};
inline constexpr WellKnownSymbol kWellKnownSymbols[] = {
    {"asyncIterator", v8::Symbol::GetAsyncIterator}, {"hasInstance", v8::Symbol::GetHasInstance},
    {"isConcatSpreadable", v8::Symbol::GetIsConcatSpreadable}, {"iterator", v8::Symbol::GetIterator},
    {"match", v8::Symbol::GetMatch}, {"replace", v8::Symbol::GetReplace}, {"search", v8::Symbol::GetSearch},
    {"split", v8::Symbol::GetSplit}, {"toPrimitive", v8::Symbol::GetToPrimitive},
    {"toStringTag", v8::Symbol::GetToStringTag}, {"unscopables", v8::Symbol::GetUnscopables}};

}  // namespace thingsjs::runtime

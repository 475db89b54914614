#include "runtime/program.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "runtime/clock.h"
#include "runtime/output.h"
#include "runtime/program_impl.h"

namespace thingsjs::runtime {

namespace js {
extern const std::string_view kBootstrapJs;
}  // namespace js

namespace {
constexpr size_t kMiB = 1024 * 1024;

// A user-supplied string for an error message: its start, if it is long.
std::string Shorten(const std::string& s) { return s.size() <= 100 ? s : s.substr(0, 100) + "..."; }
constexpr int kImplSlot = 0;  // isolate data slot holding Program::Impl*

Program::Impl* ImplOf(v8::Isolate* isolate) {
  return static_cast<Program::Impl*>(isolate->GetData(kImplSlot));
}
}  // namespace

std::string ToStdString(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::String::Utf8Value utf8(isolate, value);
  return *utf8 ? std::string(*utf8, static_cast<size_t>(utf8.length())) : std::string();
}

// --- LimitedArrayBufferAllocator ----------------------------------------------------------

bool LimitedArrayBufferAllocator::Reserve(size_t length) {
  size_t used = used_.load();
  do {
    if (length > limit_ || used > limit_ - length) return false;
  } while (!used_.compare_exchange_weak(used, used + length));
  return true;
}

void* LimitedArrayBufferAllocator::Allocate(size_t length) {
  if (!Reserve(length)) return nullptr;
  void* p = std::calloc(length ? length : 1, 1);
  if (!p) used_ -= length;
  return p;
}

void* LimitedArrayBufferAllocator::AllocateUninitialized(size_t length) {
  if (!Reserve(length)) return nullptr;
  void* p = std::malloc(length ? length : 1);
  if (!p) used_ -= length;
  return p;
}

void LimitedArrayBufferAllocator::Free(void* data, size_t length) {
  std::free(data);
  used_ -= length;
}

// --- Program::Impl: life cycle ------------------------------------------------------------

Program::Impl::Impl(const ProgramOptions& options, const ProgramHost& host)
    : options_(options), host_(host) {
  // ArrayBuffers may use as much memory outside the heap as the heap itself.
  allocator_ = std::make_unique<LimitedArrayBufferAllocator>(options_.max_heap_mb * kMiB);
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = allocator_.get();
  params.constraints.ConfigureDefaultsFromHeapSize(0, options_.max_heap_mb * kMiB);
  isolate_ = v8::Isolate::New(params);
  isolate_->SetData(kImplSlot, this);

  v8::Locker locker(isolate_);
  v8::Isolate::Scope isolate_scope(isolate_);
  v8::HandleScope handle_scope(isolate_);
  isolate_->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);
  isolate_->SetPromiseRejectCallback(&Impl::PromiseRejectCallback);
  isolate_->AddNearHeapLimitCallback(&Impl::NearHeapLimit, this);
  isolate_->AddGCPrologueCallback(&Impl::GcPrologue, this);
  isolate_->SetCaptureStackTraceForUncaughtExceptions(true, 10);

  v8::Local<v8::Context> context = v8::Context::New(isolate_);
  context_.Reset(isolate_, context);
  loop_time_ms_ = host_.clock->NowMs();
}

Program::Impl::~Impl() {
  if (host_.transport) {
    for (auto& [filter, handlers] : subscriptions_) host_.transport->Unsubscribe(filter, this);
  }
  {
    v8::Locker locker(isolate_);
    v8::Isolate::Scope isolate_scope(isolate_);
    timers_.clear();
    subscriptions_.clear();
    pending_rejections_.clear();
    inspect_.Reset();
    env_symbol_.Reset();
    bound_symbol_.Reset();
    host_objects_.Reset();
    host_symbols_.Reset();
    make_tracer_.Reset();
    builtins_cache_.Reset();
    top_accessor_.Reset();
    uncached_scripts_.clear();
    context_.Reset();
  }
  isolate_->Dispose();
}

void Program::Impl::Start(std::string_view source) {
  if (started_) return;
  started_ = true;
  std::string_view code = source;
  if (options_.instrument) {
    source_ = std::string(source);
    instrumented_ = std::make_unique<instrument::InstrumentResult>(instrument::Instrument(source_));
    if (instrumented_->error) {
      Finish(1, instrument::FormatSyntaxError(options_.filename, source_, *instrumented_->error));
      return;
    }
    // eval and with: the transform leaves the program as written, and it cannot migrate.
    not_migratable_ = instrumented_->not_migratable;
    positions_ = std::make_unique<instrument::PositionMap>(source_, instrumented_->code, *instrumented_);
    code = instrumented_->code;
  }
  EntryScope scope(*this);
  v8::Local<v8::Context> context = scope.context();
  if (!Bootstrap(context)) return;
  if (positions_) isolate_->SetPrepareStackTraceCallback(&Impl::PrepareStackTrace);

  // Timers set by the top-level code count from when it starts, not from isolate creation.
  loop_time_ms_ = host_.clock->NowMs();
  start_time_ms_ = loop_time_ms_;
  if (instrumented_) {
    // What the global object holds before the program runs is the built-ins (and the host
    // API): a snapshot refers to those by name instead of copying them.
    v8::Local<v8::Array> names;
    if (context->Global()->GetOwnPropertyNames(context, v8::ALL_PROPERTIES, v8::KeyConversionMode::kConvertToString)
            .ToLocal(&names)) {
      for (uint32_t i = 0; i < names->Length(); ++i) {
        v8::Local<v8::Value> name;
        if (names->Get(context, i).ToLocal(&name) && name->IsString()) pristine_globals_.insert(ToStdString(isolate_, name));
      }
    }
  }
  RunTask([&](v8::Local<v8::Context> ctx) -> bool {
    v8::ScriptOrigin origin(isolate_, V8Str(isolate_, options_.filename));
    v8::ScriptCompiler::Source src(V8Str(isolate_, code), origin);
    v8::Local<v8::Script> script;
    if (!v8::ScriptCompiler::Compile(ctx, &src).ToLocal(&script)) return false;
    user_script_id_ = script->GetUnboundScript()->GetId();
    return !script->Run(ctx).IsEmpty();
  });
  if (instrumented_ && !exited_) KeepTopAccessor(context);
  // The embedded scripts have run (and console has printed, usually): their code is worth
  // caching for the next program.
  if (!uncached_scripts_.empty()) FillCodeCache();
}

void Program::Impl::KeepTopAccessor(v8::Local<v8::Context> context) {
  // Later snapshots start from the top-level scope's accessor, if the program has one.
  for (const instrument::EnvScope& scope : instrumented_->scopes) {
    if (scope.kind != instrument::ScopeKind::kScript) continue;
    std::string name = std::string(instrument::kReservedPrefix) + "e" + std::to_string(scope.id);
    v8::TryCatch try_catch(isolate_);
    v8::Local<v8::Script> script;
    v8::Local<v8::Value> accessor;
    if (v8::Script::Compile(context, V8Str(isolate_, name)).ToLocal(&script) && script->Run(context).ToLocal(&accessor) &&
        accessor->IsFunction()) {
      top_accessor_.Reset(isolate_, accessor.As<v8::Function>());
    }
  }
}

void Program::Impl::GcPrologue(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags, void* data) {
  // Heap use peaks just before a collection.
  auto* self = static_cast<Impl*>(data);
  v8::HeapStatistics hs;
  isolate->GetHeapStatistics(&hs);
  self->heap_peak_bytes_ = std::max(self->heap_peak_bytes_, hs.used_heap_size());
}

v8::MaybeLocal<v8::Value> Program::Impl::PrepareStackTrace(v8::Local<v8::Context> context, v8::Local<v8::Value> error,
                                                           v8::Local<v8::Array> sites) {
  return ImplOf(context->GetIsolate())->FormatStack(context, error, sites);
}

v8::MaybeLocal<v8::Value> Program::Impl::FormatStack(v8::Local<v8::Context> context, v8::Local<v8::Value> error,
                                                     v8::Local<v8::Array> sites) {
  v8::EscapableHandleScope scope(isolate_);
  auto call = [&](v8::Local<v8::Value> receiver, const char* method) -> v8::Local<v8::Value> {
    v8::Local<v8::Value> fn, result;
    if (!receiver->IsObject() || !receiver.As<v8::Object>()->Get(context, V8Str(isolate_, method)).ToLocal(&fn) ||
        !fn->IsFunction() || !fn.As<v8::Function>()->Call(context, receiver, 0, nullptr).ToLocal(&result)) {
      return v8::Local<v8::Value>();
    }
    return result;
  };
  // A program that sets Error.prepareStackTrace gets it called, as in Node.
  v8::Local<v8::Value> error_ctor, user;
  if (context->Global()->Get(context, V8Str(isolate_, "Error")).ToLocal(&error_ctor) && error_ctor->IsObject() &&
      error_ctor.As<v8::Object>()->Get(context, V8Str(isolate_, "prepareStackTrace")).ToLocal(&user) &&
      user->IsFunction()) {
    v8::Local<v8::Value> args[] = {error, sites};
    v8::Local<v8::Value> result;
    if (!user.As<v8::Function>()->Call(context, error_ctor, 2, args).ToLocal(&result)) return {};
    return scope.Escape(result);
  }
  v8::Local<v8::String> header;
  if (!error->ToString(context).ToLocal(&header)) return {};
  std::string text = ToStdString(isolate_, header);
  for (uint32_t i = 0; i < sites->Length(); ++i) {
    v8::Local<v8::Value> site;
    if (!sites->Get(context, i).ToLocal(&site)) return {};
    v8::Local<v8::Value> frame_value = call(site, "toString");
    if (frame_value.IsEmpty()) continue;
    std::string frame = ToStdString(isolate_, frame_value);
    v8::Local<v8::Value> file = call(site, "getFileName"), line = call(site, "getLineNumber"),
                         column = call(site, "getColumnNumber");
    if (positions_ && !file.IsEmpty() && ToStdString(isolate_, file) == options_.filename && !line.IsEmpty() &&
        line->IsNumber() && !column.IsEmpty() && column->IsNumber()) {
      uint32_t l = static_cast<uint32_t>(line.As<v8::Number>()->Value());
      uint32_t c = static_cast<uint32_t>(column.As<v8::Number>()->Value());
      if (l > 0 && c > 0) {
        instrument::SourcePosition p = positions_->Original(l, c - 1);
        std::string from = ":" + std::to_string(l) + ":" + std::to_string(c);
        size_t at = frame.rfind(from);
        if (at != std::string::npos) {
          frame.replace(at, from.size(), ":" + std::to_string(p.line) + ":" + std::to_string(p.column + 1));
        }
      }
    }
    text += "\n    at " + frame;
  }
  return scope.Escape(V8Str(isolate_, text));
}

bool Program::Impl::Bootstrap(v8::Local<v8::Context> context) {
  v8::TryCatch try_catch(isolate_);
  InstallHostApi(context);
  if (try_catch.HasCaught()) {
    Finish(70, "internal error: bootstrap failed: " +
                   FormatException(try_catch.Exception(), try_catch.Message(), ""));
    return false;
  }
  return true;
}

// --- tasks --------------------------------------------------------------------------------

void Program::Impl::BeginTask() {
  ++tasks_run_;
  std::lock_guard<std::mutex> lock(term_mutex_);
  task_active_ = true;
  uint64_t generation = ++task_generation_;
  // A kill or exit requested between tasks stops this one before any of its JS runs.
  if (termination_ != Termination::kNone) isolate_->TerminateExecution();
  if (options_.max_task_ms <= 0 || !host_.watchdog) return;
  watchdog_token_ = host_.watchdog->Arm(options_.max_task_ms, [this, generation] {
    // Runs on the watchdog thread; Disarm waits for it, so `this` is alive here. The
    // generation check keeps a late expiry from hitting a later task.
    std::lock_guard<std::mutex> inner(term_mutex_);
    if (!task_active_ || task_generation_ != generation || termination_ != Termination::kNone) return;
    termination_ = Termination::kCpu;
    isolate_->TerminateExecution();
  });
}

template <typename Body>
void Program::Impl::RunTask(Body&& body) {
  if (exited_) return;
  BeginTask();
  v8::TryCatch try_catch(isolate_);
  v8::Local<v8::Context> context = this->context();
  bool ok = body(context);
  if (ok && !try_catch.HasCaught() && !isolate_->IsExecutionTerminating()) {
    isolate_->PerformMicrotaskCheckpoint();
  }
  EndTask(try_catch);
}

void Program::Impl::EndTask(v8::TryCatch& try_catch) {
  // An uncaught error or unhandled rejection is formatted while the task is still armed:
  // formatting may run the program's own code (a `stack` getter, a Proxy), which the CPU
  // limit and a kill must still be able to stop.
  std::string error;
  if (!try_catch.HasTerminated() && !isolate_->IsExecutionTerminating()) {
    if (try_catch.HasCaught()) {
      error = FormatException(try_catch.Exception(), try_catch.Message(), "");
    } else if (!pending_rejections_.empty()) {
      v8::HandleScope scope(isolate_);
      v8::Local<v8::Value> value = pending_rejections_.front().value.Get(isolate_);
      pending_rejections_.clear();
      v8::Local<v8::Message> message = v8::Exception::CreateMessage(isolate_, value);
      error = FormatException(value, message, "Uncaught (in promise) ");
    }
  }
  // Disarm outside term_mutex_: Disarm waits for an expiry callback in flight, which takes it.
  Watchdog::Token token;
  {
    std::lock_guard<std::mutex> lock(term_mutex_);
    token = watchdog_token_;
    watchdog_token_ = 0;
  }
  if (token) host_.watchdog->Disarm(token);
  Termination termination;
  {
    std::lock_guard<std::mutex> lock(term_mutex_);
    task_active_ = false;
    termination = termination_;
  }
  if (termination != Termination::kNone || try_catch.HasTerminated() || isolate_->IsExecutionTerminating()) {
    isolate_->CancelTerminateExecution();
    switch (termination) {
      case Termination::kExit:
      case Termination::kKill:
      case Termination::kNone:
        Finish(pending_exit_code_, pending_exit_reason_);
        break;
      case Termination::kCpu:
        Finish(1, options_.filename + ": Error: CPU time limit exceeded: a task ran for more "
                   "than " + std::to_string(static_cast<long long>(options_.max_task_ms)) +
                   " ms (--max-task-ms)");
        break;
      case Termination::kHeap:
        Finish(1, options_.filename + ": Error: heap limit exceeded: the program needed more "
                   "than " + std::to_string(options_.max_heap_mb) + " MB (--max-heap-mb)");
        break;
    }
    return;
  }
  if (!error.empty()) Finish(1, std::move(error));
}

void Program::Impl::Finish(int code, std::string error, bool report) {
  if (exited_) return;
  exited_ = true;
  exit_.code = code;
  exit_.error = std::move(error);
  if (report && !exit_.error.empty()) {
    std::string text = exit_.error;
    if (text.back() != '\n') text += '\n';
    host_.output->Write(2, text);
  }
  // Drop host state: nothing of an exited program may run again.
  timers_.clear();
  timer_queue_.clear();
  immediates_.clear();
  refed_timers_ = live_immediates_ = 0;
  if (host_.transport) {
    for (auto& [filter, handlers] : subscriptions_) host_.transport->Unsubscribe(filter, this);
  }
  subscriptions_.clear();
  filter_order_.clear();
  std::lock_guard<std::mutex> lock(inbox_mutex_);
  inbox_.clear();
}

void Program::Impl::RequestExit(int code) {
  std::lock_guard<std::mutex> lock(term_mutex_);
  if (termination_ != Termination::kNone) return;
  termination_ = Termination::kExit;
  pending_exit_code_ = code;
  isolate_->TerminateExecution();
}

void Program::Impl::ReportUncaught(v8::Local<v8::Value> exception,
                                   v8::Local<v8::Message> message) {
  std::string text = FormatException(exception, message, "");
  std::lock_guard<std::mutex> lock(term_mutex_);
  if (termination_ != Termination::kNone) return;
  termination_ = Termination::kExit;
  pending_exit_code_ = 1;
  pending_exit_reason_ = std::move(text);
  isolate_->TerminateExecution();
}

void Program::Impl::Terminate(int code, std::string reason) {
  std::lock_guard<std::mutex> lock(term_mutex_);
  if (termination_ != Termination::kNone) return;
  termination_ = Termination::kKill;
  pending_exit_code_ = code;
  pending_exit_reason_ = std::move(reason);
  if (task_active_) {
    isolate_->TerminateExecution();
  }
  // Between tasks, the next RunOnce notices the request; wake the driver for it. The wake
  // callback is called under the inbox lock so that SetWakeCallback(nullptr) guarantees no
  // call is still running when it returns (the driver's Waker may then go away).
  std::lock_guard<std::mutex> inbox_lock(inbox_mutex_);
  if (wake_) wake_();
}

// --- the event loop -----------------------------------------------------------------------

void Program::Impl::RunOnce() {
  if (exited_) return;
  EntryScope scope(*this);
  {
    std::unique_lock<std::mutex> lock(term_mutex_);
    if (termination_ == Termination::kKill) {  // killed between tasks
      int code = pending_exit_code_;
      std::string reason = pending_exit_reason_;
      lock.unlock();
      Finish(code, std::move(reason));
      return;
    }
  }
  loop_time_ms_ = host_.clock->NowMs();

  // Timers phase: every timer due by the start of the turn, by due time then creation order.
  while (!exited_ && !timer_queue_.empty()) {
    auto first = timer_queue_.begin();
    if (std::get<0>(*first) > loop_time_ms_) break;
    uint64_t id = std::get<2>(*first);
    timer_queue_.erase(first);
    RunTimer(id);
  }

  // Poll phase: the messages that had arrived by now.
  std::deque<Message> messages;
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    messages.swap(inbox_);
  }
  while (!exited_ && !messages.empty()) {
    Message m = std::move(messages.front());
    messages.pop_front();
    DeliverMessage(m.filter, m.topic, m.payload);
  }

  // Check phase: immediates queued before it; those they queue wait for the next turn.
  size_t count = immediates_.size();
  for (size_t i = 0; i < count && !exited_; ++i) {
    uint64_t id = immediates_.front();
    immediates_.pop_front();
    RunTimer(id);
  }
}

void Program::Impl::RunTimer(uint64_t id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;  // cleared
  Timer& timer = it->second;
  v8::HandleScope handle_scope(isolate_);
  v8::Local<v8::Function> callback = timer.callback.Get(isolate_);
  v8::Local<v8::Value> receiver = timer.handle.IsEmpty()
                                      ? v8::Local<v8::Value>(v8::Undefined(isolate_))
                                      : v8::Local<v8::Value>(timer.handle.Get(isolate_));
  std::vector<v8::Local<v8::Value>> args;
  args.reserve(timer.args.size());
  for (auto& a : timer.args) args.push_back(a.Get(isolate_));

  if (timer.immediate) {
    --live_immediates_;
    timers_.erase(it);
  } else if (timer.repeat) {
    // Intervals are re-armed from the time their callback starts, as in Node.
    timer.due_ms = loop_time_ms_ + timer.delay_ms;
    timer.seq = next_seq_++;
    timer_queue_.emplace(timer.due_ms, timer.seq, timer.id);
  } else {
    if (timer.ref) --refed_timers_;
    timers_.erase(it);
  }
  RunTask([&](v8::Local<v8::Context> ctx) {
    return !callback->Call(ctx, receiver, static_cast<int>(args.size()), args.data()).IsEmpty();
  });
}

void Program::Impl::DeliverMessage(const std::string& filter, const std::string& topic,
                                   const std::string& payload) {
  auto it = subscriptions_.find(filter);
  if (it == subscriptions_.end()) return;  // unsubscribed since it arrived
  v8::HandleScope handle_scope(isolate_);
  std::vector<v8::Local<v8::Function>> handlers;
  for (auto& h : it->second) handlers.push_back(h.Get(isolate_));
  RunTask([&](v8::Local<v8::Context> ctx) {
    v8::Local<v8::Value> value;
    {
      v8::TryCatch parse_catch(isolate_);
      if (!v8::JSON::Parse(ctx, V8Str(isolate_, payload)).ToLocal(&value)) {
        value = V8Str(isolate_, payload);  // not JSON: deliver the text as it came
      }
    }
    v8::Local<v8::Value> args[] = {value, V8Str(isolate_, topic)};
    for (auto& handler : handlers) {
      if (handler->Call(ctx, v8::Undefined(isolate_), 2, args).IsEmpty()) return false;
    }
    return true;
  });
}

bool Program::Impl::HasReadyWork() {
  if (exited_) return false;
  {
    std::lock_guard<std::mutex> lock(term_mutex_);
    if (termination_ == Termination::kKill) return true;
  }
  if (live_immediates_ > 0) return true;
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    if (!inbox_.empty()) return true;
  }
  return !timer_queue_.empty() &&
         std::get<0>(*timer_queue_.begin()) <= host_.clock->NowMs();
}

bool Program::Impl::IsAlive() {
  if (exited_) return false;
  if (refed_timers_ > 0 || live_immediates_ > 0 || !subscriptions_.empty()) return true;
  std::lock_guard<std::mutex> lock(inbox_mutex_);
  return !inbox_.empty();
}

std::optional<double> Program::Impl::NextTimerDueMs() {
  if (exited_ || timer_queue_.empty()) return std::nullopt;
  return std::get<0>(*timer_queue_.begin());
}

// --- timers -------------------------------------------------------------------------------

uint64_t Program::Impl::AddTimer(v8::Local<v8::Function> callback, double delay_ms, bool repeat,
                                 bool immediate, v8::Local<v8::Object> handle,
                                 std::vector<v8::Local<v8::Value>> args) {
  Timer timer;
  timer.id = next_timer_id_++;
  timer.immediate = immediate;
  timer.repeat = repeat;
  // Node's rule: anything that is not a number in [1, 2^31-1] becomes 1 ms.
  if (!(delay_ms >= 1 && delay_ms <= 2147483647.0)) delay_ms = 1;
  timer.delay_ms = delay_ms;
  timer.due_ms = loop_time_ms_ + timer.delay_ms;
  timer.seq = next_seq_++;
  timer.callback.Reset(isolate_, callback);
  if (!handle.IsEmpty()) timer.handle.Reset(isolate_, handle);
  for (auto& a : args) timer.args.emplace_back(isolate_, a);
  uint64_t id = timer.id;
  if (immediate) {
    immediates_.push_back(id);
    ++live_immediates_;
  } else {
    timer_queue_.emplace(timer.due_ms, timer.seq, id);
    ++refed_timers_;
  }
  timers_.emplace(id, std::move(timer));
  return id;
}

void Program::Impl::ClearTimer(uint64_t id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  Timer& timer = it->second;
  if (timer.immediate) {
    --live_immediates_;  // its id stays queued and is skipped
  } else {
    timer_queue_.erase({timer.due_ms, timer.seq, timer.id});
    if (timer.ref) --refed_timers_;
  }
  timers_.erase(it);
}

void Program::Impl::SetTimerRef(uint64_t id, bool ref) {
  auto it = timers_.find(id);
  if (it == timers_.end() || it->second.immediate || it->second.ref == ref) return;
  it->second.ref = ref;
  if (ref) {
    ++refed_timers_;
  } else {
    --refed_timers_;
  }
}

void Program::Impl::RefreshTimer(uint64_t id) {
  auto it = timers_.find(id);
  if (it == timers_.end() || it->second.immediate) return;
  Timer& timer = it->second;
  timer_queue_.erase({timer.due_ms, timer.seq, timer.id});
  timer.due_ms = loop_time_ms_ + timer.delay_ms;
  timer.seq = next_seq_++;
  timer_queue_.emplace(timer.due_ms, timer.seq, timer.id);
}

// --- publish / subscribe ------------------------------------------------------------------

std::string Program::Impl::Subscribe(const std::string& filter, v8::Local<v8::Function> handler) {
  if (!host_.transport) return "no message bus is attached to this program";
  if (!IsValidTopicFilter(filter)) return "invalid topic filter '" + Shorten(filter) + "'";
  auto& handlers = subscriptions_[filter];
  for (auto& h : handlers) {
    if (h.Get(isolate_)->StrictEquals(handler)) return "";
  }
  bool first = handlers.empty();
  handlers.emplace_back(isolate_, handler);
  if (first) {
    filter_order_.push_back(filter);
    host_.transport->Subscribe(filter, this);
  }
  return "";
}

void Program::Impl::Unsubscribe(const std::string& filter, v8::Local<v8::Function> handler) {
  auto it = subscriptions_.find(filter);
  if (it == subscriptions_.end()) return;
  auto& handlers = it->second;
  if (handler.IsEmpty()) {
    handlers.clear();
  } else {
    for (auto h = handlers.begin(); h != handlers.end(); ++h) {
      if (h->Get(isolate_)->StrictEquals(handler)) {
        handlers.erase(h);
        break;
      }
    }
  }
  if (handlers.empty()) {
    subscriptions_.erase(it);
    filter_order_.erase(std::remove(filter_order_.begin(), filter_order_.end(), filter), filter_order_.end());
    if (host_.transport) host_.transport->Unsubscribe(filter, this);
  }
}

std::string Program::Impl::Publish(const std::string& topic, const std::string& json) {
  if (!host_.transport) return "no message bus is attached to this program";
  if (!IsValidTopicName(topic)) return "invalid topic '" + Shorten(topic) + "' (no wildcards in publish)";
  // MQTT's own limit; it also keeps every delivered payload within V8's string size.
  constexpr size_t kMaxPayload = 268435455;
  if (json.size() > kMaxPayload) return "the value is too large (" + std::to_string(json.size()) + " bytes of JSON; at most 256 MB)";
  host_.transport->Publish(topic, json);
  return "";
}

void Program::Impl::OnMessage(const std::string& filter, const std::string& topic,
                              const std::string& payload) {
  std::lock_guard<std::mutex> lock(inbox_mutex_);
  inbox_.push_back({filter, topic, payload});
  if (wake_) wake_();  // under the lock: see Terminate
}

// --- V8 callbacks -------------------------------------------------------------------------

void Program::Impl::PromiseRejectCallback(v8::PromiseRejectMessage message) {
  v8::Local<v8::Promise> promise = message.GetPromise();
  v8::Isolate* isolate = promise->GetIsolate();
  Impl* self = ImplOf(isolate);
  switch (message.GetEvent()) {
    case v8::kPromiseRejectWithNoHandler:
      self->pending_rejections_.push_back(
          {v8::Global<v8::Promise>(isolate, promise), v8::Global<v8::Value>(isolate, message.GetValue())});
      break;
    case v8::kPromiseHandlerAddedAfterReject: {
      auto& list = self->pending_rejections_;
      for (auto it = list.begin(); it != list.end(); ++it) {
        if (it->promise.Get(isolate) == promise) {
          list.erase(it);
          break;
        }
      }
      break;
    }
    default:
      break;  // resolve/reject after resolved: not an error in Node either
  }
}

size_t Program::Impl::NearHeapLimit(void* data, size_t current_limit, size_t initial_limit) {
  Impl* self = static_cast<Impl*>(data);
  {
    std::lock_guard<std::mutex> lock(self->term_mutex_);
    if (self->termination_ == Termination::kNone) self->termination_ = Termination::kHeap;
  }
  self->isolate_->TerminateExecution();
  // Room for the termination to unwind; the program ends and its isolate is freed after.
  return current_limit + std::max<size_t>(current_limit / 2, 32 * kMiB);
}

Program::Stats Program::Impl::GetStats() {
  v8::Locker locker(isolate_);
  v8::HeapStatistics hs;
  isolate_->GetHeapStatistics(&hs);
  Program::Stats s;
  s.heap_used_bytes = hs.used_heap_size();
  s.heap_peak_bytes = std::max(heap_peak_bytes_, s.heap_used_bytes);
  s.heap_total_bytes = hs.total_heap_size();
  s.external_bytes = allocator_->used() + hs.external_memory();
  s.tasks_run = tasks_run_;
  return s;
}

// --- Program (the public face) ------------------------------------------------------------

std::unique_ptr<Program> Program::Create(const ProgramOptions& options, const ProgramHost& host) {
  if (!host.platform || !host.clock || !host.output) std::abort();  // wiring bug
  if (options.max_task_ms > 0 && !host.watchdog) std::abort();
  return std::unique_ptr<Program>(new Program(std::make_unique<Impl>(options, host)));
}

Program::Program(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Program::~Program() = default;
void Program::Start(std::string_view source) { impl_->Start(source); }
void Program::RunOnce() { impl_->RunOnce(); }
bool Program::HasReadyWork() { return impl_->HasReadyWork(); }
bool Program::IsAlive() { return impl_->IsAlive(); }
std::optional<double> Program::NextTimerDueMs() { return impl_->NextTimerDueMs(); }
void Program::Terminate(int code, std::string reason) { impl_->Terminate(code, std::move(reason)); }
bool Program::exited() const { return impl_->exited_; }
ProgramExit Program::exit() const {
  if (impl_->exited_) return impl_->exit_;
  return ProgramExit{impl_->exit_code_hint_, ""};  // still running, or ended naturally
}
std::string Program::Capture(std::string* bytes) { return impl_->Capture(bytes); }
void Program::PrepareCapture() { impl_->PrepareCapture(); }
std::string Program::Restore(std::string_view snapshot) { return impl_->Restore(snapshot); }
double Program::ProgramTimeMs() { return impl_->clock().NowMs() - impl_->start_time_ms(); }

Program::Stats Program::GetStats() { return impl_->GetStats(); }
void Program::SetWakeCallback(std::function<void()> wake) {
  std::lock_guard<std::mutex> lock(impl_->inbox_mutex_);
  impl_->wake_ = std::move(wake);
}

ProgramExit RunToCompletion(Program& program, Clock& clock) {
  RunUntil(program, clock, std::numeric_limits<double>::infinity());
  return program.exit();
}

bool RunUntil(Program& program, Clock& clock, double stop_ms, uint64_t max_turns) {
  Waker waker;
  program.SetWakeCallback([&waker] { waker.Signal(); });
  bool stopped = false;
  uint64_t turns = 0;
  while (!program.exited()) {
    waker.Consume();
    // As in Node, a loop with nothing referenced left ends even if an unref'd timer is due.
    if (!program.IsAlive()) break;
    if (clock.NowMs() >= stop_ms || turns >= max_turns) {
      stopped = true;
      break;
    }
    if (program.HasReadyWork()) {
      program.RunOnce();
      ++turns;
      continue;
    }
    std::optional<double> due = program.NextTimerDueMs();
    clock.SleepUntil(std::min(due ? *due : std::numeric_limits<double>::infinity(), stop_ms), waker);
  }
  program.SetWakeCallback(nullptr);
  return stopped;
}

std::string CaptureAtBoundary(Program& program, Clock& clock, std::string* bytes, int attempts) {
  std::string error;
  for (int i = 0; i < attempts; ++i) {
    error = program.Capture(bytes);
    if (error.empty()) return error;
    // Refused: one turn on, if there is one.
    if (!RunUntil(program, clock, std::numeric_limits<double>::infinity(), 1)) break;
  }
  return error;
}

}  // namespace thingsjs::runtime

// The host API a program sees: the native functions behind console, timers, process and
// require('things'), handed to the bootstrap script (js/bootstrap.js), which builds the
// JavaScript-facing objects from them. Nothing here is reachable from user code except
// through what the bootstrap exposes.

#include <cmath>
#include <string>
#include <vector>

#include "runtime/clock.h"
#include "runtime/output.h"
#include "runtime/platform.h"
#include "runtime/program_impl.h"

namespace thingsjs::runtime {

namespace js {
extern const std::string_view kBootstrapJs;
extern const std::string_view kConsoleJs;
extern const std::string_view kEventsJs;
}  // namespace js

namespace {

using v8::FunctionCallbackInfo;
using v8::Local;
using v8::Value;

Program::Impl* Self(const FunctionCallbackInfo<Value>& info) {
  return static_cast<Program::Impl*>(info.Data().As<v8::External>()->Value());
}

void ThrowType(v8::Isolate* isolate, std::string_view message) {
  isolate->ThrowException(v8::Exception::TypeError(V8Str(isolate, message)));
}

void ThrowError(v8::Isolate* isolate, std::string_view message) {
  isolate->ThrowException(v8::Exception::Error(V8Str(isolate, message)));
}

}  // namespace

// Compiles and runs one of the embedded internal scripts; returns its completion value.
// Uses the process-wide code cache when it has the script, and remembers the scripts it
// compiled from source so that Start() can fill the cache once they have run.
v8::MaybeLocal<Value> Program::Impl::RunInternal(Local<v8::Context> context, std::string_view name,
                                                 std::string_view source) {
  v8::Isolate* isolate = isolate_;
  std::string resource = "thingsjs:internal/" + std::string(name) + ".js";
  v8::ScriptOrigin origin(isolate, V8Str(isolate, resource));
  V8Platform::CodeCache cache = host_.platform->GetCodeCache(name);
  v8::ScriptCompiler::CachedData* cached = nullptr;
  if (cache) {
    cached = new v8::ScriptCompiler::CachedData(cache->data(), static_cast<int>(cache->size()),
                                                v8::ScriptCompiler::CachedData::BufferNotOwned);
  }
  // Source takes ownership of `cached`; `cache` keeps the bytes alive until compiled.
  v8::ScriptCompiler::Source src(V8Str(isolate, source), origin, cached);
  Local<v8::Script> script;
  if (!v8::ScriptCompiler::Compile(context, &src,
                                   cached ? v8::ScriptCompiler::kConsumeCodeCache
                                          : v8::ScriptCompiler::kNoCompileOptions)
           .ToLocal(&script)) {
    return {};
  }
  if (!cached || src.GetCachedData()->rejected) {
    uncached_scripts_.emplace_back(std::string(name),
                                   v8::Global<v8::UnboundScript>(isolate, script->GetUnboundScript()));
  }
  return script->Run(context);
}

void Program::Impl::FillCodeCache() {
  v8::HandleScope scope(isolate_);
  for (auto& [name, unbound] : uncached_scripts_) {
    std::unique_ptr<v8::ScriptCompiler::CachedData> data(
        v8::ScriptCompiler::CreateCodeCache(unbound.Get(isolate_)));
    if (data && data->length > 0) {
      host_.platform->PutCodeCache(name, std::vector<uint8_t>(data->data, data->data + data->length));
    }
  }
  uncached_scripts_.clear();
}

namespace {

// natives.internal(name): the completion value of an embedded script.
void Internal(const FunctionCallbackInfo<Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string name = ToStdString(isolate, info[0]);
  std::string_view source;
  if (name == "console") {
    source = js::kConsoleJs;
  } else if (name == "events") {
    source = js::kEventsJs;
  } else {
    ThrowError(isolate, "no internal module " + name);
    return;
  }
  Local<Value> result;
  if (Self(info)->RunInternal(isolate->GetCurrentContext(), name, source).ToLocal(&result)) {
    info.GetReturnValue().Set(result);
  }
}

void Write(const FunctionCallbackInfo<Value>& info) {
  Program::Impl* self = Self(info);
  int fd = info[0]->Int32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(1);
  v8::String::Utf8Value text(info.GetIsolate(), info[1]);
  if (*text) self->output().Write(fd == 2 ? 2 : 1, std::string_view(*text, text.length()));
}

void Now(const FunctionCallbackInfo<Value>& info) {
  info.GetReturnValue().Set(Self(info)->clock().NowMs());
}

void TypeTag(const FunctionCallbackInfo<Value>& info) {
  Local<Value> v = info[0];
  const char* tag = "";
  if (v->IsProxy()) tag = "Proxy";
  else if (v->IsMap()) tag = "Map";
  else if (v->IsSet()) tag = "Set";
  else if (v->IsWeakMap()) tag = "WeakMap";
  else if (v->IsWeakSet()) tag = "WeakSet";
  else if (v->IsDate()) tag = "Date";
  else if (v->IsRegExp()) tag = "RegExp";
  else if (v->IsNativeError()) tag = "Error";
  else if (v->IsPromise()) tag = "Promise";
  else if (v->IsArrayBuffer()) tag = "ArrayBuffer";
  else if (v->IsSharedArrayBuffer()) tag = "SharedArrayBuffer";
  else if (v->IsDataView()) tag = "DataView";
  else if (v->IsTypedArray()) tag = "TypedArray";
  else if (v->IsMapIterator()) tag = "MapIterator";
  else if (v->IsSetIterator()) tag = "SetIterator";
  else if (v->IsGeneratorObject()) tag = "Generator";
  else if (v->IsNumberObject()) tag = "BoxedNumber";
  else if (v->IsStringObject()) tag = "BoxedString";
  else if (v->IsBooleanObject()) tag = "BoxedBoolean";
  else if (v->IsSymbolObject()) tag = "BoxedSymbol";
  else if (v->IsBigIntObject()) tag = "BoxedBigInt";
  else if (v->IsArgumentsObject()) tag = "Arguments";
  else if (v->IsModuleNamespaceObject()) tag = "ModuleNamespace";
  info.GetReturnValue().Set(V8Str(info.GetIsolate(), tag));
}

void FunctionKind(const FunctionCallbackInfo<Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const char* kind = "function";
  if (info[0]->IsFunction()) {
    Local<v8::Function> f = info[0].As<v8::Function>();
    bool async = f->IsAsyncFunction(), gen = f->IsGeneratorFunction();
    if (async && gen) kind = "asyncgenerator";
    else if (async) kind = "async";
    else if (gen) kind = "generator";
    else {
      Local<v8::String> text;
      if (f->FunctionProtoToString(isolate->GetCurrentContext()).ToLocal(&text) &&
          text->Length() >= 5) {
        char head[6] = {};
        text->WriteUtf8(isolate, head, 5);
        if (std::string_view(head, 5) == "class") kind = "class";
      }
    }
  }
  info.GetReturnValue().Set(V8Str(isolate, kind));
}

void PromiseState(const FunctionCallbackInfo<Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsPromise()) return;
  Local<v8::Promise> p = info[0].As<v8::Promise>();
  int state = p->State() == v8::Promise::kPending ? 0 : p->State() == v8::Promise::kFulfilled ? 1 : 2;
  Local<Value> items[] = {v8::Integer::New(isolate, state),
                          state == 0 ? Local<Value>(v8::Undefined(isolate)) : p->Result()};
  info.GetReturnValue().Set(v8::Array::New(isolate, items, 2));
}

void ProxyTarget(const FunctionCallbackInfo<Value>& info) {
  if (info[0]->IsProxy()) info.GetReturnValue().Set(info[0].As<v8::Proxy>()->GetTarget());
}

void ProxyHandler(const FunctionCallbackInfo<Value>& info) {
  if (info[0]->IsProxy()) info.GetReturnValue().Set(info[0].As<v8::Proxy>()->GetHandler());
}

void ClassName(const FunctionCallbackInfo<Value>& info) {
  if (info[0]->IsObject()) info.GetReturnValue().Set(info[0].As<v8::Object>()->GetConstructorName());
}

// ownNonIndexKeys(obj, all): own string and symbol keys that are not array indices, without
// walking millions of elements (console's inspect of large arrays depends on it).
void OwnNonIndexKeys(const FunctionCallbackInfo<Value>& info) {
  if (!info[0]->IsObject()) return;
  v8::Isolate* isolate = info.GetIsolate();
  auto filter = info[1]->IsTrue() ? v8::PropertyFilter::ALL_PROPERTIES : v8::PropertyFilter::ONLY_ENUMERABLE;
  Local<v8::Array> keys;
  if (info[0]
          .As<v8::Object>()
          ->GetPropertyNames(isolate->GetCurrentContext(), v8::KeyCollectionMode::kOwnOnly, filter,
                             v8::IndexFilter::kSkipIndices, v8::KeyConversionMode::kKeepNumbers)
          .ToLocal(&keys)) {
    info.GetReturnValue().Set(keys);
  }
}

void PreviewEntries(const FunctionCallbackInfo<Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsObject()) return;
  bool is_key_value = false;
  Local<v8::Array> entries;
  if (!info[0].As<v8::Object>()->PreviewEntries(&is_key_value).ToLocal(&entries)) return;
  Local<Value> items[] = {entries, v8::Boolean::New(isolate, is_key_value)};
  info.GetReturnValue().Set(v8::Array::New(isolate, items, 2));
}

// The elements of `value` if it is an array (the rest arguments the bootstrap passes).
std::vector<Local<Value>> ArrayElements(Local<v8::Context> context, Local<Value> value) {
  std::vector<Local<Value>> out;
  if (!value->IsArray()) return out;
  Local<v8::Array> array = value.As<v8::Array>();
  for (uint32_t i = 0; i < array->Length(); ++i) {
    Local<Value> element;
    if (!array->Get(context, i).ToLocal(&element)) break;
    out.push_back(element);
  }
  return out;
}

// timerStart(callback, delay, args, repeat, handle) -> id
void TimerStart(const FunctionCallbackInfo<Value>& info) {
  Program::Impl* self = Self(info);
  v8::Isolate* isolate = info.GetIsolate();
  Local<v8::Context> context = isolate->GetCurrentContext();
  if (!info[0]->IsFunction()) {
    ThrowType(isolate, "The \"callback\" argument must be of type function");
    return;
  }
  double delay;
  if (info[1]->IsNumber()) {
    delay = info[1].As<v8::Number>()->Value();
  } else if (info[1]->IsUndefined()) {
    delay = NAN;
  } else if (!info[1]->NumberValue(context).To(&delay)) {
    return;  // valueOf threw (or a Symbol): setTimeout throws and schedules nothing
  }
  std::vector<Local<Value>> args = ArrayElements(context, info[2]);
  bool repeat = info[3]->IsTrue();
  Local<v8::Object> handle = info[4]->IsObject() ? info[4].As<v8::Object>() : Local<v8::Object>();
  uint64_t id = self->AddTimer(info[0].As<v8::Function>(), delay, repeat, false, handle, args);
  info.GetReturnValue().Set(static_cast<double>(id));
}

// immediateStart(callback, args, handle) -> id
void ImmediateStart(const FunctionCallbackInfo<Value>& info) {
  Program::Impl* self = Self(info);
  v8::Isolate* isolate = info.GetIsolate();
  Local<v8::Context> context = isolate->GetCurrentContext();
  if (!info[0]->IsFunction()) {
    ThrowType(isolate, "The \"callback\" argument must be of type function");
    return;
  }
  std::vector<Local<Value>> args = ArrayElements(context, info[1]);
  Local<v8::Object> handle = info[2]->IsObject() ? info[2].As<v8::Object>() : Local<v8::Object>();
  uint64_t id = self->AddTimer(info[0].As<v8::Function>(), 0, false, true, handle, args);
  info.GetReturnValue().Set(static_cast<double>(id));
}

uint64_t TimerId(const FunctionCallbackInfo<Value>& info) {
  double d = info[0]->IsNumber() ? info[0].As<v8::Number>()->Value() : 0;
  return d >= 1 && d < 9007199254740992.0 ? static_cast<uint64_t>(d) : 0;
}

void TimerClear(const FunctionCallbackInfo<Value>& info) { Self(info)->ClearTimer(TimerId(info)); }
void TimerRef(const FunctionCallbackInfo<Value>& info) {
  Self(info)->SetTimerRef(TimerId(info), info[1]->IsTrue());
}
void TimerRefresh(const FunctionCallbackInfo<Value>& info) { Self(info)->RefreshTimer(TimerId(info)); }

void EnqueueMicrotask(const FunctionCallbackInfo<Value>& info) {
  if (!info[0]->IsFunction()) {
    ThrowType(info.GetIsolate(), "The \"callback\" argument must be of type function");
    return;
  }
  info.GetIsolate()->EnqueueMicrotask(info[0].As<v8::Function>());
}

void Exit(const FunctionCallbackInfo<Value>& info) {
  int code = info[0]->Int32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0);
  Self(info)->RequestExit(code);
}

void SetExitCode(const FunctionCallbackInfo<Value>& info) {
  Self(info)->SetExitCodeHint(info[0]->Int32Value(info.GetIsolate()->GetCurrentContext()).FromMaybe(0));
}

// uncaught(error): an error that escaped a callback which cannot throw to the host
// (a queueMicrotask callback). Ends the program like an uncaught exception.
void Uncaught(const FunctionCallbackInfo<Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Self(info)->ReportUncaught(info[0], v8::Exception::CreateMessage(isolate, info[0]));
}

void JsPublish(const FunctionCallbackInfo<Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  std::string error = Self(info)->Publish(ToStdString(isolate, info[0]), ToStdString(isolate, info[1]));
  if (!error.empty()) ThrowError(isolate, "things.publish: " + error);
}

void JsSubscribe(const FunctionCallbackInfo<Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[1]->IsFunction()) {
    ThrowType(isolate, "things.subscribe: the handler must be a function");
    return;
  }
  std::string error = Self(info)->Subscribe(ToStdString(isolate, info[0]), info[1].As<v8::Function>());
  if (!error.empty()) ThrowError(isolate, "things.subscribe: " + error);
}

void JsUnsubscribe(const FunctionCallbackInfo<Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  Local<v8::Function> handler;
  if (info[1]->IsFunction()) handler = info[1].As<v8::Function>();
  Self(info)->Unsubscribe(ToStdString(isolate, info[0]), handler);
}

}  // namespace

// The handle a Global<T> takes, from a value already checked to be a T.
template <typename T>
static Local<T> KindOf(const v8::Global<T>&, Local<Value> v) {
  return v.As<T>();
}

void Program::Impl::InstallHostApi(Local<v8::Context> context) {
  v8::Isolate* isolate = isolate_;
  Local<v8::External> data = v8::External::New(isolate, this);
  Local<v8::Object> natives = v8::Object::New(isolate);
  auto add = [&](const char* name, v8::FunctionCallback cb) {
    Local<v8::Function> f =
        v8::Function::New(context, cb, data, 0, v8::ConstructorBehavior::kThrow).ToLocalChecked();
    natives->Set(context, V8Str(isolate, name), f).Check();
  };
  add("internal", Internal);
  add("write", Write);
  add("now", Now);
  add("typeTag", TypeTag);
  add("functionKind", FunctionKind);
  add("promiseState", PromiseState);
  add("proxyTarget", ProxyTarget);
  add("previewEntries", PreviewEntries);
  add("proxyHandler", ProxyHandler);
  add("className", ClassName);
  add("ownNonIndexKeys", OwnNonIndexKeys);
  add("timerStart", TimerStart);
  add("immediateStart", ImmediateStart);
  add("timerClear", TimerClear);
  add("timerRef", TimerRef);
  add("timerRefresh", TimerRefresh);
  add("enqueueMicrotask", EnqueueMicrotask);
  add("exit", Exit);
  add("setExitCode", SetExitCode);
  add("uncaught", Uncaught);
  add("publish", JsPublish);
  add("subscribe", JsSubscribe);
  add("unsubscribe", JsUnsubscribe);

  // What the program may know about itself.
  Local<v8::Object> config = v8::Object::New(isolate);
  auto set = [&](const char* key, Local<Value> value) {
    config->Set(context, V8Str(isolate, key), value).Check();
  };
  set("filename", V8Str(isolate, options_.filename));
  set("id", V8Str(isolate, options_.id));
  set("worker", V8Str(isolate, options_.worker));
  Local<v8::Array> argv = v8::Array::New(isolate);
  argv->Set(context, 0, V8Str(isolate, "thingsjs")).Check();
  argv->Set(context, 1, V8Str(isolate, options_.filename)).Check();
  for (size_t i = 0; i < options_.argv.size(); ++i) {
    argv->Set(context, static_cast<uint32_t>(i + 2), V8Str(isolate, options_.argv[i])).Check();
  }
  set("argv", argv);
  Local<v8::Object> env = v8::Object::New(isolate);
  for (auto& [k, v] : options_.env) env->Set(context, V8Str(isolate, k), V8Str(isolate, v)).Check();
  set("env", env);

  Local<Value> factory;
  if (!RunInternal(context, "bootstrap", js::kBootstrapJs).ToLocal(&factory) ||
      !factory->IsFunction()) {
    return;
  }
  Local<Value> args[] = {natives, context->Global(), config};
  Local<Value> hooks;
  if (!factory.As<v8::Function>()->Call(context, v8::Undefined(isolate), 3, args).ToLocal(&hooks) ||
      !hooks->IsObject()) {
    return;
  }
  // What the bootstrap hands back, each kept if it is of the expected kind.
  auto keep = [&](const char* name, bool (Value::*is_kind)() const, auto& slot) {
    Local<Value> v;
    if (hooks.As<v8::Object>()->Get(context, V8Str(isolate, name)).ToLocal(&v) && ((*v)->*is_kind)()) {
      slot.Reset(isolate, KindOf(slot, v));
    }
  };
  keep("inspect", &Value::IsFunction, inspect_);
  keep("envSymbol", &Value::IsSymbol, env_symbol_);
  keep("boundSymbol", &Value::IsSymbol, bound_symbol_);
  keep("hostObjects", &Value::IsObject, host_objects_);
  keep("hostSymbols", &Value::IsObject, host_symbols_);
  keep("makeTracer", &Value::IsFunction, make_tracer_);
}

// file:line:col: Name: message, the source line, a caret under the column, the JS stack.
std::string Program::Impl::FormatException(Local<Value> exception, Local<v8::Message> message,
                                           const char* prefix) {
  v8::Isolate* isolate = isolate_;
  v8::HandleScope scope(isolate);
  Local<v8::Context> context = this->context();
  v8::TryCatch guard(isolate);  // formatting must never throw into the caller

  // The header: the first line(s) of err.stack up to the frames, else String(err), else
  // console's inspect for thrown non-errors.
  std::string header, frames;
  bool is_error = exception->IsNativeError();
  if (exception->IsObject()) {
    Local<Value> stack;
    if (exception.As<v8::Object>()->Get(context, V8Str(isolate, "stack")).ToLocal(&stack) &&
        stack->IsString()) {
      std::string text = ToStdString(isolate, stack);
      size_t at = text.find("\n    at ");
      if (at == std::string::npos) {
        header = text;
      } else {
        header = text.substr(0, at);
        frames = text.substr(at + 1);
      }
    }
  }
  if (header.empty()) {
    if (!is_error && !inspect_.IsEmpty()) {
      Local<Value> arg[] = {exception};
      Local<Value> out;
      if (inspect_.Get(isolate)->Call(context, v8::Undefined(isolate), 1, arg).ToLocal(&out)) {
        header = "Uncaught " + ToStdString(isolate, out);
      }
    }
    if (header.empty()) header = ToStdString(isolate, exception);
  }

  std::string out;
  std::string location = options_.filename;
  std::string source_line;
  int column = -1;
  if (!message.IsEmpty()) {
    location = ToStdString(isolate, message->GetScriptResourceName());
    int line = message->GetLineNumber(context).FromMaybe(0);
    column = message->GetStartColumn(context).FromMaybe(-1);
    Local<v8::String> src;
    if (message->GetSourceLine(context).ToLocal(&src)) source_line = ToStdString(isolate, src);
    if (positions_ && line > 0 && column >= 0 && location == options_.filename) {
      // An instrumented program: report the position in the source as written.
      instrument::SourcePosition p = positions_->Original(static_cast<uint32_t>(line), static_cast<uint32_t>(column));
      line = static_cast<int>(p.line);
      column = static_cast<int>(p.column);
      source_line = std::string(positions_->OriginalLineText(p.line));
    }
    if (line > 0) location += ":" + std::to_string(line) + ":" + std::to_string(column + 1);
  }
  out = location + ": " + prefix + header + "\n";
  if (!source_line.empty() && column >= 0 && source_line.size() < 400) {
    out += source_line + "\n";
    std::string caret;
    for (int i = 0; i < column && static_cast<size_t>(i) < source_line.size(); ++i) {
      caret += source_line[static_cast<size_t>(i)] == '\t' ? '\t' : ' ';
    }
    out += caret + "^\n";
  }
  if (!frames.empty()) out += frames + "\n";
  return out;
}

}  // namespace thingsjs::runtime

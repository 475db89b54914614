#include "runtime/platform.h"

#include <libplatform/libplatform.h>
#include <v8.h>

#include <cstdlib>

namespace thingsjs::runtime {

namespace {
bool g_initialized = false;  // V8 can be initialized only once per process, ever.
}  // namespace

V8Platform::V8Platform(const char* argv0) {
  if (g_initialized) {
    // A broken invariant of main's wiring, not a user error.
    std::abort();
  }
  g_initialized = true;
  v8::V8::InitializeICUDefaultLocation(argv0 ? argv0 : "thingsjs");
  // The startup snapshot is part of the library image; checking its checksum on every
  // isolate creation costs start-up time for no safety gain.
  v8::V8::SetFlagsFromString("--no-verify-snapshot-checksum");
  // WebAssembly memories are allocated outside the ArrayBuffer allocator and the heap limit,
  // so a program could take all the device's memory through them: no WebAssembly.
  v8::V8::SetFlagsFromString("--no-expose-wasm");
  // One background thread is enough for a 2-core device and keeps idle CPU at zero.
  platform_ = v8::platform::NewDefaultPlatform(1);
  v8::V8::InitializePlatform(platform_.get());
  v8::V8::Initialize();
}

V8Platform::~V8Platform() {
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
}

V8Platform::CodeCache V8Platform::GetCodeCache(std::string_view name) {
  std::lock_guard<std::mutex> lock(cache_mutex_);
  auto it = code_cache_.find(name);
  return it == code_cache_.end() ? nullptr : it->second;
}

void V8Platform::PutCodeCache(std::string_view name, std::vector<uint8_t> data) {
  std::lock_guard<std::mutex> lock(cache_mutex_);
  code_cache_[std::string(name)] = std::make_shared<const std::vector<uint8_t>>(std::move(data));
}

}  // namespace thingsjs::runtime

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
  // One background thread is enough for a 2-core device and keeps idle CPU at zero.
  platform_ = v8::platform::NewDefaultPlatform(1);
  v8::V8::InitializePlatform(platform_.get());
  v8::V8::Initialize();
}

V8Platform::~V8Platform() {
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
}

}  // namespace thingsjs::runtime

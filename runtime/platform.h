#pragma once

#include <memory>

namespace v8 {
class Platform;
}

namespace thingsjs::runtime {

// The V8 platform of this OS process: created once by main (or a test fixture) before any
// Program and destroyed after the last one. Not a singleton: its owner passes it on.
class V8Platform {
 public:
  // `argv0` helps V8 locate ICU data when it is not built in; may be null.
  explicit V8Platform(const char* argv0 = nullptr);
  ~V8Platform();
  V8Platform(const V8Platform&) = delete;
  V8Platform& operator=(const V8Platform&) = delete;

  v8::Platform* get() const { return platform_.get(); }

 private:
  std::unique_ptr<v8::Platform> platform_;
};

}  // namespace thingsjs::runtime

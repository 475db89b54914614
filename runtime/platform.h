#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

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

  // V8's compiled code for the runtime's embedded scripts (console, events, bootstrap), shared
  // by every program of the process: the first program compiles them, the others start from
  // the cache. Thread-safe.
  using CodeCache = std::shared_ptr<const std::vector<uint8_t>>;
  CodeCache GetCodeCache(std::string_view name);
  void PutCodeCache(std::string_view name, std::vector<uint8_t> data);

 private:
  std::unique_ptr<v8::Platform> platform_;
  std::mutex cache_mutex_;
  std::map<std::string, CodeCache, std::less<>> code_cache_;
};

}  // namespace thingsjs::runtime

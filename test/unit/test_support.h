#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "runtime/clock.h"
#include "runtime/in_process_bus.h"
#include "runtime/output.h"
#include "runtime/platform.h"
#include "runtime/program.h"
#include "runtime/watchdog.h"

namespace thingsjs::test {

// The process's V8 platform, owned by the test main.
runtime::V8Platform& Platform();

// Collects a program's output for assertions.
class BufferOutput final : public runtime::Output {
 public:
  void Write(int fd, std::string_view text) override {
    std::lock_guard<std::mutex> lock(mutex_);
    (fd == 2 ? err_ : out_).append(text);
  }
  std::string out() {
    std::lock_guard<std::mutex> lock(mutex_);
    return out_;
  }
  std::string err() {
    std::lock_guard<std::mutex> lock(mutex_);
    return err_;
  }

 private:
  std::mutex mutex_;
  std::string out_, err_;
};

// A program with everything it needs, in virtual time unless asked otherwise.
struct Harness {
  explicit Harness(runtime::Clock* clock = nullptr) : clock_(clock ? clock : &virtual_clock) {}

  std::unique_ptr<runtime::Program> Make(runtime::ProgramOptions options = {},
                                         runtime::Transport* transport = nullptr) {
    runtime::ProgramHost host{&Platform(), clock_, &output, transport ? transport : &bus,
                              &watchdog};
    return runtime::Program::Create(options, host);
  }

  // Starts `source` and runs it to completion; returns the exit.
  runtime::ProgramExit Run(const std::string& source, runtime::ProgramOptions options = {}) {
    auto program = Make(options);
    program->Start(source);
    return runtime::RunToCompletion(*program, *clock_);
  }

  runtime::VirtualClock virtual_clock;
  runtime::Clock* clock_;
  BufferOutput output;
  runtime::InProcessBus bus;
  runtime::Watchdog watchdog;
};

}  // namespace thingsjs::test

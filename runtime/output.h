#pragma once

#include <string_view>

namespace thingsjs::runtime {

// Where a program's console output goes: the terminal for `thingsjs run`, an MQTT console
// topic on a worker, a buffer in tests.
class Output {
 public:
  virtual ~Output() = default;
  // fd 1 is the program's stdout, fd 2 its stderr. Called on the thread driving the program.
  virtual void Write(int fd, std::string_view text) = 0;
};

// Writes straight to the process's file descriptors, unbuffered, so that stdout and stderr
// interleave in the order the program wrote them.
class FdOutput final : public Output {
 public:
  void Write(int fd, std::string_view text) override;
};

}  // namespace thingsjs::runtime

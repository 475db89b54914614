#pragma once
// A child process for scenario tests (a worker, a shell): started with posix_spawn, its
// output in a file, stopped by the test or when it goes out of scope.

#include <string>
#include <vector>

namespace thingsjs::test {

class Process {
 public:
  // Starts argv[0] with argv; stdout and stderr go to `log` (or /dev/null when empty).
  Process(const std::vector<std::string>& argv, const std::string& log = "");
  ~Process();  // SIGKILL if still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  void Signal(int signal);
  // Waits up to `timeout_ms` for it to end; returns its exit status (-1 if it did not end,
  // 128 + N when a signal ended it).
  int Wait(double timeout_ms);
  // Its resident memory (VmRSS) in bytes, and how many sockets it has open.
  size_t ResidentBytes() const;
  int OpenSockets() const;

 private:
  int pid_ = -1;
};

}  // namespace thingsjs::test

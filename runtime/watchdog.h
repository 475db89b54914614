#pragma once

#include <pthread.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace thingsjs::runtime {

// Stops runaway JavaScript: a program arms the watchdog before each macrotask with its CPU
// budget and disarms it after. When a task has used up its budget of CPU time on its thread,
// the watchdog calls the task's `on_expire` (which terminates the isolate). One watchdog
// thread serves every program in the process; it sleeps when nothing is armed.
class Watchdog {
 public:
  Watchdog();
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  using Token = uint64_t;
  // Called on the thread that runs the task. `on_expire` runs on the watchdog thread.
  Token Arm(double budget_ms, std::function<void()> on_expire);
  // After Disarm returns, `on_expire` of that token is not running and never will: it waits
  // for a call in flight. So the caller must not hold a lock that `on_expire` takes.
  void Disarm(Token token);

 private:
  struct Entry {
    clockid_t cpu_clock;
    double start_cpu_ms;
    double budget_ms;
    double deadline_wall_ms;
    std::function<void()> on_expire;
  };
  void Run();

  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<Token, Entry> entries_;
  std::vector<Token> running_;  // tokens whose on_expire is being called
  Token next_token_ = 1;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace thingsjs::runtime

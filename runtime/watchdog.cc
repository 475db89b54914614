#include "runtime/watchdog.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <vector>

namespace thingsjs::runtime {

namespace {
double ClockMs(clockid_t clock) {
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
double WallMs() { return ClockMs(CLOCK_MONOTONIC); }
}  // namespace

Watchdog::Watchdog() : thread_([this] { Run(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Watchdog::Token Watchdog::Arm(double budget_ms, std::function<void()> on_expire) {
  clockid_t cpu_clock;
  if (pthread_getcpuclockid(pthread_self(), &cpu_clock) != 0) cpu_clock = CLOCK_MONOTONIC;
  Entry entry{cpu_clock, ClockMs(cpu_clock), budget_ms, WallMs() + budget_ms,
              std::move(on_expire)};
  Token token;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    token = next_token_++;
    entries_.emplace(token, std::move(entry));
  }
  cv_.notify_all();
  return token;
}

void Watchdog::Disarm(Token token) {
  std::unique_lock<std::mutex> lock(mutex_);
  entries_.erase(token);
  cv_.wait(lock, [&] { return std::find(running_.begin(), running_.end(), token) == running_.end(); });
}

void Watchdog::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    if (entries_.empty()) {
      cv_.wait(lock);
      continue;
    }
    double now = WallMs();
    double next = std::numeric_limits<double>::infinity();
    std::vector<std::pair<Token, std::function<void()>>> expired;
    for (auto it = entries_.begin(); it != entries_.end();) {
      Entry& e = it->second;
      if (now >= e.deadline_wall_ms) {
        // Wall time is up; charge only the CPU time the task really used, so that a task
        // descheduled on a busy device is not killed for its neighbours' work.
        double used = ClockMs(e.cpu_clock) - e.start_cpu_ms;
        if (used >= e.budget_ms) {
          expired.emplace_back(it->first, std::move(e.on_expire));
          running_.push_back(it->first);
          it = entries_.erase(it);
          continue;
        }
        e.deadline_wall_ms = now + std::max(1.0, e.budget_ms - used);
      }
      next = std::min(next, e.deadline_wall_ms);
      ++it;
    }
    if (!expired.empty()) {
      lock.unlock();
      for (auto& [token, f] : expired) f();
      lock.lock();
      running_.clear();
      cv_.notify_all();  // Disarm may be waiting for these
      continue;
    }
    cv_.wait_for(lock, std::chrono::duration<double, std::milli>(next - now));
  }
}

}  // namespace thingsjs::runtime

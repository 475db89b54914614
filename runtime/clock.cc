#include "runtime/clock.h"

#include <chrono>
#include <cmath>

namespace thingsjs::runtime {

namespace {
double SteadyNowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

void Waker::Signal() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    signalled_ = true;
  }
  cv_.notify_all();
}

bool Waker::Consume() {
  std::lock_guard<std::mutex> lock(mutex_);
  bool was = signalled_;
  signalled_ = false;
  return was;
}

SteadyClock::SteadyClock() : origin_ms_(SteadyNowMs()) {}

double SteadyClock::NowMs() { return SteadyNowMs() - origin_ms_; }

void SteadyClock::SleepUntil(double deadline_ms, Waker& waker) {
  std::unique_lock<std::mutex> lock(waker.mutex_);
  while (!waker.signalled_) {
    double now = NowMs();
    if (now >= deadline_ms) return;
    if (std::isinf(deadline_ms)) {
      waker.cv_.wait(lock);
    } else {
      waker.cv_.wait_for(lock, std::chrono::duration<double, std::milli>(deadline_ms - now));
    }
  }
}

double VirtualClock::NowMs() {
  std::lock_guard<std::mutex> lock(mutex_);
  return now_ms_;
}

void VirtualClock::Advance(double ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  now_ms_ += ms;
}

void VirtualClock::SleepUntil(double deadline_ms, Waker& waker) {
  if (std::isinf(deadline_ms)) {
    // Nothing scheduled: only an outside event can move the program on.
    std::unique_lock<std::mutex> lock(waker.mutex_);
    waker.cv_.wait(lock, [&] { return waker.signalled_; });
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (deadline_ms > now_ms_) now_ms_ = deadline_ms;
}

}  // namespace thingsjs::runtime

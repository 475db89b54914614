#pragma once

#include <condition_variable>
#include <mutex>

namespace thingsjs::runtime {

// Wakes a thread that sleeps in Clock::SleepUntil when something arrives from outside
// (a message for a program, a kill command). Safe to signal from any thread.
class Waker {
 public:
  void Signal();
  // Consumes a pending signal; returns whether there was one.
  bool Consume();

 private:
  friend class SteadyClock;
  friend class VirtualClock;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool signalled_ = false;
};

// The source of program time. Injected everywhere, so that timer-driven programs can be
// tested in virtual time without sleeping.
class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic milliseconds since an arbitrary origin.
  virtual double NowMs() = 0;
  // Returns when NowMs() >= deadline_ms or when `waker` is signalled, whichever comes first.
  // A deadline of infinity waits for the waker only.
  virtual void SleepUntil(double deadline_ms, Waker& waker) = 0;
};

// Real time from std::chrono::steady_clock.
class SteadyClock final : public Clock {
 public:
  SteadyClock();
  double NowMs() override;
  void SleepUntil(double deadline_ms, Waker& waker) override;

 private:
  double origin_ms_;
};

// Time that only moves when the program has nothing else to do: sleeping jumps straight to
// the deadline. Timer-heavy programs run instantly and deterministically.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(double start_ms = 0) : now_ms_(start_ms) {}
  double NowMs() override;
  void SleepUntil(double deadline_ms, Waker& waker) override;
  void Advance(double ms);

 private:
  std::mutex mutex_;
  double now_ms_;
};

}  // namespace thingsjs::runtime

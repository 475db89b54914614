#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <thread>

#include "runtime/clock.h"

using thingsjs::runtime::SteadyClock;
using thingsjs::runtime::VirtualClock;
using thingsjs::runtime::Waker;

TEST_CASE("virtual clock jumps to the deadline instead of sleeping") {
  VirtualClock clock;
  Waker waker;
  CHECK(clock.NowMs() == 0);
  clock.SleepUntil(1e9, waker);  // a million seconds, instantly
  CHECK(clock.NowMs() == 1e9);
  clock.SleepUntil(5, waker);  // the past: time never goes back
  CHECK(clock.NowMs() == 1e9);
}

TEST_CASE("virtual clock waits for the waker when nothing is scheduled") {
  VirtualClock clock;
  Waker waker;
  std::thread t([&] { waker.Signal(); });
  clock.SleepUntil(std::numeric_limits<double>::infinity(), waker);
  t.join();
  CHECK(waker.Consume());
  CHECK(clock.NowMs() == 0);
}

TEST_CASE("steady clock sleeps until the deadline or the waker") {
  SteadyClock clock;
  Waker waker;
  double start = clock.NowMs();
  clock.SleepUntil(start + 20, waker);
  CHECK(clock.NowMs() >= start + 20);

  start = clock.NowMs();
  std::thread t([&] { waker.Signal(); });
  clock.SleepUntil(start + 10000, waker);
  t.join();
  CHECK(clock.NowMs() < start + 5000);
}

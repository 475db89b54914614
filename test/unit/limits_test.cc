#include <doctest/doctest.h>

#include <thread>

#include "test/unit/test_support.h"

using namespace thingsjs;
using thingsjs::test::Harness;

TEST_CASE("a heap bomb ends its program with 'heap limit exceeded'; the process survives") {
  Harness h;
  runtime::ProgramOptions options;
  options.filename = "bomb.js";
  options.max_heap_mb = 16;
  auto exit = h.Run("const a = []; for (;;) a.push({ i: a.length, s: 'x' + a.length });", options);
  CHECK(exit.code == 1);
  CHECK(exit.error.find("heap limit exceeded") != std::string::npos);

  // The next program in the same process is unaffected.
  Harness h2;
  CHECK(h2.Run("console.log('still fine')").code == 0);
  CHECK(h2.output.out() == "still fine\n");
}

TEST_CASE("ArrayBuffers count against the limit and fail with a RangeError") {
  Harness h;
  runtime::ProgramOptions options;
  options.max_heap_mb = 16;
  auto exit = h.Run(R"(
    try { new ArrayBuffer(64 * 1024 * 1024); } catch (e) { console.log(e.name); }
    console.log(new Uint8Array(1024).length);
  )", options);
  CHECK(exit.code == 0);
  CHECK(h.output.out() == "RangeError\n1024\n");
}

TEST_CASE("a runaway task is stopped by the CPU budget") {
  Harness h;
  runtime::ProgramOptions options;
  options.filename = "loop.js";
  options.max_task_ms = 100;
  auto exit = h.Run("console.log('start'); setTimeout(() => { for (;;) {} }, 1);", options);
  CHECK(exit.code == 1);
  CHECK(exit.error.find("CPU time limit exceeded") != std::string::npos);
  CHECK(h.output.out() == "start\n");
}

TEST_CASE("a short task under the budget is not stopped") {
  Harness h;
  runtime::ProgramOptions options;
  options.max_task_ms = 2000;
  auto exit = h.Run("let s = 0; for (let i = 0; i < 1e6; i++) s += i; console.log(s);", options);
  CHECK(exit.code == 0);
  CHECK(h.output.out() == "499999500000\n");
}

TEST_CASE("stack overflow is a catchable RangeError") {
  Harness h;
  auto exit = h.Run(R"(
    function down(n) { return down(n + 1) + 1; }
    try { down(0); } catch (e) { console.log(e instanceof RangeError, e.message); }
  )");
  CHECK(exit.code == 0);
  CHECK(h.output.out() == "true Maximum call stack size exceeded\n");
}

TEST_CASE("a program killed from another thread stops, mid-loop or between tasks") {
  Harness h;
  runtime::SteadyClock clock;
  runtime::ProgramHost host{&test::Platform(), &clock, &h.output, &h.bus, &h.watchdog};
  auto spinning = runtime::Program::Create({}, host);
  spinning->Start("setTimeout(() => { for (;;) {} }, 1);");
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    spinning->Terminate(137, "killed");
  });
  auto exit = runtime::RunToCompletion(*spinning, clock);
  killer.join();
  CHECK(exit.code == 137);

  auto idle = runtime::Program::Create({}, host);
  idle->Start("setInterval(() => {}, 1e6);");
  std::thread killer2([&] { idle->Terminate(9, ""); });
  exit = runtime::RunToCompletion(*idle, clock);
  killer2.join();
  CHECK(exit.code == 9);
}

TEST_CASE("one program dying does not disturb its neighbours") {
  Harness h;
  runtime::ProgramOptions small_heap, small_budget;
  small_heap.max_heap_mb = 16;
  small_budget.max_task_ms = 200;
  auto good = h.Make();
  auto bomb = h.Make(small_heap);
  auto spin = h.Make(small_budget);
  good->Start("let n = 0; setInterval(() => { if (++n === 3) { console.log('good done'); process.exit(0); } }, 10);");
  bomb->Start("setTimeout(() => { const a = []; for (;;) a.push([a.length]); }, 5);");
  spin->Start("setTimeout(() => { for (;;) {} }, 5);");
  // Interleave the three programs on one thread, as a worker would.
  for (int i = 0; i < 100 && !(good->exited() && bomb->exited() && spin->exited()); ++i) {
    for (auto* p : {good.get(), bomb.get(), spin.get()}) {
      if (p->HasReadyWork()) p->RunOnce();
    }
    h.virtual_clock.Advance(5);
  }
  CHECK(good->exit().code == 0);
  INFO(bomb->exit().error);
  CHECK(bomb->exit().error.find("heap limit exceeded") != std::string::npos);
  CHECK(spin->exit().error.find("CPU time limit exceeded") != std::string::npos);
  CHECK(h.output.out() == "good done\n");
}

TEST_CASE("formatting an uncaught error runs under the CPU limit too") {
  Harness h;
  runtime::ProgramOptions options;
  options.max_task_ms = 100;
  auto exit = h.Run("throw { get stack() { for (;;) {} } };", options);
  CHECK(exit.code == 1);
  CHECK(exit.error.find("CPU time limit exceeded") != std::string::npos);
}

TEST_CASE("a kill between tasks stops the next task before it runs") {
  Harness h;
  auto program = h.Make();
  program->Start("setTimeout(() => { for (;;) {} }, 1); setTimeout(() => console.log('no'), 2);");
  program->Terminate(143, "");
  h.virtual_clock.Advance(10);
  auto exit = runtime::RunToCompletion(*program, h.virtual_clock);
  CHECK(exit.code == 143);
  CHECK(h.output.out().empty());
}

TEST_CASE("WebAssembly is not available: its memory would escape the limits") {
  Harness h;
  h.Run("console.log(typeof WebAssembly);");
  CHECK(h.output.out() == "undefined\n");
}

#include <doctest/doctest.h>

#include <thread>

#include "test/unit/test_support.h"

using namespace thingsjs;
using thingsjs::test::Harness;

TEST_CASE("a program runs to completion and prints") {
  Harness h;
  auto exit = h.Run("console.log('hello', 1 + 2)");
  CHECK(exit.code == 0);
  CHECK(exit.error.empty());
  CHECK(h.output.out() == "hello 3\n");
}

TEST_CASE("timers run in virtual time, by due time then creation order, instantly") {
  Harness h;
  auto exit = h.Run(R"(
    setTimeout(() => console.log('c', 100000), 100000);
    setTimeout((a, b) => console.log('a', a, b), 10, 'x', 'y');
    setTimeout(() => console.log('b1'), 50);
    setTimeout(() => console.log('b2'), 50);
    setImmediate((v) => console.log('immediate', v), 7);
    Promise.resolve().then(() => console.log('micro'));
  )");
  CHECK(exit.code == 0);
  CHECK(h.output.out() == "micro\nimmediate 7\na x y\nb1\nb2\nc 100000\n");
  CHECK(h.virtual_clock.NowMs() == 100000);  // a 100 s program ran without sleeping
}

// In virtual time callbacks take no time, so a 1 ms timer set next to immediates fires after
// all of them (in Node the outcome depends on how long the immediates took).
TEST_CASE("immediates queued by immediates wait for the next turn") {
  Harness h;
  h.Run(R"(
    setTimeout(() => {
      setTimeout(() => console.log('timeout'), 0);
      setImmediate(() => {
        console.log('immediate 1');
        setImmediate(() => console.log('immediate 3'));
      });
      setImmediate(() => console.log('immediate 2'));
    }, 5);
  )");
  CHECK(h.output.out() == "immediate 1\nimmediate 2\nimmediate 3\ntimeout\n");
}

TEST_CASE("intervals, clearInterval and unref") {
  Harness h;
  auto exit = h.Run(R"(
    let n = 0;
    const iv = setInterval(() => { console.log('tick', ++n); if (n === 3) clearInterval(iv); }, 1000);
    setTimeout(() => console.log('never'), 1e6).unref();
  )");
  CHECK(exit.code == 0);
  CHECK(h.output.out() == "tick 1\ntick 2\ntick 3\n");
  CHECK(h.virtual_clock.NowMs() == 3000);
}

TEST_CASE("process.exit, process.exitCode, argv and env") {
  Harness h;
  runtime::ProgramOptions options;
  options.filename = "p.js";
  options.argv = {"one", "two"};
  options.env = {{"MODE", "test"}};
  auto exit = h.Run(R"(
    console.log(process.argv.slice(1).join(','), process.env.MODE, process.env.HOME);
    setTimeout(() => { process.exit(7); console.log('not reached'); }, 10);
    setTimeout(() => console.log('not reached either'), 20);
  )", options);
  CHECK(exit.code == 7);
  CHECK(h.output.out() == "p.js,one,two test undefined\n");

  Harness h2;
  CHECK(h2.Run("process.exitCode = 4; console.log('x')").code == 4);
}

TEST_CASE("an uncaught error reports file:line:col, the source line, a caret and the stack") {
  Harness h;
  runtime::ProgramOptions options;
  options.filename = "boom.js";
  auto exit = h.Run("console.log('before');\nfunction f() {\n  throw new TypeError('bad');\n}\nsetTimeout(f, 1);\n",
                    options);
  CHECK(exit.code == 1);
  CHECK(h.output.out() == "before\n");
  CHECK(h.output.err().rfind("boom.js:3:3: TypeError: bad\n  throw new TypeError('bad');\n  ^\n", 0) == 0);
  CHECK(h.output.err().find("f (boom.js:3:9)") != std::string::npos);
}

TEST_CASE("syntax errors are reported with their position") {
  Harness h;
  runtime::ProgramOptions options;
  options.filename = "bad.js";
  auto exit = h.Run("let a = 1;\nlet b = ;\n", options);
  CHECK(exit.code == 1);
  CHECK(h.output.err().rfind("bad.js:2:9: SyntaxError: Unexpected token ';'\nlet b = ;\n        ^\n", 0) == 0);
}

TEST_CASE("unhandled promise rejections end the program; late handlers in the same task are fine") {
  Harness h;
  auto exit = h.Run(R"(
    const p = Promise.reject(new Error('handled later'));
    p.catch((e) => console.log('caught', e.message));
    setTimeout(() => { Promise.reject(new RangeError('nobody cares')); }, 5);
    setTimeout(() => console.log('not reached'), 10);
  )");
  CHECK(exit.code == 1);
  CHECK(h.output.out() == "caught handled later\n");
  CHECK(h.output.err().find("Uncaught (in promise) RangeError: nobody cares") != std::string::npos);
}

TEST_CASE("an error thrown by a queueMicrotask callback is uncaught") {
  Harness h;
  auto exit = h.Run("queueMicrotask(() => { throw new Error('in microtask'); });\n"
                    "setTimeout(() => console.log('not reached'), 1);");
  CHECK(exit.code == 1);
  CHECK(h.output.err().find("Error: in microtask") != std::string::npos);
  CHECK(h.output.out().empty());
}

TEST_CASE("require('things') publishes and subscribes through the transport") {
  Harness h;
  runtime::ProgramOptions options;
  options.id = "p42";
  auto exit = h.Run(R"(
    const things = require('things');
    console.log(things.id);
    let n = 0;
    function handler(value, topic) {
      console.log(topic, JSON.stringify(value));
      if (++n === 2) things.unsubscribe('sensors/+', handler);
    }
    things.subscribe('sensors/+', handler);
    things.publish('sensors/a', { t: 21.5 });
    things.publish('sensors/b', [1, 'two']);
    things.publish('other', 1);
    try { things.publish('x/#', 1); } catch (e) { console.log(e.message); }
    try { things.subscribe('a/#/b', handler); } catch (e) { console.log(e.message); }
    try { require('fs2'); } catch (e) { console.log(e.code); }
  )", options);
  CHECK(exit.code == 0);
  CHECK(h.output.out() ==
        "p42\n"
        "things.publish: invalid topic 'x/#' (no wildcards in publish)\n"
        "things.subscribe: invalid topic filter 'a/#/b'\n"
        "MODULE_NOT_FOUND\n"
        "sensors/a {\"t\":21.5}\n"
        "sensors/b [1,\"two\"]\n");
  CHECK(h.bus.subscription_count() == 0);
}

TEST_CASE("two programs talk over one bus, each driven by its own thread") {
  Harness h;
  runtime::SteadyClock clock;
  runtime::ProgramHost host{&test::Platform(), &clock, &h.output, &h.bus, &h.watchdog};
  auto consumer = runtime::Program::Create({}, host);
  auto producer = runtime::Program::Create({}, host);
  consumer->Start(R"(
    const things = require('things');
    let sum = 0;
    things.subscribe('numbers', (n) => {
      sum += n;
      if (n === 100) { console.log('sum', sum); things.unsubscribe('numbers'); }
    });
  )");
  std::thread t([&] { runtime::RunToCompletion(*consumer, clock); });
  producer->Start(R"(
    let i = 0;
    const iv = setInterval(() => {
      for (let k = 0; k < 10; k++) require('things').publish('numbers', ++i);
      if (i === 100) clearInterval(iv);
    }, 1);
  )");
  runtime::RunToCompletion(*producer, clock);
  t.join();
  CHECK(h.output.out() == "sum 5050\n");
}

TEST_CASE("a program may be driven from different threads over its life") {
  Harness h;
  auto program = h.Make();
  program->Start("let n = 0; setInterval(() => { console.log('turn', ++n); if (n === 4) process.exit(0); }, 10);");
  for (int i = 0; i < 4 && !program->exited(); ++i) {
    std::thread t([&] {
      auto due = program->NextTimerDueMs();
      REQUIRE(due);
      h.virtual_clock.Advance(*due - h.virtual_clock.NowMs());
      program->RunOnce();
    });
    t.join();
  }
  CHECK(program->exited());
  CHECK(h.output.out() == "turn 1\nturn 2\nturn 3\nturn 4\n");
}

TEST_CASE("require('events') gives a working EventEmitter") {
  Harness h;
  h.Run(R"(
    const EventEmitter = require('events');
    class Sensor extends EventEmitter {}
    const s = new Sensor();
    s.once('reading', (v) => console.log('once', v));
    s.on('reading', (v) => console.log('on', v));
    s.emit('reading', 1);
    s.emit('reading', 2);
    console.log(s.listenerCount('reading'), require('events') === EventEmitter);
  )");
  CHECK(h.output.out() == "once 1\non 1\non 2\n1 true\n");
}

TEST_CASE("a delay whose conversion throws schedules nothing") {
  Harness h;
  auto exit = h.Run(R"(
    try { setTimeout(() => console.log('scheduled anyway'), Symbol('x')); }
    catch (e) { console.log(e.name); }
  )");
  CHECK(exit.code == 0);
  CHECK(h.output.out() == "TypeError\n");
}

TEST_CASE("an unref'd timer does not fire when nothing else keeps the program alive") {
  Harness h;
  auto exit = h.Run("setTimeout(() => console.log('never'), 1).unref(); for (let i = 0; i < 1e5; i++);");
  CHECK(exit.code == 0);
  CHECK(h.output.out().empty());
}

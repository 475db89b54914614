#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>

#include "proto/snapshot.pb.h"
#include "proto/snapshot_codec.h"
#include "test/unit/test_support.h"

using namespace thingsjs;
using thingsjs::test::Harness;

namespace {

// A program that uses most kinds of state, captured after `stop_ms` of virtual time.
const char* kStateful = R"(
  class Animal { constructor(n) { this.n = n; } speak() { return this.n + '!'; } }
  class Dog extends Animal { speak() { return 'woof ' + super.speak(); } }
  function counter(step) { let n = 0; return { next() { n += step; return n; }, get value() { return n; } }; }
  const c = counter(3);
  const dog = new Dog('rex');
  const bag = { list: [1, 'two', { three: 3n }], map: new Map([[dog, c]]), set: new Set([Symbol.for('s')]),
                when: new Date(0), re: /x+/gi, bytes: new Uint8Array([1, 2, 3]), bound: dog.speak.bind(dog) };
  let ticks = 0;
  const t = setInterval((tag) => {
    ticks++;
    console.log(tag, ticks, c.next(), c.value, bag.bound(), bag.map.get(dog).value, bag.list.length);
    if (ticks === 5) clearInterval(t);
  }, 10, 'tick');
)";

std::string Capture(Harness& h, const char* source, double stop_ms) {
  runtime::ProgramOptions options;
  options.instrument = true;
  auto program = h.Make(options);
  program->Start(source);
  REQUIRE(runtime::RunUntil(*program, *h.clock_, stop_ms));
  std::string bytes;
  REQUIRE(program->Capture(&bytes) == "");
  return bytes;
}

// Restores `bytes` and runs what it restored for a few turns: whatever happens, no crash.
std::string RestoreAndRun(const std::string& bytes) {
  Harness h;
  auto program = h.Make();
  std::string error = program->Restore(bytes);
  if (error.empty()) runtime::RunUntil(*program, h.virtual_clock, 1e9, 20);
  return error;
}

// How many damaged snapshots each fuzzing case tries: THINGSJS_FUZZ_ITERATIONS for longer
// campaigns (the suite's default keeps it to a few seconds).
int Iterations() {
  const char* n = std::getenv("THINGSJS_FUZZ_ITERATIONS");
  return n ? std::max(1, std::atoi(n)) : 150;
}

}  // namespace

TEST_CASE("restore: a captured program continues with the same output") {
  Harness whole;
  runtime::ProgramOptions options;
  options.instrument = true;
  auto program = whole.Make(options);
  program->Start(kStateful);
  runtime::RunToCompletion(*program, whole.virtual_clock);
  std::string expected = whole.output.out();

  Harness first;
  std::string bytes = Capture(first, kStateful, 25);
  Harness second;
  auto restored = second.Make();
  REQUIRE(restored->Restore(bytes) == "");
  runtime::ProgramExit exit = runtime::RunToCompletion(*restored, second.virtual_clock);
  CHECK(exit.code == 0);
  CHECK(first.output.out() + second.output.out() == expected);
  CHECK(restored->ProgramTimeMs() >= 50);
}

TEST_CASE("restore: what cannot be restored is said, and the program has ended") {
  Harness h;
  auto program = h.Make();
  CHECK(program->Restore("") == "empty file: not a ThingsJS snapshot");
  CHECK(program->exited());
  CHECK(program->exit().code == 1);
  CHECK(RestoreAndRun(proto::EncodeEnvelope("\x08\x01")) == "the snapshot holds no program");

  // A snapshot of another program version of the instrumentation.
  Harness c;
  std::string bytes = Capture(c, kStateful, 25);
  std::string body;
  REQUIRE(proto::DecodeEnvelope(bytes, &body) == "");
  snapshot::Snapshot s;
  REQUIRE(s.ParseFromString(body));
  s.mutable_program()->set_instrumented_crc32(s.program().instrumented_crc32() ^ 1);
  CHECK(RestoreAndRun(proto::EncodeEnvelope(s.SerializeAsString())) == "it was made by a different version of the instrumentation");
}

TEST_CASE("restore: hostile snapshots (damaged bytes under a valid checksum) give errors, never crashes") {
  Harness h;
  std::string bytes = Capture(h, kStateful, 25);
  std::string body;
  REQUIRE(proto::DecodeEnvelope(bytes, &body) == "");
  std::mt19937 random(12345);
  int restored = 0;
  const int iterations = Iterations();
  for (int i = 0; i < iterations; ++i) {
    std::string damaged = body;
    int flips = 1 + static_cast<int>(random() % 4);
    for (int f = 0; f < flips; ++f) {
      size_t at = random() % damaged.size();
      damaged[at] = static_cast<char>(damaged[at] ^ (1 << (random() % 8)));
    }
    if (RestoreAndRun(proto::EncodeEnvelope(damaged)).empty()) ++restored;
  }
  MESSAGE("byte flips: " << restored << " of " << iterations << " still restored");
}

TEST_CASE("restore: hostile snapshots (indices and kinds changed) give errors, never crashes") {
  Harness h;
  std::string bytes = Capture(h, kStateful, 25);
  std::string body;
  REQUIRE(proto::DecodeEnvelope(bytes, &body) == "");
  snapshot::Snapshot original;
  REQUIRE(original.ParseFromString(body));
  std::mt19937 random(777);
  auto any = [&](uint32_t n) { return static_cast<uint32_t>(random() % (n + 3)); };  // sometimes out of range
  for (int i = 0, iterations = Iterations(); i < iterations; ++i) {
    snapshot::Snapshot s = original;
    uint32_t objects = static_cast<uint32_t>(s.objects_size()), scopes = static_cast<uint32_t>(s.scopes_size());
    for (int m = 0; m < 3; ++m) {
      snapshot::HeapObject* o = s.mutable_objects(static_cast<int>(random() % objects));
      switch (random() % 10) {
        case 0: o->mutable_prototype()->set_object(any(objects)); break;
        case 1: if (o->properties_size() > 0) o->mutable_properties(0)->mutable_value()->set_object(any(objects)); break;
        case 2: if (o->has_function()) o->mutable_function()->set_scope(any(scopes)); break;
        case 3: if (o->has_function()) o->mutable_function()->set_home(any(objects)); break;
        case 4: if (o->has_function()) o->mutable_function()->set_position(o->function().position() + 1); break;
        case 5: if (scopes > 0) s.mutable_scopes(static_cast<int>(random() % scopes))->set_parent(any(scopes)); break;
        case 6: if (scopes > 0) s.mutable_scopes(static_cast<int>(random() % scopes))->set_scope_id(any(4)); break;
        case 7: o->set_builtin("Math.nothing.here"); break;
        case 8: o->mutable_array()->set_length(any(1u << 31)); break;
        default: if (s.timers_size() > 0) s.mutable_timers(0)->mutable_callback()->set_object(any(objects)); break;
      }
    }
    RestoreAndRun(proto::EncodeEnvelope(s.SerializeAsString()));
  }
}

TEST_CASE("restore: snapshot, restore and snapshot again, many times") {
  Harness h;
  std::string bytes = Capture(h, kStateful, 15);
  std::string printed = h.output.out();
  for (int hop = 0; hop < 3; ++hop) {
    Harness next;
    auto program = next.Make();
    REQUIRE(program->Restore(bytes) == "");
    REQUIRE(runtime::RunUntil(*program, next.virtual_clock, next.virtual_clock.NowMs() + 10));
    REQUIRE(program->Capture(&bytes) == "");
    printed += next.output.out();
  }
  Harness last;
  auto program = last.Make();
  REQUIRE(program->Restore(bytes) == "");
  runtime::RunToCompletion(*program, last.virtual_clock);
  printed += last.output.out();
  CHECK(printed.find("tick 5 15 15 woof rex! 15 3") != std::string::npos);
}

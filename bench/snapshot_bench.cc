// What migration costs at the moment it happens: for programs holding live heaps from about
// 1 KB to 50 MB (records of numbers, strings, arrays, nested objects, a Map indexing them and
// closures), the time to capture and serialize a snapshot, its size, and the time to restore
// it into a fresh isolate. Each restored program then runs on and must print what the
// original prints after the same moment.
//
//   build/bench/thingsjs_bench_snapshot [--runs N] [--sizes KB,KB,...]
//
// Never fails on timing; exits 1 when a restored program's output differs or a step fails.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/clock.h"
#include "runtime/in_process_bus.h"
#include "runtime/output.h"
#include "runtime/platform.h"
#include "runtime/program.h"

#include "bench/capture_output.h"

using namespace thingsjs::runtime;
using thingsjs::bench::CaptureOutput;

namespace {

// About 400 bytes of live heap per record (measured with this benchmark's heap column).
const char* kProgram = R"JS(
const count = Number(process.argv[2]);
const rooms = ['kitchen', 'garage', 'attic', 'hall'];
const records = [];
const byId = new Map();
function scaler(k) { return (x) => x * k; }
for (let i = 0; i < count; i++) {
  const r = {
    id: i,
    name: 'sensor-' + i,
    reading: i * 0.5,
    history: [i, i + 1, i + 2],
    meta: { room: rooms[i % 4], active: i % 2 === 0 },
  };
  if (i % 10 === 0) r.scale = scaler(i);
  records.push(r);
  byId.set(r.name, r);
}
let tick = 0;
const t = setInterval(() => {
  tick++;
  let sum = 0;
  for (const r of records) {
    r.reading += 1;
    sum += r.reading + r.history[tick % 3] + (r.scale ? r.scale(2) : 0) + (r.meta.active ? 1 : 0);
  }
  console.log('tick', tick, records.length, byId.size, sum);
  if (tick === 3) clearInterval(t);
}, 10);
)JS";

struct Result {
  double heap_mb = 0;
  double capture_ms = 1e18, restore_ms = 1e18;
  size_t bytes = 0;
  bool ok = true;
  std::string error;
};

double Ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

void Measure(V8Platform& platform, size_t records, Result& result) {
  VirtualClock clock;
  CaptureOutput output, restored_output;
  InProcessBus bus;
  ProgramHost host{&platform, &clock, &output, &bus, nullptr};
  ProgramOptions options;
  options.filename = "state.js";
  options.instrument = true;
  options.max_heap_mb = 2048;
  options.argv = {std::to_string(records)};
  auto program = Program::Create(options, host);
  program->Start(kProgram);
  RunUntil(*program, clock, 15);  // one tick has run: the heap is warm
  result.heap_mb = static_cast<double>(program->GetStats().heap_used_bytes) / (1024.0 * 1024.0);
  std::string bytes;
  auto a = std::chrono::steady_clock::now();
  std::string error = program->Capture(&bytes);
  auto b = std::chrono::steady_clock::now();
  if (!error.empty()) {
    result.ok = false;
    result.error = "capture: " + error;
    return;
  }
  result.capture_ms = std::min(result.capture_ms, Ms(a, b));
  result.bytes = bytes.size();
  size_t before = output.out.size();
  RunToCompletion(*program, clock);
  std::string expected = output.out.substr(before);
  program.reset();

  VirtualClock clock2;
  ProgramHost host2{&platform, &clock2, &restored_output, &bus, nullptr};
  auto c = std::chrono::steady_clock::now();
  auto restored = Program::Create(options, host2);
  error = restored->Restore(bytes);
  auto d = std::chrono::steady_clock::now();
  if (!error.empty()) {
    result.ok = false;
    result.error = "restore: " + error;
    return;
  }
  result.restore_ms = std::min(result.restore_ms, Ms(c, d));
  RunToCompletion(*restored, clock2);
  if (restored_output.out != expected) {
    result.ok = false;
    result.error = "the restored program printed\n" + restored_output.out + restored_output.err + "instead of\n" + expected;
  }
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  std::vector<double> sizes_kb = {1, 10, 100, 1000, 10000, 50000};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--sizes" && i + 1 < argc) {
      sizes_kb.clear();
      std::stringstream list(argv[++i]);
      std::string item;
      while (std::getline(list, item, ',')) sizes_kb.push_back(std::atof(item.c_str()));
    } else {
      std::fprintf(stderr, "usage: %s [--runs N] [--sizes KB,KB,...]\n", argv[0]);
      return 2;
    }
  }
  V8Platform platform(argv[0]);
  std::printf("%10s %10s %12s %12s %12s %12s\n", "records", "heap MB", "snapshot MB", "capture ms", "restore ms", "MB/s capture");
  bool ok = true;
  for (double kb : sizes_kb) {
    size_t records = std::max<size_t>(1, static_cast<size_t>(kb * 1024 / 400));
    Result result;
    for (int r = 0; r < runs && result.ok; ++r) Measure(platform, records, result);
    if (!result.ok) {
      std::printf("%10zu FAILED: %s\n", records, result.error.c_str());
      ok = false;
      continue;
    }
    std::printf("%10zu %10.2f %12.2f %12.1f %12.1f %12.1f\n", records, result.heap_mb, result.bytes / (1024.0 * 1024.0),
                result.capture_ms, result.restore_ms, result.heap_mb / (result.capture_ms / 1000.0));
    std::fflush(stdout);
  }
  return ok ? 0 : 1;
}

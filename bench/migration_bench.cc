// What the migration transform costs a running program: each CPU-heavy program runs as written
// (`--raw`) and instrumented, alternately in the same process on the same V8, best of N runs;
// their outputs must match. Prints time and peak heap, and the ratios.
//
//   build/bench/thingsjs_bench_migration [--runs N] [FILE...]   (default: bench/programs/*.js)
//
// Never fails on timing; exits 1 when a program's two outputs differ or a run fails.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

#include "bench/read_file.h"

using thingsjs::bench::ReadFile;
using namespace thingsjs::runtime;
using thingsjs::bench::CaptureOutput;

namespace {

struct Run {
  double ms = 0;
  size_t peak_heap = 0;
  std::string out, err;
  int code = 0;
};

Run RunOnce(V8Platform& platform, const std::string& file, const std::string& source, bool instrument) {
  VirtualClock clock;
  CaptureOutput output;
  InProcessBus bus;
  ProgramHost host{&platform, &clock, &output, &bus, nullptr};
  ProgramOptions options;
  options.filename = std::filesystem::path(file).filename().string();
  options.instrument = instrument;
  options.max_heap_mb = 1024;
  Run run;
  auto program = Program::Create(options, host);
  auto start = std::chrono::steady_clock::now();
  program->Start(source);
  ProgramExit exit = RunToCompletion(*program, clock);
  run.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  run.peak_heap = program->GetStats().heap_peak_bytes;
  run.out = std::move(output.out);
  run.err = std::move(output.err);
  run.code = exit.code;
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, atoi(argv[++i]));
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::string dir = std::string(THINGSJS_SOURCE_DIR) + "/bench/programs";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".js") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
  }
  V8Platform platform(argv[0]);
  printf("Migration instrumentation: raw vs instrumented, same V8, best of %d runs\n\n", runs);
  printf("| program | raw | instrumented | time ratio | raw peak heap | instrumented peak heap | heap ratio |\n");
  printf("|---|---|---|---|---|---|---|\n");
  double log_sum = 0, worst = 0, heap_worst = 0;
  int count = 0;
  bool ok = true;
  for (const std::string& file : files) {
    std::string source = ReadFile(file);
    Run best[2];
    best[0].ms = best[1].ms = 1e30;
    for (int r = 0; r < runs; ++r) {
      for (int mode = 0; mode < 2; ++mode) {
        Run run = RunOnce(platform, file, source, mode == 1);
        if (run.code != 0 || !run.err.empty()) {
          fprintf(stderr, "%s (%s) failed with code %d:\n%s\n", file.c_str(), mode ? "instrumented" : "raw", run.code,
                  run.err.c_str());
          ok = false;
        }
        if (run.ms < best[mode].ms) {
          best[mode].ms = run.ms;
          best[mode].out = run.out;
        }
        best[mode].peak_heap = std::max(best[mode].peak_heap, run.peak_heap);
      }
    }
    if (best[0].out != best[1].out) {
      fprintf(stderr, "%s: outputs differ:\nraw:          %s\ninstrumented: %s\n", file.c_str(), best[0].out.c_str(),
              best[1].out.c_str());
      ok = false;
    }
    double ratio = best[1].ms / best[0].ms;
    double heap_ratio = static_cast<double>(best[1].peak_heap) / static_cast<double>(std::max<size_t>(1, best[0].peak_heap));
    log_sum += std::log(ratio);
    worst = std::max(worst, ratio);
    heap_worst = std::max(heap_worst, heap_ratio);
    ++count;
    printf("| %s | %.0f ms | %.0f ms | %.2fx | %.1f MiB | %.1f MiB | %.2fx |\n",
           std::filesystem::path(file).filename().string().c_str(), best[0].ms, best[1].ms, ratio,
           best[0].peak_heap / 1048576.0, best[1].peak_heap / 1048576.0, heap_ratio);
  }
  if (count) {
    printf("\nTime: geometric mean %.3fx, worst %.2fx (targets: 1.10x, 1.5x). Peak heap: worst %.2fx (target: 1.15x).\n",
           std::exp(log_sum / count), worst, heap_worst);
  }
  return ok ? 0 : 1;
}

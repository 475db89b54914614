// Front-end throughput on real-world JavaScript: parse, parse + scope analysis, parse + print,
// and all three, in MB/s; the AST arena's size relative to the source. Runs acorn (Node.js)
// on the same files in the same run for the ratio.
//
//   build/bench/thingsjs_bench_parser [--no-acorn] [--runs N] FILE...
//   build/bench/thingsjs_bench_parser --corpus .cache/npm/corpus.txt
//   build/bench/thingsjs_bench_parser --only scopes ...   (one row only: for profiling)
//
// The corpus file lists one `script|module PATH` per line (deploy/fetch-test-data.sh
// writes it). Never fails on timing.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "instrument/parser.h"
#include "instrument/printer.h"
#include "instrument/scope.h"

#include "bench/read_file.h"

using thingsjs::bench::ReadFile;
using namespace thingsjs::instrument;

namespace {

struct Input {
  std::string path;
  std::string source;
  bool module = false;
};

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Best-of-`runs` time of `work` over all inputs.
template <typename Work>
double Measure(const std::vector<Input>& inputs, int runs, Work&& work) {
  double best = 1e30;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    for (const Input& in : inputs) work(in);
    best = std::min(best, Seconds(start, std::chrono::steady_clock::now()));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Input> inputs;
  int runs = 5;
  bool with_acorn = true;
  std::string only;  // parse, scopes, print or all: measure just that row
  std::string self = argv[0];
  const char* usage =
      "usage: thingsjs_bench_parser [--no-acorn] [--runs N] [--only parse|scopes|print|all] (--corpus LIST | FILE...)\n";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      fputs(usage, stdout);
      return 0;
    } else if (arg == "--no-acorn") {
      with_acorn = false;
    } else if (arg == "--only" && i + 1 < argc) {
      only = argv[++i];
      with_acorn = false;
    } else if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, atoi(argv[++i]));
    } else if (arg == "--corpus" && i + 1 < argc) {
      std::ifstream list(argv[++i]);
      if (!list) {
        fprintf(stderr, "thingsjs_bench_parser: cannot read %s (run deploy/fetch-test-data.sh)\n", argv[i]);
        return 2;
      }
      std::string line;
      while (std::getline(list, line)) {
        if (line.empty() || line[0] == '#') continue;
        // `GOAL PATH` (as deploy/fetch-test-data.sh writes it) or `PATH [GOAL]`.
        std::istringstream fields(line);
        Input in;
        std::string a, b;
        fields >> a >> b;
        if (a == "script" || a == "module") {
          in.module = a == "module";
          in.path = b;
        } else {
          in.path = a;
          in.module = b == "module";
        }
        inputs.push_back(std::move(in));
      }
    } else if (arg.size() > 1 && arg[0] == '-') {
      fprintf(stderr, "thingsjs_bench_parser: unknown option %s\n%s", arg.c_str(), usage);
      return 2;
    } else {
      Input in;
      in.path = arg;
      in.module = arg.size() > 4 && arg.compare(arg.size() - 4, 4, ".mjs") == 0;
      inputs.push_back(std::move(in));
    }
  }
  if (inputs.empty()) {
    fputs(usage, stderr);
    return 2;
  }
  size_t bytes = 0;
  for (Input& in : inputs) {
    in.source = ReadFile(in.path);
    bytes += in.source.size();
    Arena arena;
    ParseOptions options;
    options.module = in.module;
    if (Parse(in.source, arena, options).error) {
      fprintf(stderr, "%s does not parse; leaving it out\n", in.path.c_str());
      in.source.clear();
    }
  }
  inputs.erase(std::remove_if(inputs.begin(), inputs.end(), [](const Input& in) { return in.source.empty(); }),
               inputs.end());
  bytes = 0;
  for (const Input& in : inputs) bytes += in.source.size();
  double mb = static_cast<double>(bytes) / 1e6;

  size_t arena_bytes = 0;
  // One pass over an input: parse, then optionally analyze scopes and print.
  auto work = [](bool scopes, bool print) {
    return [scopes, print](const Input& in) {
      Arena arena;
      ParseOptions options;
      options.module = in.module;
      ParseResult r = Parse(in.source, arena, options);
      if (scopes) AnalyzeScopes(r.program, arena);
      if (print) {
        PrintOptions print_options;
        print_options.compact = true;
        Print(r.program, in.source, print_options);
      }
    };
  };
  for (const Input& in : inputs) {
    Arena arena;
    ParseOptions options;
    options.module = in.module;
    Parse(in.source, arena, options);
    arena_bytes += arena.used_bytes();
  }

  auto measure = [&](const char* name, bool scopes, bool print) {
    return only.empty() || only == name ? Measure(inputs, runs, work(scopes, print)) : -1.0;
  };
  double t_parse = measure("parse", false, false);
  double t_scopes = measure("scopes", true, false);
  double t_print = measure("print", false, true);
  double t_all = measure("all", true, true);

  double acorn_seconds = -1;
  if (with_acorn) {
    // bench/acorn_bench.js prints acorn's best-of-N seconds for the same files.
    std::string script = self.substr(0, self.rfind('/')) + "/acorn_bench.js";
    std::string cmd = "node '" + script + "' " + std::to_string(runs);
    for (const Input& in : inputs) cmd += std::string(" '") + (in.module ? "module:" : "script:") + in.path + "'";
    FILE* p = popen(cmd.c_str(), "r");
    if (p) {
      char buf[256] = {};
      if (fgets(buf, sizeof buf, p)) acorn_seconds = atof(buf);
      if (pclose(p) != 0) acorn_seconds = -1;
    }
  }

  printf("Front end on %zu files, %.2f MB (best of %d runs)\n\n", inputs.size(), mb, runs);
  printf("| work | time | throughput | vs acorn parse |\n|---|---|---|---|\n");
  auto row = [&](const char* name, double t) {
    if (t < 0) return;
    if (acorn_seconds > 0) {
      printf("| %s | %.0f ms | %.1f MB/s | %.1fx |\n", name, t * 1e3, mb / t, acorn_seconds / t);
    } else {
      printf("| %s | %.0f ms | %.1f MB/s | |\n", name, t * 1e3, mb / t);
    }
  };
  row("parse", t_parse);
  row("parse + scopes", t_scopes);
  row("parse + print", t_print);
  row("parse + scopes + print", t_all);
  if (acorn_seconds > 0) {
    printf("| acorn parse (Node.js) | %.0f ms | %.1f MB/s | 1.0x |\n", acorn_seconds * 1e3, mb / acorn_seconds);
  } else if (with_acorn) {
    printf("| acorn parse (Node.js) | not run (node or acorn missing: deploy/fetch-test-data.sh) | | |\n");
  }
  printf("\nAST arena: %.1f MB for %.1f MB of source (%.1fx)\n", arena_bytes / 1e6, mb,
         static_cast<double>(arena_bytes) / static_cast<double>(bytes));
  return 0;
}

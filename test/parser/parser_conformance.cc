// thingsjs_parser_conformance: the parser's conformance driver (issue 3, "Proof"). It links only
// the front end (no V8), so that the parser is checked on its own:
//
//   thingsjs_parser_conformance test262 DIR [--expectations DIR]
//       runs test262-parser-tests (DIR holds pass/, pass-explicit/, fail/, early/) against the
//       expectation lists in test/parser/; exits 1 on any unexpected result, stale entries
//       included.
//   thingsjs_parser_conformance estree [--module|--script] FILE... [--corpus LIST]
//       one line of ESTree JSON per file (NDJSON), or {"error": ...} when it does not parse.
//   thingsjs_parser_conformance roundtrip [--quiet] [--module|--script] FILE... [--corpus LIST]
//   thingsjs_parser_conformance instrument [--quiet] [--module|--script] FILE|DIR... [--corpus LIST]
//       checks parse(print(parse(x))) == parse(x) in compact and readable modes (--quiet: report
//       only the failures).
//   thingsjs_parser_conformance print [--compact] [--module|--script] FILE
//       prints the re-printed source (for reproducing round-trip failures).
//
// --module/--script apply to the files that follow them; files before either use the module goal
// when named *.module.js or *.mjs. A LIST holds "script PATH" or "module PATH" lines (the
// corpus.txt that deploy/fetch-test-data.sh writes).

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "instrument/arena.h"
#include "instrument/estree.h"
#include "instrument/parser.h"
#include "instrument/printer.h"
#include "instrument/transform.h"
#include "test/parser/json_tree.h"

#ifndef THINGSJS_PARSER_TEST_DIR
#define THINGSJS_PARSER_TEST_DIR "test/parser"
#endif

namespace thingsjs::test {
namespace {

namespace fs = std::filesystem;

// ---- crash reporting ---------------------------------------------------------------------
// A parser crash must name its input. The handler can only use async-signal-safe calls, so the
// name of the file in work is kept in a fixed buffer. Sanitizer reports reach it when the
// sanitizers abort (abort_on_error=1, which test/parser/CMakeLists.txt sets for UBSan).

char g_current_file[4096];

void SetCurrentFile(const std::string& what) {
  size_t n = std::min(what.size(), sizeof(g_current_file) - 1);
  std::memcpy(g_current_file, what.data(), n);
  g_current_file[n] = '\0';
}

extern "C" void OnFatalSignal(int signal) {
  const char prefix[] = "\nthingsjs_parser_conformance: fatal signal while processing ";
  ssize_t ignored = write(2, prefix, sizeof(prefix) - 1);
  ignored = write(2, g_current_file, std::strlen(g_current_file));
  ignored = write(2, "\n", 1);
  (void)ignored;
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void InstallCrashHandler() {
  for (int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) std::signal(s, OnFatalSignal);
}

// ---- parsing -----------------------------------------------------------------------------

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

bool IsModuleName(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  return name.find(".module.js") != std::string_view::npos || ends_with(".mjs");
}

struct Parsed {
  bool ok = false;
  std::string json;   // ESTree JSON when ok
  std::string error;  // "line:column: message" otherwise
  uint32_t error_line = 0, error_column = 0;
};

Parsed ParseToJson(std::string_view source, bool module, bool locations = false) {
  Parsed result;
  try {
    instrument::Arena arena;
    instrument::ParseOptions options;
    options.module = module;
    instrument::ParseResult parsed = instrument::Parse(source, arena, options);
    if (!parsed.program) {
      if (parsed.error) {
        const auto& e = *parsed.error;
        result.error = std::to_string(e.position.line) + ":" + std::to_string(e.position.column) +
                       ": " + e.message;
        result.error_line = e.position.line;
        result.error_column = e.position.column;
      } else {
        result.error = "no program and no error";
      }
      return result;
    }
    result.json = instrument::ToEstreeJson(parsed.program, false, locations);
    result.ok = true;
  } catch (const std::exception& e) {
    result.error = std::string("exception: ") + e.what();
  }
  return result;
}

std::string Excerpt(std::string_view text, size_t limit = 120) {
  std::string out;
  for (char c : text.substr(0, limit)) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  if (text.size() > limit) out += "...";
  return out;
}

// The printed text around a 1-based line and a column (counted in bytes here: close enough
// for a report).
std::string PrintedContext(std::string_view text, uint32_t line, uint32_t column) {
  size_t start = 0;
  for (uint32_t l = 1; l < line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view row =
      text.substr(start, end == std::string_view::npos ? text.npos : end - start);
  size_t from = column > 60 ? column - 60 : 0;
  return Excerpt(row.substr(std::min(from, row.size())), 100);
}

// Where two ESTree JSON texts differ, as a path; the texts themselves when one is not JSON.
std::string DescribeDifference(const std::string& expected, const std::string& actual) {
  Json a, b;
  std::string error;
  if (!ParseJson(expected, &a, &error)) return "ToEstreeJson output is not JSON: " + error;
  if (!ParseJson(actual, &b, &error)) return "ToEstreeJson output is not JSON: " + error;
  std::string d = FirstDifference(a, b);
  return d.empty() ? "texts differ but trees are equal (serializer nondeterminism?)" : d;
}

// Empty when parse(print(parse(source))) has the AST of parse(source); otherwise what failed.
std::string CheckRoundTrip(std::string_view source, bool module, bool compact) {
  try {
    instrument::Arena arena;
    instrument::ParseOptions options;
    options.module = module;
    instrument::ParseResult parsed = instrument::Parse(source, arena, options);
    if (!parsed.program) {
      return "does not parse: " + (parsed.error ? parsed.error->message : std::string("?"));
    }
    std::string json = instrument::ToEstreeJson(parsed.program);
    instrument::PrintOptions print_options;
    print_options.compact = compact;
    std::string printed = instrument::Print(parsed.program, source, print_options).code;
    Parsed again = ParseToJson(printed, module);
    if (!again.ok) {
      return "printed code does not parse: " + again.error + " in `" +
             PrintedContext(printed, again.error_line, again.error_column) + "`";
    }
    if (again.json != json) return "AST differs: " + DescribeDifference(json, again.json);
    return {};
  } catch (const std::exception& e) {
    return std::string("exception: ") + e.what();
  }
}

// ---- test262 ------------------------------------------------------------------------------

// A list of test262 file names that are allowed to behave otherwise than their folder says,
// each with its reason: "name.js  # reason".
struct Expectations {
  std::string path;
  std::map<std::string, std::string> reasons;

  bool Contains(const std::string& name) const { return reasons.count(name) > 0; }
};

bool LoadExpectations(const std::string& path, Expectations* out, std::string* error) {
  out->path = path;
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    size_t hash = line.find('#');
    std::string name = line.substr(0, hash);
    std::string reason = hash == std::string::npos ? "" : line.substr(hash + 1);
    auto trim = [](std::string& s) {
      size_t b = s.find_first_not_of(" \t\r");
      size_t e = s.find_last_not_of(" \t\r");
      s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
    };
    trim(name);
    trim(reason);
    if (name.empty()) continue;
    if (reason.empty()) {
      *error = path + ":" + std::to_string(number) + ": " + name + " has no '# reason'";
      return false;
    }
    if (!out->reasons.emplace(name, reason).second) {
      *error = path + ":" + std::to_string(number) + ": " + name + " is listed twice";
      return false;
    }
  }
  return true;
}

std::vector<std::string> ListJsFiles(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 3 && name.substr(name.size() - 3) == ".js") {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The explicit twins of test262 equal their pass/ files in the suite's own AST (Shift's), not in
// ESTree: ESTree keeps raw literal text, nests parenthesized sequences, and tells identifier keys
// from literal keys. This removes those differences and nothing else.
void NormalizeForTwin(Json* v) {
  if (v->type == Json::Type::kArray) {
    for (Json& item : v->items) NormalizeForTwin(&item);
    return;
  }
  if (v->type != Json::Type::kObject) return;
  v->members.erase(std::remove_if(v->members.begin(), v->members.end(),
                                  [](const auto& m) { return m.first == "raw"; }),
                   v->members.end());
  for (auto& member : v->members) NormalizeForTwin(&member.second);
  const Json* type = v->Find("type");
  if (!type) return;
  if (type->IsString("SequenceExpression")) {
    Json* expressions = v->Find("expressions");
    if (!expressions) return;
    std::vector<Json> flat;
    for (Json& e : expressions->items) {
      const Json* t = e.Find("type");
      if (t && t->IsString("SequenceExpression") && e.Find("expressions")) {
        for (Json& inner : e.Find("expressions")->items) flat.push_back(std::move(inner));
      } else {
        flat.push_back(std::move(e));
      }
    }
    expressions->items = std::move(flat);
    return;
  }
  if (type->IsString("Property") || type->IsString("MethodDefinition") ||
      type->IsString("PropertyDefinition")) {
    const Json* computed = v->Find("computed");
    Json* key = v->Find("key");
    if (!key || (computed && computed->text == "true")) return;
    const Json* key_type = key->Find("type");
    std::string name;
    bool have_name = false;
    if (key_type && key_type->IsString("Identifier") && key->Find("name")) {
      name = key->Find("name")->text;
      have_name = true;
    } else if (key_type && key_type->IsString("Literal")) {
      const Json* bigint = key->Find("bigint");
      const Json* value = key->Find("value");
      if (bigint) {
        name = bigint->text;
      } else if (value && value->type == Json::Type::kNull) {
        name = "Infinity";  // a numeric key too large for a double: JSON has no Infinity
      } else if (value) {
        name = value->text;  // JSON.stringify of a number is its JavaScript ToString
      }
      have_name = bigint || value;
    }
    if (!have_name) return;
    Json normalized;
    normalized.type = Json::Type::kObject;
    Json t, n;
    t.type = n.type = Json::Type::kString;
    t.text = "PropertyName";
    n.text = name;
    normalized.members.emplace_back("type", std::move(t));
    normalized.members.emplace_back("name", std::move(n));
    *key = std::move(normalized);
  }
}

double Percent(size_t part, size_t whole) { return whole ? 100.0 * part / whole : 100.0; }

int RunTest262(const fs::path& dir, const fs::path& expectations_dir) {
  auto started = std::chrono::steady_clock::now();
  Expectations twin_differs, fail_valid, early_allowed;
  std::string error;
  if (!LoadExpectations((expectations_dir / "test262_explicit_differs.txt").string(),
                        &twin_differs, &error) ||
      !LoadExpectations((expectations_dir / "test262_fail_now_valid.txt").string(), &fail_valid,
                        &error) ||
      !LoadExpectations((expectations_dir / "test262_early_allowed.txt").string(),
                        &early_allowed, &error)) {
    std::fprintf(stderr, "test262: %s\n", error.c_str());
    return 2;
  }
  std::vector<std::string> pass = ListJsFiles(dir / "pass");
  std::vector<std::string> fail = ListJsFiles(dir / "fail");
  std::vector<std::string> early = ListJsFiles(dir / "early");
  if (pass.empty() || fail.empty() || early.empty()) {
    std::fprintf(stderr,
                 "test262: no test files under %s (expected pass/, pass-explicit/, fail/, early/; "
                 "run deploy/fetch-test-data.sh)\n",
                 dir.string().c_str());
    return 2;
  }

  std::vector<std::string> unexpected;
  size_t checks = 0;
  size_t bytes = 0;
  auto check = [&](bool ok, const std::string& what) {
    ++checks;
    if (!ok) unexpected.push_back(what);
  };

  // pass/: parses, equals its explicit twin, round-trips through the printer.
  size_t pass_parsed = 0, twin_equal = 0, twin_listed = 0, rt_compact = 0, rt_readable = 0;
  for (const std::string& name : pass) {
    bool module = IsModuleName(name);
    std::string source, explicit_source;
    SetCurrentFile("pass/" + name);
    if (!ReadFile((dir / "pass" / name).string(), &source) ||
        !ReadFile((dir / "pass-explicit" / name).string(), &explicit_source)) {
      check(false, "pass/" + name + ": cannot read the file or its explicit twin");
      continue;
    }
    bytes += source.size();
    Parsed parsed = ParseToJson(source, module);
    check(parsed.ok, "pass/" + name + ": rejected: " + parsed.error);
    if (parsed.ok) ++pass_parsed;

    SetCurrentFile("pass-explicit/" + name);
    Parsed twin = ParseToJson(explicit_source, module);
    if (!twin.ok) {
      check(false, "pass-explicit/" + name + ": rejected: " + twin.error);
    } else if (parsed.ok) {
      Json a, b;
      std::string difference;
      if (!ParseJson(parsed.json, &a, &error) || !ParseJson(twin.json, &b, &error)) {
        difference = "ToEstreeJson output is not JSON: " + error;
      } else {
        NormalizeForTwin(&a);
        NormalizeForTwin(&b);
        difference = FirstDifference(a, b);
      }
      bool listed = twin_differs.Contains(name);
      if (difference.empty()) {
        ++twin_equal;
        check(!listed, "pass/" + name + ": equals its explicit twin but is listed in " +
                           twin_differs.path + " (stale entry)");
      } else {
        twin_listed += listed;
        check(listed, "pass/" + name + ": differs from its explicit twin at " + difference);
      }
    }

    SetCurrentFile("pass/" + name + " (round trip)");
    if (parsed.ok) {
      std::string compact = CheckRoundTrip(source, module, true);
      check(compact.empty(), "pass/" + name + ": round trip (compact): " + compact);
      rt_compact += compact.empty();
      std::string readable = CheckRoundTrip(source, module, false);
      check(readable.empty(), "pass/" + name + ": round trip (readable): " + readable);
      rt_readable += readable.empty();
    }
  }
  for (const auto& [name, reason] : twin_differs.reasons) {
    check(std::binary_search(pass.begin(), pass.end(), name),
          twin_differs.path + ": " + name + " is not a pass/ file (stale entry)");
  }

  // fail/ and early/: rejected, unless listed.
  size_t rt_listed = 0;  // round trips (both modes) of the listed files that are valid today
  auto run_invalid = [&](const std::string& folder, const std::vector<std::string>& names,
                         const Expectations& allowed, size_t* rejected, size_t* rejected_unlisted,
                         size_t* accepted_listed) {
    for (const std::string& name : names) {
      std::string source;
      SetCurrentFile(folder + "/" + name);
      if (!ReadFile((dir / folder / name).string(), &source)) {
        check(false, folder + "/" + name + ": cannot read");
        continue;
      }
      bytes += source.size();
      Parsed parsed = ParseToJson(source, IsModuleName(name));
      bool listed = allowed.Contains(name);
      if (!parsed.ok) {
        ++*rejected;
        *rejected_unlisted += !listed;
        check(!listed, folder + "/" + name + ": rejected (" + parsed.error + ") but listed in " +
                           allowed.path + " as valid (stale entry)");
      } else {
        *accepted_listed += listed;
        check(listed, folder + "/" + name + ": accepted: " + Excerpt(source));
        if (listed) {  // valid today, so the printer must handle it too
          for (bool compact : {true, false}) {
            std::string problem = CheckRoundTrip(source, IsModuleName(name), compact);
            check(problem.empty(), folder + "/" + name + ": round trip (" +
                                       (compact ? "compact" : "readable") + "): " + problem);
            rt_listed += problem.empty();
          }
        }
      }
    }
    for (const auto& [name, reason] : allowed.reasons) {
      check(std::binary_search(names.begin(), names.end(), name),
            allowed.path + ": " + name + " is not a " + folder + "/ file (stale entry)");
    }
  };
  size_t fail_rejected = 0, fail_invalid_rejected = 0, fail_listed = 0;
  size_t early_rejected = 0, early_invalid_rejected = 0, early_listed = 0;
  run_invalid("fail", fail, fail_valid, &fail_rejected, &fail_invalid_rejected, &fail_listed);
  run_invalid("early", early, early_allowed, &early_rejected, &early_invalid_rejected,
              &early_listed);
  SetCurrentFile("(done)");

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("test262-parser-tests: %s (%.1f s, %.1f MB parsed at least once)\n",
              dir.string().c_str(), seconds, bytes / 1e6);
  std::printf("  pass/     %5zu files: %zu parse (%.2f%%)\n", pass.size(), pass_parsed,
              Percent(pass_parsed, pass.size()));
  std::printf("  explicit  %5zu equal their pass-explicit/ twin (%.2f%%), %zu differ as listed "
              "(the suite's own twin errors)\n",
              twin_equal, Percent(twin_equal, pass.size()), twin_listed);
  std::printf("  printer   %5zu round-trip in compact mode (%.2f%%), %zu in readable mode "
              "(%.2f%%); listed fail/ and early/ files: %zu of %zu round trips\n",
              rt_compact, Percent(rt_compact, pass.size()), rt_readable,
              Percent(rt_readable, pass.size()), rt_listed, 2 * (fail_listed + early_listed));
  std::printf("  fail/     %5zu files: %zu rejected (%.2f%%), %zu accepted as listed (valid since "
              "ES2019-ES2022), %zu of %zu still-invalid files rejected (%.2f%%)\n",
              fail.size(), fail_rejected, Percent(fail_rejected, fail.size()), fail_listed,
              fail_invalid_rejected, fail.size() - fail_valid.reasons.size(),
              Percent(fail_invalid_rejected, fail.size() - fail_valid.reasons.size()));
  std::printf("  early/    %5zu files: %zu rejected (%.2f%%), %zu accepted as listed (Annex B and "
              "later spec changes), %zu of %zu still-invalid files rejected (%.2f%%)\n",
              early.size(), early_rejected, Percent(early_rejected, early.size()), early_listed,
              early_invalid_rejected, early.size() - early_allowed.reasons.size(),
              Percent(early_invalid_rejected, early.size() - early_allowed.reasons.size()));
  if (!unexpected.empty()) {
    std::printf("unexpected results: %zu%s\n", unexpected.size(),
                unexpected.size() > 50 ? " (the first 50)" : "");
    for (size_t i = 0; i < unexpected.size() && i < 50; ++i) {
      std::printf("  %s\n", unexpected[i].c_str());
    }
  }
  std::printf("test262: %zu passed, %zu failed\n", checks - unexpected.size(), unexpected.size());
  return unexpected.empty() ? 0 : 1;
}

// ---- estree / roundtrip / print -----------------------------------------------------------

struct Input {
  std::string path;
  bool module = false;
};

// Files and goals from the command line: --module/--script set the goal of what follows (before
// either, a file's name decides); --corpus LIST adds the "goal path" lines of LIST.
bool CollectInputs(int argc, char** argv, int first, std::vector<Input>* inputs,
                   bool* compact, bool* quiet, bool* locations) {
  bool module = false, goal_given = false;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--module" || arg == "--script") {
      module = arg == "--module";
      goal_given = true;
    } else if (arg == "--compact" && compact) {
      *compact = true;
    } else if (arg == "--quiet" && quiet) {
      *quiet = true;
    } else if (arg == "--locations" && locations) {
      *locations = true;
    } else if (arg == "--corpus" && i + 1 < argc) {
      std::ifstream list(argv[++i]);
      if (!list) {
        std::fprintf(stderr, "cannot read %s\n", argv[i]);
        return false;
      }
      std::string goal, path;
      while (list >> goal >> path) inputs->push_back({path, goal == "module"});
    } else if (arg.size() > 1 && arg[0] == '-' && arg[1] == '-') {
      std::fprintf(stderr, "unknown option %s\n", arg.c_str());
      return false;
    } else if (std::filesystem::is_directory(arg)) {
      // Every .js file in it, in name order (test262's *.module.js are modules).
      std::vector<std::string> files;
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (entry.path().extension() == ".js") files.push_back(entry.path().string());
      }
      std::sort(files.begin(), files.end());
      for (const std::string& f : files) inputs->push_back({f, goal_given ? module : IsModuleName(f)});
    } else {
      inputs->push_back({arg, goal_given ? module : IsModuleName(arg)});
    }
  }
  return true;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

int RunEstree(const std::vector<Input>& inputs, bool locations) {
  int status = 0;
  for (const Input& input : inputs) {
    SetCurrentFile(input.path);
    std::string source;
    std::string line;
    if (!ReadFile(input.path, &source)) {
      line = "{\"error\":" + JsonString("cannot read " + input.path) + "}";
      status = 2;
    } else {
      Parsed parsed = ParseToJson(source, input.module, locations);
      line = parsed.ok ? parsed.json : "{\"error\":" + JsonString(parsed.error) + "}";
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);  // a crash on the next file must not lose this line
  }
  return status;
}

int RunRoundTrip(const std::vector<Input>& inputs, bool quiet) {
  size_t passed = 0, failed = 0;
  for (const Input& input : inputs) {
    std::string source;
    if (!ReadFile(input.path, &source)) {
      std::printf("FAIL %s: cannot read\n", input.path.c_str());
      ++failed;
      continue;
    }
    for (bool compact : {true, false}) {
      SetCurrentFile(input.path + (compact ? " (compact round trip)" : " (readable round trip)"));
      auto started = std::chrono::steady_clock::now();
      std::string problem = CheckRoundTrip(source, input.module, compact);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                            started).count();
      const char* mode = compact ? "compact" : "readable";
      if (problem.empty()) {
        ++passed;
        if (!quiet) std::printf("ok   %s (%s, %s, %.0f ms)\n", input.path.c_str(),
                    input.module ? "module" : "script", mode, ms);
      } else {
        ++failed;
        std::printf("FAIL %s (%s, %s): %s\n", input.path.c_str(),
                    input.module ? "module" : "script", mode, problem.c_str());
      }
      std::fflush(stdout);
    }
  }
  std::printf("roundtrip: %zu passed, %zu failed\n", passed, failed);
  return failed ? 1 : 0;
}

// The migration transform on each input: the instrumented program parses with the same goal,
// and every original byte maps back to itself through the insertion table.
int RunInstrument(const std::vector<Input>& inputs, bool quiet) {
  size_t passed = 0, failed = 0, not_migratable = 0, changed = 0;
  for (const Input& input : inputs) {
    SetCurrentFile(input.path + " (instrument)");
    std::string source;
    std::string problem;
    if (!ReadFile(input.path, &source)) {
      problem = "cannot read";
    } else {
      instrument::InstrumentOptions options;
      options.module = input.module;
      instrument::InstrumentResult r = instrument::Instrument(source, options);
      if (r.error) {
        problem = "not instrumented: " + r.error->message;
      } else {
        if (!r.not_migratable.empty()) ++not_migratable;
        if (r.code != source) ++changed;
        instrument::Arena arena;
        instrument::ParseOptions parse_options;
        parse_options.module = input.module;
        instrument::ParseResult again = instrument::Parse(r.code, arena, parse_options);
        if (again.error) {
          problem = "instrumented code does not parse: " + std::to_string(again.error->position.line) + ":" +
                    std::to_string(again.error->position.column + 1) + ": " + again.error->message;
        } else {
          // Walk the original bytes through the code: each maps back to its own offset.
          uint32_t code_offset = 0, original = 0;
          size_t next = 0;
          for (; original <= source.size() && problem.empty(); ++original, ++code_offset) {
            while (next < r.insertions.size() && r.insertions[next].first == original) {
              code_offset += r.insertions[next].second;
              ++next;
            }
            if (original < source.size() && r.code[code_offset] != source[original]) {
              problem = "byte " + std::to_string(original) + " moved";
            } else if ((original % 61 == 0 || (next < r.insertions.size() && r.insertions[next].first == original + 1)) &&
                       r.OriginalOffset(code_offset) != original) {
              problem = "offset " + std::to_string(original) + " maps back to " + std::to_string(r.OriginalOffset(code_offset));
            }
          }
        }
      }
    }
    if (problem.empty()) {
      ++passed;
      if (!quiet) std::printf("ok   %s\n", input.path.c_str());
    } else {
      ++failed;
      std::printf("FAIL %s (%s): %s\n", input.path.c_str(), input.module ? "module" : "script", problem.c_str());
    }
    std::fflush(stdout);
  }
  std::printf("instrument: %zu passed (%zu changed, %zu not migratable), %zu failed\n", passed, changed,
              not_migratable, failed);
  return failed ? 1 : 0;
}

int RunPrint(const std::vector<Input>& inputs, bool compact) {
  if (inputs.size() != 1) {
    std::fprintf(stderr, "print takes one file\n");
    return 2;
  }
  std::string source;
  if (!ReadFile(inputs[0].path, &source)) {
    std::fprintf(stderr, "cannot read %s\n", inputs[0].path.c_str());
    return 2;
  }
  instrument::Arena arena;
  instrument::ParseOptions options;
  options.module = inputs[0].module;
  instrument::ParseResult parsed = instrument::Parse(source, arena, options);
  if (!parsed.program) {
    if (parsed.error) {
      std::fprintf(stderr, "%s",
                   instrument::FormatSyntaxError(inputs[0].path, source, *parsed.error).c_str());
    }
    return 1;
  }
  instrument::PrintOptions print_options;
  print_options.compact = compact;
  std::string code = instrument::Print(parsed.program, source, print_options).code;
  std::fwrite(code.data(), 1, code.size(), stdout);
  return 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: thingsjs_parser_conformance test262 DIR [--expectations DIR]\n"
               "       thingsjs_parser_conformance estree [--locations] [--module|--script] FILE... "
               "[--corpus LIST]\n"
               "       thingsjs_parser_conformance roundtrip [--quiet] [--module|--script] FILE... "
               "[--corpus LIST]\n"
               "       thingsjs_parser_conformance print [--compact] [--module] FILE\n");
  return 2;
}

int Main(int argc, char** argv) {
  InstallCrashHandler();
  if (argc < 2) return Usage();
  std::string mode = argv[1];
  if (mode == "test262") {
    if (argc < 3) return Usage();
    fs::path expectations = THINGSJS_PARSER_TEST_DIR;
    for (int i = 3; i < argc; ++i) {
      if (std::string(argv[i]) == "--expectations" && i + 1 < argc) {
        expectations = argv[++i];
      } else {
        return Usage();
      }
    }
    return RunTest262(argv[2], expectations);
  }
  std::vector<Input> inputs;
  bool compact = false, quiet = false;
  bool locations = false;  // estree: start/end offsets on every node (compare_acorn.js --locations)
  if (!CollectInputs(argc, argv, 2, &inputs, mode == "print" ? &compact : nullptr,
                     mode == "roundtrip" || mode == "instrument" ? &quiet : nullptr,
                     mode == "estree" ? &locations : nullptr)) {
    return 2;
  }
  if (mode == "estree") return RunEstree(inputs, locations);
  if (mode == "roundtrip") return RunRoundTrip(inputs, quiet);
  if (mode == "instrument") return RunInstrument(inputs, quiet);
  if (mode == "print") return RunPrint(inputs, compact);
  return Usage();
}

}  // namespace
}  // namespace thingsjs::test

int main(int argc, char** argv) { return thingsjs::test::Main(argc, argv); }

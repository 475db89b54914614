// `thingsjs node --config FILE.ini`: a node deployed from a config file (docs/config.md). The
// file is validated here, completely, before anything starts: an unknown section or key, a
// value of the wrong type or out of range, a missing required key, each is an error naming
// the file, the line and the key.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "actors/mqtt_client.h"
#include "cli/commands.h"
#include "proto/control_codec.h"

namespace thingsjs::cli {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// One key of the format: its type, range and where it goes.
struct Key {
  enum Type { kString, kInt, kNumber, kBool, kLabels, kEnum } type;
  bool required = false;
  double min = 0, max = 0;
  std::vector<std::string> choices;
  std::function<void(const std::string&, NodeOptions&)> set;
  std::function<std::string(const std::string&)> valid = nullptr;  // more checks: why not, or empty
};

std::string ValidId(const std::string& v) {
  return proto::Topics::IsValidId(v) ? "" : "'" + v + "' is not a valid id (1 to 128 bytes, no '/', '+', '#')";
}
std::string ValidUrl(const std::string& v) {
  actors::MqttOptions ignored;
  return ParseBroker(v, &ignored) ? "" : "expected mqtt://host:port, not '" + v + "'";
}
std::string ValidPrefix(const std::string& v) {
  return v.find_first_of("+#") == std::string::npos && v.front() != '/' && v.back() != '/' ? "" : "'" + v + "' is not a topic prefix";
}

const std::map<std::string, std::map<std::string, Key>>& Format() {
  static const auto* format = new std::map<std::string, std::map<std::string, Key>>{
      {"node",
       {
           {"role", {Key::kEnum, true, 0, 0, {"worker"}, [](const std::string& v, NodeOptions& o) { o.role = v; }}},
           {"id", {Key::kString, false, 0, 0, {}, [](const std::string& v, NodeOptions& o) { o.worker.id = v; }, ValidId}},
       }},
      {"broker",
       {
           {"url", {Key::kString, true, 0, 0, {}, [](const std::string& v, NodeOptions& o) { o.worker.broker = v; }, ValidUrl}},
           {"topic_prefix", {Key::kString, false, 0, 0, {}, [](const std::string& v, NodeOptions& o) { o.worker.topic_prefix = v; }, ValidPrefix}},
           {"username", {Key::kString, false, 0, 0, {}, [](const std::string& v, NodeOptions& o) { o.worker.username = v; }}},
           {"password_file", {Key::kString, false, 0, 0, {}, [](const std::string& v, NodeOptions& o) { o.worker.password_file = v; }}},
           {"ca_file", {Key::kString, false, 0, 0, {}, [](const std::string& v, NodeOptions& o) { o.worker.ca_file = v; }}},
           {"keepalive", {Key::kInt, false, 5, 3600, {}, [](const std::string& v, NodeOptions& o) { o.worker.keepalive_s = std::stoi(v); }}},
       }},
      {"worker",
       {
           {"labels", {Key::kLabels, false, 0, 0, {}, [](const std::string& v, NodeOptions& o) {
                         std::stringstream items(v);
                         std::string item;
                         while (std::getline(items, item, ',')) {
                           if (!Trim(item).empty()) o.worker.labels.push_back(Trim(item));
                         }
                       }}},
           {"max_programs", {Key::kInt, false, 1, 1000000, {}, [](const std::string& v, NodeOptions& o) { o.worker.max_programs = std::stoul(v); }}},
           {"max_heap_mb", {Key::kInt, false, 8, 1 << 20, {}, [](const std::string& v, NodeOptions& o) { o.worker.max_heap_mb = std::stoul(v); }}},
           {"max_task_ms", {Key::kNumber, false, 0, 1e9, {}, [](const std::string& v, NodeOptions& o) { o.worker.max_task_ms = std::stod(v); }}},
           {"metrics_interval", {Key::kNumber, false, 0.1, 3600, {}, [](const std::string& v, NodeOptions& o) { o.worker.metrics_interval_s = std::stod(v); }}},
           {"migrate_timeout", {Key::kNumber, false, 0.1, 3600, {}, [](const std::string& v, NodeOptions& o) { o.worker.migrate_timeout_s = std::stod(v); }}},
       }},
  };
  return *format;
}

// Why `value` is not a valid `key`; empty when it is.
std::string Check(const Key& key, const std::string& value) {
  switch (key.type) {
    case Key::kString:
      return value.empty() ? "is empty" : "";
    case Key::kEnum:
      for (const std::string& c : key.choices) {
        if (value == c) return "";
      }
      return "must be one of: " + [&] {
        std::string all;
        for (const std::string& c : key.choices) all += (all.empty() ? "" : ", ") + c;
        return all;
      }();
    case Key::kBool:
      return value == "true" || value == "false" ? "" : "must be true or false";
    case Key::kInt:
    case Key::kNumber: {
      errno = 0;
      char* end = nullptr;
      double d = std::strtod(value.c_str(), &end);
      bool is_int = value.find_first_not_of("0123456789-") == std::string::npos;
      if (value.empty() || *end != '\0' || errno != 0 || !std::isfinite(d) || (key.type == Key::kInt && !is_int)) {
        return std::string("must be ") + (key.type == Key::kInt ? "a whole number" : "a number") + ", not '" + value + "'";
      }
      if (d < key.min || d > key.max) {
        std::ostringstream range;
        range << "must be between " << key.min << " and " << key.max << ", not " << value;
        return range.str();
      }
      return "";
    }
    case Key::kLabels: {
      std::stringstream items(value);
      std::string item;
      while (std::getline(items, item, ',')) {
        item = Trim(item);
        if (item.empty()) continue;
        size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0) return "expects KEY=VALUE pairs separated by commas, not '" + item + "'";
      }
      return "";
    }
  }
  return "";
}

}  // namespace

std::string LoadNodeConfig(const std::string& path, NodeOptions* options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "thingsjs: cannot read '" + path + "': " + std::strerror(errno);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  const auto& format = Format();
  std::map<std::string, int> section_lines;
  std::set<std::string> seen;  // "section.key"
  std::string section;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  std::vector<std::string> errors;
  auto error = [&](int at, const std::string& message) { errors.push_back(path + ":" + std::to_string(at) + ": " + message); };
  while (std::getline(lines, line)) {
    ++number;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t[0] == '[') {
      if (t.back() != ']') {
        error(number, "a section header must end with ']'");
        continue;
      }
      section = Trim(t.substr(1, t.size() - 2));
      if (!format.count(section)) {
        error(number, "unknown section [" + section + "] (known: [node], [broker], [worker])");
      } else if (section_lines.count(section)) {
        error(number, "section [" + section + "] again (first at line " + std::to_string(section_lines[section]) + ")");
      } else {
        section_lines[section] = number;
      }
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string::npos) {
      error(number, "expected KEY = VALUE, got '" + t + "'");
      continue;
    }
    std::string key = Trim(t.substr(0, eq));
    std::string value = Trim(t.substr(eq + 1));
    // A comment may follow a value, after whitespace.
    if (size_t hash = value.find(" #"); hash != std::string::npos) value = Trim(value.substr(0, hash));
    if (section.empty()) {
      error(number, key + ": outside of any section");
      continue;
    }
    auto known = format.find(section);
    if (known == format.end()) continue;  // said already
    auto k = known->second.find(key);
    if (k == known->second.end()) {
      std::string names;
      for (const auto& [name, _] : known->second) names += (names.empty() ? "" : ", ") + name;
      error(number, "[" + section + "] " + key + ": unknown key (known: " + names + ")");
      continue;
    }
    if (!seen.insert(section + "." + key).second) {
      error(number, "[" + section + "] " + key + ": set twice");
      continue;
    }
    std::string problem = Check(k->second, value);
    if (problem.empty() && k->second.valid) problem = k->second.valid(value);
    if (!problem.empty()) {
      error(number, "[" + section + "] " + key + ": " + problem);
      continue;
    }
    k->second.set(value, *options);
  }
  for (const auto& [name, keys] : format) {
    for (const auto& [key, spec] : keys) {
      if (!spec.required || seen.count(name + "." + key)) continue;
      int at = section_lines.count(name) ? section_lines[name] : number;
      error(at, "[" + name + "] " + key + ": required, and missing");
    }
  }
  std::string all;
  for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
  return all.empty() ? "" : all;
}

void AddNodeCommand(CLI::App& app, NodeOptions& options) {
  CLI::App* cmd = app.add_subcommand("node", "Run a node deployed from a config file (docs/config.md)");
  cmd->add_option("--config", options.config, "The node's config file (INI)")->required();
  cmd->add_flag("--check", options.check, "Only check the config file, and say what the node would be");
  cmd->footer(
      "Errors in the file name the file, the line and the key, and the node does not start (exit 2).\n\n"
      "Examples:\n  thingsjs node --config /etc/thingsjs/node.ini\n  thingsjs node --config deploy/examples/pi-worker.ini --check");
}

int RunNode(NodeOptions& options, const char* argv0) {
  std::string errors = LoadNodeConfig(options.config, &options);
  if (!errors.empty()) {
    std::cerr << errors << "\n";
    return 2;
  }
  if (options.check) {
    std::cout << options.config << ": a " << options.role << " node '" << (options.worker.id.empty() ? "(the host name)" : options.worker.id)
              << "' on " << options.worker.broker << " (prefix " << options.worker.topic_prefix << ")\n";
    return 0;
  }
  return RunWorker(options.worker, argv0);
}

}  // namespace thingsjs::cli

#pragma once
// The whole of a file (empty when it cannot be read), for the benchmark drivers.

#include <fstream>
#include <sstream>
#include <string>

namespace thingsjs::bench {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace thingsjs::bench

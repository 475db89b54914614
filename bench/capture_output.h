#pragma once
// An Output that keeps what a benchmarked program prints, so that runs can be compared.

#include <string>
#include <string_view>

#include "runtime/output.h"

namespace thingsjs::bench {

class CaptureOutput final : public runtime::Output {
 public:
  void Write(int fd, std::string_view text) override { (fd == 1 ? out : err).append(text); }
  std::string out, err;
};

}  // namespace thingsjs::bench

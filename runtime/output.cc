#include "runtime/output.h"

#include <unistd.h>

#include <cerrno>

namespace thingsjs::runtime {

void FdOutput::Write(int fd, std::string_view text) {
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // A closed pipe must not kill the program host.
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace thingsjs::runtime

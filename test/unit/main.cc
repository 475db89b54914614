// The unit-test runner. V8 may be initialized once per process, so main owns the platform
// and hands it to the tests through test_support.h.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "runtime/platform.h"
#include "test/unit/test_support.h"

namespace thingsjs::test {
namespace {
runtime::V8Platform* g_platform = nullptr;
}
runtime::V8Platform& Platform() { return *g_platform; }
}  // namespace thingsjs::test

int main(int argc, char** argv) {
  thingsjs::runtime::V8Platform platform(argv[0]);
  thingsjs::test::g_platform = &platform;
  doctest::Context context(argc, argv);
  int result = context.run();
  thingsjs::test::g_platform = nullptr;
  return result;
}

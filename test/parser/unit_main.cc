// The runner of the parser's unit tests: doctest's own main. The front end is pure C++, so unlike
// test/unit it needs no V8 platform.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#!/usr/bin/env bash
# Runs the parse+print libFuzzer target (clang, ASan + UBSan).
#   deploy/fuzz.sh [SECONDS]      default 300
# Seeds: test262-parser-tests pass/ files and the golden programs. A crash leaves its input in
# build-fuzz/crash-*; minimize it (the binary with -minimize_crash=1), fix the bug, and commit
# the reproducer to test/fuzz/regressions/ so the replay test keeps it fixed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
seconds="${1:-300}"
bash deploy/fetch-test-data.sh --quiet || true
mkdir -p build-fuzz/corpus
for f in .cache/npm/node_modules/test262-parser-tests/pass/*.js test/programs/*.js; do
  [ -f "$f" ] && cp -n "$f" build-fuzz/corpus/ 2>/dev/null || true
done
clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -DTHINGSJS_LIBFUZZER -I. \
  test/fuzz/parse_print_fuzzer.cc instrument/*.cc -o build-fuzz/parse_print_fuzzer
cd build-fuzz
./parse_print_fuzzer -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 corpus

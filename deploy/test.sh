#!/usr/bin/env bash
# The whole test suite: builds normally and with sanitizers, and runs every test in both.
#   deploy/test.sh              both builds
#   deploy/test.sh release      only the normal build
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
modes=("${@:-release asan}")
read -r -a modes <<< "${modes[*]}"
for mode in "${modes[@]}"; do
  bash deploy/build.sh "$mode"
  dir=build; [ "$mode" = asan ] && dir=build-asan
  echo "== tests ($mode build) =="
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  # Programs run in real time compare timer order with Node's; on a loaded machine a timer
  # may legitimately fire late, so those runs get three tries. Everything else runs once.
  ctest --test-dir "$dir" --output-on-failure -j 2 --timeout 600 -L realtime --repeat until-pass:3
  ctest --test-dir "$dir" --output-on-failure -j 2 --timeout 600 -LE realtime
done

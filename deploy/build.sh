#!/usr/bin/env bash
# Installs the dependencies (if missing) and builds ThingsJS with CMake + Ninja.
#   deploy/build.sh            -> build/            (RelWithDebInfo)
#   deploy/build.sh asan       -> build-asan/       (AddressSanitizer + UBSan)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash deploy/install-deps.sh
case "${1:-release}" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan)    dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DTHINGSJS_SANITIZE=ON -DTHINGSJS_BUILD_BENCH=OFF) ;;
  *) echo "usage: deploy/build.sh [release|asan]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja "${flags[@]}" > /dev/null
# Two jobs fit the 2-core machines this is built on; CAF and V8 headers are heavy.
cmake --build "$dir" -j "${THINGSJS_BUILD_JOBS:-2}"

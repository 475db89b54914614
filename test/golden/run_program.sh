#!/usr/bin/env bash
# Runs one corpus program through `thingsjs run` and compares its stdout with NAME.out and its
# exit code with NAME.code (0 when absent). The expected files were produced by Node.js.
# Usage: run_program.sh THINGSJS PROGRAM.js [extra run options...]
set -u
thingsjs="$1"; program="$2"; shift 2
base="${program%.js}"
expected_code=0
[ -f "$base.code" ] && expected_code="$(tr -d '[:space:]' < "$base.code")"
actual_out="$(mktemp)"; actual_err="$(mktemp)"
trap 'rm -f "$actual_out" "$actual_err"' EXIT
( cd "$(dirname "$program")" && "$thingsjs" run "$@" "$(basename "$program")" ) >"$actual_out" 2>"$actual_err"
code=$?
status=0
if ! diff -u "$base.out" "$actual_out" > /dev/null; then
  echo "stdout differs from $base.out:"; diff -u "$base.out" "$actual_out" | head -60
  status=1
fi
if [ "$code" != "$expected_code" ]; then
  echo "exit code $code, expected $expected_code"
  status=1
fi
if [ $status -ne 0 ]; then echo "--- stderr:"; head -30 "$actual_err"; fi
exit $status

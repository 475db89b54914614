#!/usr/bin/env bash
# One program of the migration corpus (test/migration/): run as written and instrumented, both
# must print NAME.out (Node's output); then captured at several moments of program time, each
# capture must succeed and read back (`snapshot show`); `run --hops` with several seeds must
# print NAME.out, and so must a chain of `run --snapshot-out` and `restore`s.
# Usage: run_migration.sh THINGSJS PROGRAM.js
set -u
thingsjs="$1"; program="$2"
base="${program%.js}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
cd "$(dirname "$program")"
name="$(basename "$program")"
for mode in --raw ""; do
  # shellcheck disable=SC2086
  "$thingsjs" run $mode --virtual-time "$name" > "$work/out" 2> "$work/err"
  code=$?
  if [ "$code" != 0 ] || ! diff -u "$base.out" "$work/out" > "$work/diff"; then
    echo "run ${mode:-(instrumented)}: exit $code"; head -40 "$work/diff"; head -20 "$work/err"
    status=1
  fi
done
for at in 5 25 55 105; do
  "$thingsjs" run --virtual-time --snapshot-at "$at" --snapshot-out "$work/snap" "$name" > "$work/out" 2> "$work/err"
  code=$?
  if grep -q "no snapshot" "$work/err"; then
    echo "snapshot at $at ms refused:"; cat "$work/err"; status=1; continue
  fi
  # A program that ended before the moment leaves no snapshot; that is fine.
  [ -e "$work/snap" ] || continue
  if [ "$code" != 0 ] || ! "$thingsjs" snapshot show "$work/snap" > /dev/null 2> "$work/err"; then
    echo "snapshot at $at ms: exit $code, or it does not read back:"; cat "$work/err"; status=1
  fi
  rm -f "$work/snap"
done
for seed in 1 2 3 4; do
  "$thingsjs" run --virtual-time --hops 25 --seed "$seed" "$name" > "$work/out" 2> "$work/err"
  code=$?
  if [ "$code" != 0 ] || [ -s "$work/err" ] || ! diff -u "$base.out" "$work/out" > "$work/diff"; then
    echo "run --hops 25 --seed $seed: exit $code"; head -40 "$work/diff"; head -20 "$work/err"
    status=1
  fi
done
# A chain through files: capture at 25 ms, restore and capture again at 65 ms, restore to the end.
"$thingsjs" run --virtual-time --snapshot-at 25 --snapshot-out "$work/s1" "$name" > "$work/chain" 2> "$work/err"
code=$?
if [ -e "$work/s1" ]; then
  "$thingsjs" restore --virtual-time --snapshot-at 65 --snapshot-out "$work/s2" "$work/s1" >> "$work/chain" 2>> "$work/err"
  code=$?
  if [ -e "$work/s2" ]; then
    "$thingsjs" restore --virtual-time "$work/s2" >> "$work/chain" 2>> "$work/err"
    code=$?
  fi
fi
if [ "$code" != 0 ] || [ -s "$work/err" ] || ! diff -u "$base.out" "$work/chain" > "$work/diff"; then
  echo "run --snapshot-out, restore, restore: exit $code"; head -40 "$work/diff"; head -20 "$work/err"
  status=1
fi
exit $status

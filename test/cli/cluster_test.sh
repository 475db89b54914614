#!/usr/bin/env bash
# The cluster from the command line: `thingsjs up`, the shell non-interactively (-c, scripts,
# stdin, --json, exit codes) and once interactively through a terminal (tmux), `up --demo`.
# Usage: cluster_test.sh THINGSJS EXAMPLES_DIR
set -u
T="$1"
EXAMPLES="$2"
work="$(mktemp -d)"
up_pid=""
cleanup() {
  [ -n "$up_pid" ] && kill "$up_pid" 2>/dev/null && wait "$up_pid" 2>/dev/null
  tmux kill-session -t "thingsjs-test-$$" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
passed=0; failed=0
check() {  # check NAME CONDITION-COMMAND...
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
contains() { [[ "$1" == *"$2"* ]]; }
sh() {  # sh ARGS... : the shell on this cluster; sets out, err, code
  "$T" shell --broker "$url" "$@" > "$work/out" 2> "$work/err"; code=$?
  out="$(cat "$work/out")"; err="$(cat "$work/err")"
}

# Config files (docs/config.md): the examples are valid; every error names file, line and key.
for ini in "$EXAMPLES"/../deploy/examples/*.ini; do
  "$T" node --config "$ini" --check > check.out 2>&1
  check "config example $(basename "$ini") is valid" [ $? = 0 ]
done
printf '[node]\nrole = scheduler\nidd = x\n[broker]\nkeepalive = 2\n[worker]\nmax_programs = lots\nlabels = room\n[extra]\n' > bad.ini
"$T" node --config bad.ini > /dev/null 2> bad.err
check "bad config: exit 2" [ $? = 2 ]
check "bad config: an enum" grep -qx "bad.ini:2: \[node\] role: must be one of: worker" bad.err
check "bad config: an unknown key" grep -qx "bad.ini:3: \[node\] idd: unknown key (known: id, role)" bad.err
check "bad config: out of range" grep -qx "bad.ini:5: \[broker\] keepalive: must be between 5 and 3600, not 2" bad.err
check "bad config: a wrong type" grep -qx "bad.ini:7: \[worker\] max_programs: must be a whole number, not 'lots'" bad.err
check "bad config: labels" grep -q "bad.ini:8: \[worker\] labels: expects KEY=VALUE pairs" bad.err
check "bad config: an unknown section" grep -q "bad.ini:9: unknown section \[extra\]" bad.err
check "bad config: a missing required key" grep -qx "bad.ini:4: \[broker\] url: required, and missing" bad.err

# A cluster of two workers with a broker of its own.
"$T" up --workers 2 > up.log 2>&1 &
up_pid=$!
for _ in $(seq 200); do grep -q "attach a shell" up.log 2>/dev/null && break; sleep 0.05; done
url="$(sed -n 's/.*attach a shell:  thingsjs shell --broker \([^ ]*\).*/\1/p' up.log)"
check "up prints how to attach a shell" contains "$url" "mqtt://127.0.0.1:"

sh -c "workers"
check "workers: both online" [ "$(grep -c ' online ' <<< "$out")" = 2 ]
sh -c "workers" --json
check "workers --json is JSON" python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert len(d)==2 and all(w['online'] for w in d)" "$out"

sh -c "run $EXAMPLES/counter.js on worker-1 --name counter --env SECONDS=0"
pid="$out"
check "run prints the pid" [ "${#pid}" = 8 ]
sleep 1.3
sh -c "ps"
check "ps lists it, running on worker-1" contains "$out" "$pid   counter              worker-1             running"
sh -c "logs $pid"
check "logs: its console lines" contains "$out" "1 s, 0 ticks, on worker-1"
sh -c "pause $pid; ps"
check "pause" contains "$out" "paused"
sh -c "resume $pid; migrate $pid worker-2; ps"
check "migrate: it runs on worker-2" contains "$out" "$pid   counter              worker-2             running        1"
sleep 1.2
sh -c "logs $pid"
check "its output goes on on worker-2" contains "$out" "on worker-2"
sh -c "snapshot $pid counter.snap"
check "snapshot writes a file" [ -s counter.snap ]
sh -c "restore counter.snap on worker-1"
copy="$out"
check "restore starts a new program" [ "${#copy}" = 8 ] && [ "$copy" != "$pid" ]
printf 'kill %s\n# a comment\nkill %s\n' "$pid" "$copy" > stop.tjs
sh stop.tjs
check "a script file: exit 0" [ "$code" = 0 ]
sh -c "ps"
check "killed: exited 137" grep -Eq "^$pid +counter +worker-2 +exited +1 +137 killed" <<< "$out"

# Errors: named, exit code 1, and the commands after a failure do not run.
sh -c "kill nosuch; workers"
check "unknown pid: exit 1" [ "$code" = 1 ]
check "unknown pid: says so" contains "$err" "no program nosuch"
check "stops at the first failure" [ -z "$out" ]
sh -c "frobnicate"
check "unknown command" contains "$err" "unknown command 'frobnicate'"
sh -c "migrate $pid worker-2"
check "a program that has exited cannot move" contains "$err" "has exited (code 137: killed)"
sh --timeout 2 -c "run $EXAMPLES/counter.js on worker-9"
check "an unknown worker: no answer, exit 1" [ "$code" = 1 ]
echo "help" | "$T" shell --broker "$url" > help.out 2>&1
check "commands from stdin" grep -q "migrate PID WORKER" help.out
"$T" shell --broker mqtt://127.0.0.1:1 --timeout 1 -c workers > /dev/null 2> nobroker.err
check "no broker: exit 1" [ $? = 1 ]
check "no broker: says so" grep -q "cannot connect to the broker" nobroker.err

# Interactively, through a terminal: completion, history, commands.
if command -v tmux > /dev/null; then
  s="thingsjs-test-$$"
  HOME="$work" tmux new-session -d -s "$s" -x 160 -y 40 "$T shell --broker $url"
  sleep 1
  tmux send-keys -t "$s" "work" Tab Enter
  sleep 1
  screen="$(tmux capture-pane -p -t "$s")"
  check "interactive: completion and a command" contains "$screen" "worker-2"
  tmux send-keys -t "$s" "help" Enter
  sleep 0.5
  tmux send-keys -t "$s" "exit" Enter
  sleep 0.5
  check "interactive: history saved" grep -q "help" "$work/.thingsjs_history"
else
  echo "SKIP: tmux not installed (interactive shell)"
fi

# A node deployed from a config file joins the cluster, and leaves it cleanly on SIGTERM.
printf '[node]\nrole = worker\nid = node-x\n\n[broker]\nurl = %s\n\n[worker]\nlabels = room=test\n' "$url" > node.ini
"$T" node --config node.ini 2> node.err &
node_pid=$!
for _ in $(seq 100); do sh -c workers; grep -q "node-x .* online .*room=test" <<< "$out" && break; sleep 0.1; done
check "node --config: online, with its labels" grep -q "node-x .* online .*room=test" <<< "$out"
kill -TERM "$node_pid"; wait "$node_pid"
check "node: SIGTERM, exit 0" [ $? = 0 ]
sh -c workers
check "node: offline after it stopped" grep -q "node-x .* offline" <<< "$out"

# Ctrl-C (SIGINT) stops everything `up` started.
broker_port="${url##*:}"
kill -INT "$up_pid"; wait "$up_pid"; up_pid=""
sleep 0.3
check "up stops its workers" [ -z "$(pgrep -f "thingsjs worker --broker $url" || true)" ]
check "up stops its broker" [ -z "$(pgrep -f "mosquitto" | xargs -r -I{} grep -l "$broker_port" /proc/{}/cmdline 2>/dev/null || true)" ]

# The demo: a counter that keeps counting while it moves.
timeout 60 "$T" up --demo --for 5 --migrate-every 1 > demo.log 2>&1
check "demo: exit 0" [ $? = 0 ]
check "demo: the counter moved" [ "$(grep -c "moved the counter to" demo.log)" -ge 3 ]
check "demo: its count went on" grep -q "counter | 4 s, " demo.log

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

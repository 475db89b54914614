#!/usr/bin/env bash
# The command-line contract of `thingsjs`: help, version, exit codes, error messages, limits.
# Usage: cli_test.sh THINGSJS
set -u
T="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
passed=0; failed=0

check() {  # check NAME CONDITION-COMMAND...
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
run() {  # run ARGS... : sets out, err, code
  "$T" "$@" > "$work/out" 2> "$work/err"; code=$?
  out="$(cat "$work/out")"; err="$(cat "$work/err")"
}
contains() { [[ "$1" == *"$2"* ]]; }

run --version
check "version" contains "$out" "thingsjs 0."
run --help
check "help lists run" contains "$out" "run"
check "help exit 0" [ "$code" = 0 ]
run help run
check "help run shows options" contains "$out" "--max-heap-mb"
check "help run shows --max-task-ms" contains "$out" "--max-task-ms"
run help nosuch
check "help of an unknown command fails" [ "$code" != 0 ]
run run
check "run without a file fails" [ "$code" != 0 ]
run run missing.js
check "missing file: exit 1" [ "$code" = 1 ]
check "missing file: says so" contains "$err" "cannot read 'missing.js'"

printf 'console.log(process.argv.slice(2).join(" "), process.env.A);\n' > args.js
run run args.js --env A=b -- x --y z
check "argv and env" [ "$out" = "x --y z b" ]

printf 'console.log("a");\nsetTimeout(() => { console.error("to stderr"); process.exit(5); }, 10);\n' > exit.js
run run exit.js
check "process.exit code" [ "$code" = 5 ]
check "stdout" [ "$out" = "a" ]
check "stderr" [ "$err" = "to stderr" ]

printf 'let x = 1;\nif (x) {\n  x.y.z = 2;\n}\n' > throw.js
run run throw.js
check "uncaught: exit 1" [ "$code" = 1 ]
check "uncaught: file:line:col: Name: message" contains "$err" "throw.js:3:9: TypeError: Cannot set properties of undefined (setting 'z')"
check "uncaught: source line" contains "$err" "  x.y.z = 2;"
check "uncaught: stack" contains "$err" "at throw.js:3:9"

printf 'const a = 1;\nconst a = 2;\n' > syntax.js
run run syntax.js
check "syntax error: exit 1" [ "$code" = 1 ]
check "syntax error: message" contains "$err" "syntax.js:2:7: SyntaxError: Identifier 'a' has already been declared"

printf 'async function f() { throw new Error("async boom"); }\nf();\n' > reject.js
run run reject.js
check "unhandled rejection: exit 1" [ "$code" = 1 ]
check "unhandled rejection: message" contains "$err" "reject.js:1:28: Uncaught (in promise) Error: async boom"

printf 'const keep = [];\nfor (;;) keep.push(new Array(1000).fill(keep.length));\n' > heap.js
run run --max-heap-mb 32 heap.js
check "heap limit: exit 1" [ "$code" = 1 ]
check "heap limit: message" contains "$err" "heap limit exceeded"

printf 'console.log("spinning");\nfor (;;) {}\n' > spin.js
run run --max-task-ms 100 spin.js
check "cpu limit: exit 1" [ "$code" = 1 ]
check "cpu limit: output before it" [ "$out" = "spinning" ]
check "cpu limit: message" contains "$err" "CPU time limit exceeded"

printf 'setTimeout(() => console.log("an hour later"), 3600 * 1000);\n' > hour.js
start=$(date +%s)
run run --virtual-time hour.js
check "virtual time: output" [ "$out" = "an hour later" ]
check "virtual time: instant" [ $(( $(date +%s) - start )) -lt 5 ]

# The migration transform (issue 4): `instrument` prints it, `run` uses it, `--raw` does not.
printf 'function add(a, b) { return a + b; }\nconsole.log(add(1, 2));\n' > plain.js
run instrument plain.js
check "instrument: nothing captured, nothing changes" [ "$out" = "$(cat plain.js)" ]
printf 'let count = 0;\nconst tick = () => {\n  count++;\n  if (count === 3) null.boom;\n};\nsetInterval(tick, 10);\n' > closure.js
run instrument closure.js
check "instrument: exit 0" [ "$code" = 0 ]
check "instrument: accessor" contains "$out" 'const $tjs$e0 = ($tjs$i) => { switch ($tjs$i) { case -3: return 0; case 0: return count; } };'
check "instrument: link, with the inferred name" contains "$out" ', $tjs$e0, "tick"))'
check "instrument: same line count" [ "$(wc -l < closure.js)" = "$(printf '%s\n' "$out" | wc -l)" ]
run run --virtual-time closure.js
instrumented_err="$err"; instrumented_code=$code
run run --raw --virtual-time closure.js
check "run --raw: exit 1" [ "$code" = 1 ]
check "run: the error points at the original line and column" contains "$instrumented_err" "closure.js:4:25: TypeError: Cannot read properties of null (reading 'boom')"
check "run: instrumented and raw report the same error" [ "$instrumented_err" = "$err" ] && [ "$instrumented_code" = "$code" ]
printf 'let x = 1;\nfunction f() { return eval("x"); }\nconsole.log(f());\n' > evil.js
run instrument evil.js
check "instrument: eval is printed unchanged" [ "$out" = "$(cat evil.js)" ]
check "instrument: eval is named on stderr" contains "$err" "evil.js: not migratable: a direct eval call at 2:23"
run run evil.js
check "run: a program using eval still runs" [ "$out" = "1" ]
printf 'let $tjs$x = 1;\n' > reserved.js
run instrument reserved.js
check "instrument: reserved prefix refused" [ "$code" = 1 ]
check "instrument: reserved prefix message" contains "$err" "reserved.js:1:5: SyntaxError: Identifier '\$tjs\$x' uses the prefix"

# Snapshots (issue 4): capture at a macrotask boundary, inspect, refuse what cannot migrate.
printf 'let count = 0;\nfunction counter(step) { let n = 0; return () => (n += step); }\nconst next = counter(5);\nconst t = setInterval(() => { count++; next(); }, 10, "extra");\n' > snap.js
run run --virtual-time --snapshot-at 35 --snapshot-out snap.bin snap.js
check "snapshot: exit 0" [ "$code" = 0 ]
check "snapshot: written" [ -s snap.bin ]
run snapshot show snap.bin
check "snapshot show: exit 0" [ "$code" = 0 ]
check "snapshot show: the source is carried" contains "$out" '"source": "let count = 0;'
check "snapshot show: program time" contains "$out" '"program_time_ms": 35'
check "snapshot show: the captured counter" contains "$out" '"number": 15'
check "snapshot show: the closure by its site" contains "$out" '"function": {'
check "snapshot show: the closure's scope" contains "$out" '"scope_id":'
check "snapshot show: the timer with its remaining time" contains "$out" '"remaining_ms": 5'
check "snapshot show: the timer argument" contains "$out" '"string": "extra"'
head -c 100 snap.bin > truncated.bin
run snapshot show truncated.bin
check "snapshot show: truncated is refused" [ "$code" = 1 ]
check "snapshot show: truncated message" contains "$err" "truncated"
printf 'function* g() { for (;;) yield 1; }\nconst it = g();\nlet ticks = 0;\nconst t = setInterval(() => { it.next(); if (++ticks === 5) { clearInterval(t); console.log("done"); } }, 10);\n' > gen.js
run run --virtual-time --snapshot-at 25 --snapshot-out gen.bin gen.js
check "snapshot: a suspended generator is named" contains "$err" "no snapshot: not migratable: it: a suspended generator"
check "snapshot: the program keeps running" [ "$out" = "done" ] && [ "$code" = 0 ] && [ ! -e gen.bin ]
run run --raw --virtual-time --snapshot-at 25 --snapshot-out raw.bin gen.js
check "snapshot: --raw cannot migrate" contains "$err" "uninstrumented"

printf 'let n = 0;\nconst o = { v: 1, tick(x) { n += this.v + x; } };\nconst t = setInterval(o.tick.bind(o, 2), 10);\nsetTimeout(() => clearInterval(t), 45);\n' > bind.js
run run --virtual-time --snapshot-at 25 --snapshot-out bind.bin bind.js
run snapshot show bind.bin
check "snapshot: a bound function with its arguments" contains "$out" '"bound_function": {'

# Restore (issue 4): a snapshot continues where it stopped, any number of times.
printf 'function counter() { let n = 0; return () => ++n; }\nconst next = counter();\nconst t = setInterval(() => { const v = next(); console.log("tick", v); if (v === 6) clearInterval(t); }, 10);\n' > ticks.js
run run --virtual-time ticks.js
whole="$out"
run run --virtual-time --snapshot-at 25 --snapshot-out ticks1.bin ticks.js
first="$out"
check "restore: the capture printed the start" [ "$first" = "$(printf 'tick 1\ntick 2')" ]
run restore --virtual-time --snapshot-at 45 --snapshot-out ticks2.bin ticks1.bin
second="$out"
check "restore: snapshot again (exit 0)" [ "$code" = 0 ]
check "restore: snapshot again (written)" [ -s ticks2.bin ]
run restore --virtual-time ticks2.bin
check "restore: the chain prints what one run prints" [ "$(printf '%s\n%s\n%s' "$first" "$second" "$out")" = "$whole" ]
check "restore: exit code of the program" [ "$code" = 0 ]
run run --virtual-time --hops 5 --seed 3 ticks.js
check "run --hops: same output as a plain run" [ "$out" = "$whole" ]
check "run --hops: exit 0" [ "$code" = 0 ]
run restore truncated.bin
check "restore: a truncated snapshot is refused" [ "$code" = 1 ]
check "restore: truncated message" contains "$err" "truncated.bin: cannot restore: not a ThingsJS snapshot (or truncated)"
printf 'not a snapshot at all' > junk.bin
run restore junk.bin
check "restore: a foreign file is refused" [ "$code" = 1 ]
check "restore: foreign file message" contains "$err" "junk.bin: cannot restore:"

printf 'const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nlet count = 0;\nasync function main() { while (count < 3) { await sleep(10); count++; console.log("count", count); } }\nmain();\n' > asyncloop.js
run run --virtual-time --snapshot-at 5 --snapshot-out async.bin asyncloop.js
check "snapshot: an awaiting async function is refused, clearly" contains "$err" "no snapshot: not migratable: setTimeout#"
check "snapshot: an awaiting async function, the reason" contains "$err" ".callback: an engine-internal function, such as the resolve function of a pending promise"
check "snapshot: the refused program still runs to its end" [ "$out" = "$(printf 'count 1\ncount 2\ncount 3')" ]
check "snapshot: nothing written when refused" [ ! -e async.bin ]
# An async function that awaits now and then: captured at the next boundary where nothing waits.
printf 'const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nlet n = 0;\nconst t = setInterval(async () => { await sleep(3); n++; console.log("n", n); if (n === 4) clearInterval(t); }, 10);\n' > asynctick.js
run run --virtual-time asynctick.js
plain="$out"
run run --virtual-time --hops 3 --seed 5 asynctick.js
check "run --hops: async callbacks migrate between their awaits" [ "$out" = "$plain" ]
check "run --hops: async callbacks, nothing refused" [ -z "$err" ]

# A program that patches built-ins the capture might use still migrates (built-ins are
# referred to by path, so the patches themselves stay behind).
printf 'Array.prototype[Symbol.iterator] = function* () { throw new Error("patched"); };\nArray.prototype.join = () => "patched";\nglobalThis.Map = function () { throw new Error("patched Map"); };\nlet n = 0;\nconst o = { list: [1, 2, 3] };\nconst t = setInterval(() => { n++; o.list[0] = n; console.log("n", n, o.list[0]); if (n === 3) clearInterval(t); }, 10);\n' > patched.js
run run --virtual-time --hops 3 patched.js
check "run --hops: a program that patched built-ins migrates" [ "$out" = "$(printf 'n 1 1\nn 2 2\nn 3 3')" ]
check "run --hops: patched built-ins, nothing refused" [ -z "$err" ]

# thingsjs parse: the front end's command-line contract (issue 3; docs/parser.md).
printf 'let a = 1;\nconst b = new.target;\n' > bad_parse.js
printf 'const é = a?.b ?? 1;\n' > good_parse.js
run parse good_parse.js
check "parse: exit 0 when the file parses" [ "$code" = 0 ]
run parse good_parse.js bad_parse.js
check "parse: exit 1 at the first file that does not" [ "$code" = 1 ]
check "parse: FILE:LINE:COL: SyntaxError" contains "$err" "bad_parse.js:2:11: SyntaxError: new.target expression is not allowed here"
run parse --estree good_parse.js
check "parse --estree: no locations" [ "$out" = '{"type":"Program","body":[{"type":"VariableDeclaration","declarations":[{"type":"VariableDeclarator","id":{"type":"Identifier","name":"é"},"init":{"type":"LogicalExpression","left":{"type":"ChainExpression","expression":{"type":"MemberExpression","object":{"type":"Identifier","name":"a"},"property":{"type":"Identifier","name":"b"},"computed":false,"optional":true}},"operator":"??","right":{"type":"Literal","value":1,"raw":"1"}}}],"kind":"const"}],"sourceType":"script"}' ]
run parse --estree --locations good_parse.js
# Byte offsets: the identifier é is two bytes.
check "parse --estree --locations: byte offsets" [ "$out" = '{"type":"Program","start":0,"end":22,"body":[{"type":"VariableDeclaration","start":0,"end":21,"declarations":[{"type":"VariableDeclarator","start":6,"end":20,"id":{"type":"Identifier","start":6,"end":8,"name":"é"},"init":{"type":"LogicalExpression","start":11,"end":20,"left":{"type":"ChainExpression","start":11,"end":15,"expression":{"type":"MemberExpression","start":11,"end":15,"object":{"type":"Identifier","start":11,"end":12,"name":"a"},"property":{"type":"Identifier","start":14,"end":15,"name":"b"},"computed":false,"optional":true}},"operator":"??","right":{"type":"Literal","start":19,"end":20,"value":1,"raw":"1"}}}],"kind":"const"}],"sourceType":"script"}' ]
run parse --print --compact good_parse.js
check "parse --print --compact" [ "$out" = 'const é=a?.b??1;' ]

# require('things') across processes through a real Mosquitto broker (issue 5).
mosquitto_bin="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > mosquitto.conf
"$mosquitto_bin" -c mosquitto.conf > mosquitto.log 2>&1 &
broker_pid=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
# The publisher repeats its three messages until the subscriber (whose subscription takes
# effect when the broker has it) has seen them from an "a" on.
printf 'const things = require("things");\nconst seen = [];\nthings.subscribe("greetings/+", (v, topic) => { if (seen.length === 0 && v.hello !== "a") return; seen.push(v.hello); console.log("got", topic, v.hello); if (seen.length === 3) things.unsubscribe("greetings/+"); });\n' > sub.js
printf 'const things = require("things");\nlet i = 0;\nconst t = setInterval(() => { for (const who of ["a", "b", "c"]) things.publish("greetings/" + who, { hello: who }); if (++i === 400) clearInterval(t); }, 50);\n' > pub.js
timeout 60 "$T" run --broker "mqtt://127.0.0.1:$port" sub.js > sub.out 2> sub.err &
sub_pid=$!
timeout 60 "$T" run --broker "mqtt://127.0.0.1:$port" pub.js > pub.out 2> pub.err &
pub_pid=$!
wait "$sub_pid"; sub_code=$?
kill "$pub_pid" 2>/dev/null; wait "$pub_pid" 2>/dev/null
check "run --broker: the subscriber got every message, in order" [ "$(cat sub.out)" = "$(printf 'got greetings/a a\ngot greetings/b b\ngot greetings/c c')" ]
check "run --broker: the subscriber ends when it unsubscribes" [ "$sub_code" = 0 ]
kill "$broker_pid" 2>/dev/null; wait "$broker_pid" 2>/dev/null
run run --broker "nonsense/x" pub.js
check "run --broker: a bad URL is refused" [ "$code" = 2 ]
check "run --broker: bad URL message" contains "$err" "expected mqtt://host:port"

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]

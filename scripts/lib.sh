# Shared by scripts/run and scripts/test: install what is missing, build. Idempotent; needs root for apt.
# shellcheck shell=bash

PARLEY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Debian packages the build, the server and the tests need.
PARLEY_BUILD_PACKAGES=(build-essential cmake ninja-build ccache pkg-config libboost-dev libssl-dev
  libsqlite3-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libsimdjson-dev
  nlohmann-json3-dev libicu-dev libphonenumber-dev)
PARLEY_TEST_PACKAGES=(libgtest-dev libgmock-dev libbenchmark-dev sqlite3 nginx-light openssl wrk chromium
  clang-format curl faketime)

ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Node.js 20.19 or newer (Vite 7). Debian 12's own nodejs is 18: then npm brings a newer one, from the
# npm registry's `node` package.
ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    ensure_packages nodejs npm
  fi
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'; then
    log "installing Node.js 22 from the npm registry"
    npm install -g --no-audit --no-fund node@22 >/dev/null
    hash -r
  fi
}

# npm ci when a lock file exists and node_modules is older than it.
ensure_npm_packages() {
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "npm packages in ${dir#"$PARLEY_ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build_web() {
  ensure_npm_packages "$PARLEY_ROOT/web"
  log "building the web UI"
  (cd "$PARLEY_ROOT/web" && npm run --silent build)
}

# build_cpp PRESET [extra cmake args…] [-- targets…]
build_cpp() {
  local preset=$1
  shift
  local configure=() targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do configure+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift && targets=("$@")
  log "building C++ ($preset)"
  cmake --preset "$preset" "${configure[@]}" -S "$PARLEY_ROOT" >/dev/null
  cmake --build "$PARLEY_ROOT/build/$preset" ${targets[@]+--target "${targets[@]}"}
  ln -sf "build/$preset/compile_commands.json" "$PARLEY_ROOT/compile_commands.json"
}

#!/usr/bin/env bash
# Soak: API-channel ingest for several minutes in a row, per minute (issue 13). The work is in
# soak.mjs; this checks the tools and runs it.
#
# Environment: MINUTES (5), MINUTE (60s), CONNECTIONS (64), THREADS (2), RETURNING (1000),
# SHAPES (new,returning), BENCH_SMOKE=1, PARLEY_BIN.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
parley_bin="${PARLEY_BIN:-$root/build/release/parley}"

die() {
  echo "soak.sh: $*" >&2
  exit 1
}

[[ -x "$parley_bin" ]] || die "no Parley binary at $parley_bin (build the release preset first)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v sqlite3 >/dev/null || die "sqlite3 is not installed (apt-get install sqlite3)"
command -v node >/dev/null || die "node is not installed (Node 20)"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export PARLEY_BIN="$parley_bin"
exec node "$here/soak.mjs"

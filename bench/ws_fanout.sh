#!/usr/bin/env bash
# Live-event fan-out: 10,000 WebSocket clients on one Parley node, memory per idle connection and
# broadcast delivery time, against a minimal Node.js `ws` server with the same clients in the same
# run. The work is in ws_fanout.mjs; this raises the file descriptor limit and runs it.
#
# Environment (see bench/README.md for all): CLIENTS, BROADCASTS, CLIENT_PROCESSES,
# CONNECT_CONCURRENCY, SETTLE_MS, BENCH_SMOKE=1, PARLEY_BIN.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
parley_bin="${PARLEY_BIN:-$root/build/release/parley}"

die() {
  echo "ws_fanout.sh: $*" >&2
  exit 1
}

[[ -x "$parley_bin" ]] || die "no Parley binary at $parley_bin (build the release preset first)"
command -v node >/dev/null || die "node is not installed (Node 20)"
[[ -d "$root/tests/node_modules/ws" ]] || die "tests/node_modules/ws is missing (cd tests && npm ci)"

# Every socket is a file descriptor in the server and in a client process: the server needs CLIENTS
# plus a few, each client process CLIENTS / CLIENT_PROCESSES. Raise the soft limit as far as allowed.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nofile="$(ulimit -n)"
clients="${CLIENTS:-$([[ "${BENCH_SMOKE:-0}" == 1 ]] && echo 200 || echo 10000)}"
if [[ "$nofile" != unlimited ]] && ((nofile < clients + 64)); then
  die "the file descriptor limit is $nofile, too low for $clients sockets in the server (raise the hard limit)"
fi

export PARLEY_BIN="$parley_bin" BENCH_NOFILE="$nofile"
exec node "$here/ws_fanout.mjs"

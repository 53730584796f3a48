#!/usr/bin/env bash
# Web chat visitors: 10,000 widget connections (session, then /api/v1/widget/live) on one Parley node,
# memory per idle connection against a minimal Node.js `ws` server with the same clients in the same
# run. The work is in widget_connections.mjs; this raises the file descriptor limit and runs it.
#
# Environment (see bench/README.md for all): VISITORS, CLIENT_PROCESSES, CONNECT_CONCURRENCY,
# SESSION_CONCURRENCY, SETTLE_MS, CHAT_SAMPLE, BENCH_SMOKE=1, PARLEY_BIN.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
parley_bin="${PARLEY_BIN:-$root/build/release/parley}"

die() {
  echo "widget_connections.sh: $*" >&2
  exit 1
}

[[ -x "$parley_bin" ]] || die "no Parley binary at $parley_bin (build the release preset first)"
command -v node >/dev/null || die "node is not installed (Node 20)"
[[ -d "$root/tests/node_modules/ws" ]] || die "tests/node_modules/ws is missing (cd tests && npm ci)"

# Every socket is a file descriptor in the server and in a client process: the server needs VISITORS
# plus a few, each client process VISITORS / CLIENT_PROCESSES. Raise the soft limit as far as allowed.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nofile="$(ulimit -n)"
visitors="${VISITORS:-$([[ "${BENCH_SMOKE:-0}" == 1 ]] && echo 200 || echo 10000)}"
if [[ "$nofile" != unlimited ]] && ((nofile < visitors + 64)); then
  die "the file descriptor limit is $nofile, too low for $visitors sockets in the server (raise the hard limit)"
fi

export PARLEY_BIN="$parley_bin" BENCH_NOFILE="$nofile"
exec node "$here/widget_connections.mjs"

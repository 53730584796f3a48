#!/usr/bin/env bash
# Inbound message on the API channel → durable → routed → conversation.assigned on the agent's live
# socket: throughput with wrk, latency at a fixed rate, raw SQLite inserting the same rows as the
# baseline in the same run. The work is in inbound_e2e.mjs; this checks the tools and runs it.
#
# Environment (see bench/README.md for all): DURATION, WARMUP, CONNECTIONS, THREADS, AGENTS,
# CAPACITY, LATENCY_DURATION, LATENCY_RATE, LATENCY_CONNECTIONS, BASELINE_BATCH, BENCH_SMOKE=1,
# PARLEY_BIN, SQLITE_BASELINE_BIN.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
parley_bin="${PARLEY_BIN:-$root/build/release/parley}"
baseline_bin="${SQLITE_BASELINE_BIN:-$root/build/release/bench/sqlite_baseline}"

die() {
  echo "inbound_e2e.sh: $*" >&2
  exit 1
}

[[ -x "$parley_bin" ]] || die "no Parley binary at $parley_bin (build the release preset first)"
[[ -x "$baseline_bin" ]] || die "no baseline at $baseline_bin (cmake --build build/release --target sqlite_baseline)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v node >/dev/null || die "node is not installed (Node 20)"
[[ -d "$root/tests/node_modules/ws" ]] || die "tests/node_modules/ws is missing (cd tests && npm ci)"

# Agents' sockets and wrk's connections are few, but be generous.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

export PARLEY_BIN="$parley_bin" SQLITE_BASELINE_BIN="$baseline_bin"
exec node "$here/inbound_e2e.mjs"

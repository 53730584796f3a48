#!/usr/bin/env bash
# SMS over SMPP against the npm `smpp` package's SMS center (its own Node process): Parley's ESME
# submit rate against that package's own client (same window, text and count, same run), then the
# full app bound as an SMS channel: mobile-originated texts (deliver_sm) from many handsets → the
# agent's live socket, the MO ceiling and the latency at half of it. The work is in smpp.mjs; this
# checks the tools and runs it. Builds nothing.
#
# Environment (see bench/README.md for all): COUNT, WARMUP, WINDOWS, MODES, MO_WINDOW, HANDSETS,
# MO_COUNT, MO_WARMUP, MO_RATE, MO_DURATION, AGENTS, BENCH_SMOKE=1, PARLEY_BIN,
# SMPP_SUBMIT_BENCH_BIN.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
parley_bin="${PARLEY_BIN:-$root/build/release/parley}"
bench_bin="${SMPP_SUBMIT_BENCH_BIN:-$root/build/release/bench/smpp_submit_bench}"

die() {
  echo "smpp.sh: $*" >&2
  exit 1
}

[[ -x "$parley_bin" ]] || die "no Parley binary at $parley_bin (build the release preset first)"
[[ -x "$bench_bin" ]] || die "no ESME bench at $bench_bin (cmake --build build/release --target smpp_submit_bench)"
command -v node >/dev/null || die "node is not installed (Node 20)"
[[ -d "$root/tests/node_modules/ws" ]] || die "tests/node_modules/ws is missing (cd tests && npm ci)"
[[ -d "$root/tests/node_modules/smpp" ]] || die "tests/node_modules/smpp is missing (cd tests && npm ci)"

export PARLEY_BIN="$parley_bin" SMPP_SUBMIT_BENCH_BIN="$bench_bin"
exec node "$here/smpp.mjs"

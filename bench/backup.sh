#!/usr/bin/env bash
# Backups beside ingest against sqlite3's .backup of the same file (issue 17). The work is in
# backup.mjs; this checks the tools and runs it.
#
# Environment: DB_MB (1024), DURATION (10s), CONNECTIONS (64), BENCH_SMOKE=1, PARLEY_BIN.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
parley_bin="${PARLEY_BIN:-$root/build/release/parley}"

die() {
  echo "backup.sh: $*" >&2
  exit 1
}

[[ -x "$parley_bin" ]] || die "no Parley binary at $parley_bin (build the release preset first)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v sqlite3 >/dev/null || die "sqlite3 is not installed (apt-get install sqlite3)"
command -v node >/dev/null || die "node is not installed (Node 20)"

export PARLEY_BIN="$parley_bin"
exec node "$here/backup.mjs"

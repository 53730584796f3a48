#!/usr/bin/env bash
# Parley answering an authenticated ~1 KB JSON POST /api/v1/contacts (stored durably: the answer
# comes after the group commit) against nginx answering the same POST with a fixed `return 200`,
# both driven by wrk in the same run. Prints requests/s, p50, p99 and the ratio Parley/nginx.
#
# Environment:
#   DURATION     wrk duration per target (default 10s; 2s with BENCH_SMOKE=1)
#   CONNECTIONS  open connections (default 64)
#   THREADS      wrk threads (default 2, one per core)
#   WARMUP       unmeasured warm-up per target before the measured run (default 2s; none with BENCH_SMOKE=1)
#   BENCH_SMOKE  1: a short run that only checks the benchmark works
#   PARLEY_BIN   the binary (default build/release/parley)
#   NGINX_BIN    the baseline (default /usr/sbin/nginx)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
parley_bin="${PARLEY_BIN:-$root/build/release/parley}"
nginx_bin="${NGINX_BIN:-/usr/sbin/nginx}"
script="$here/post_contact.lua"

if [[ "${BENCH_SMOKE:-0}" == 1 ]]; then
  duration="${DURATION:-2s}"
  warmup="${WARMUP:-0}"
else
  duration="${DURATION:-10s}"
  warmup="${WARMUP:-2s}"
fi
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
if ((threads > connections)); then
  threads="$connections"
fi

source "$here/lib.sh"

[[ -x "$parley_bin" ]] || die "no Parley binary at $parley_bin (build the release preset first)"
[[ -x "$nginx_bin" ]] || die "no nginx at $nginx_bin (apt-get install nginx-light or nginx)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"

# ---- Parley -------------------------------------------------------------------------------------
# start_parley NAME FLAGS...: a fresh data dir, tenant and token; sets parley_url, parley_pid, token.
start_parley() {
  local name="$1"
  shift
  local data="$tmp/$name"
  mkdir -p "$data"
  local tenant
  tenant="$("$parley_bin" admin create-tenant --data "$data" --name "Bench")"
  token="$("$parley_bin" admin create-token --data "$data" --tenant "$tenant" --name bench --role admin)"
  "$parley_bin" serve --data "$data" --listen 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
  parley_pid=$!
  parley_url=""
  for _ in $(seq 1 300); do
    parley_url="$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$tmp/$name.out" || true)"
    [[ -n "$parley_url" ]] && break
    kill -0 "$parley_pid" 2>/dev/null || { cat "$tmp/$name.log" >&2; die "parley exited while starting"; }
    sleep 0.1
  done
  [[ -n "$parley_url" ]] || die "parley printed no listening line"
}

stop_parley() {
  kill -TERM "$parley_pid"
  parley_exit=0
  wait "$parley_pid" || parley_exit=$?
  parley_pid=""
  if [[ "$parley_exit" != 0 ]]; then
    echo "WARNING: parley exited $parley_exit after SIGTERM" >&2
  fi
}

# Limits off here; the same POSTs with limits on (rates too high to refuse, so every request pays
# for its two checks) run afterwards, on a fresh data dir.
start_parley parley --rate-limit-per-token 0 --rate-limit-per-address 0

# ---- nginx --------------------------------------------------------------------------------------
start_nginx "$nginx_bin"

# ---- Sanity: both answer the POST the benchmark sends ------------------------------------------
sample='{"name":"Bench Sample","email":"bench-sample@bench.parley.test","attributes":{"source":"curl"}}'
for target in "parley $parley_url 201" "nginx $nginx_url 200"; do
  read -r name url expected <<<"$target"
  got="$(curl -s -o "$tmp/$name.sample" -w '%{http_code}' -X POST "$url/api/v1/contacts" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $token" --data "$sample")"
  [[ "$got" == "$expected" ]] || die "$name answered $got to the sample POST: $(cat "$tmp/$name.sample")"
done

run_wrk() {
  local name="$1" url="$2" length="$3" run_id="$4"
  BENCH_TOKEN="$token" BENCH_RUN="$run_id" \
    wrk -t "$threads" -c "$connections" -d "$length" --latency -s "$script" "$url/api/v1/contacts"
}

run_target() {
  local name="$1" url="$2"
  if [[ "$warmup" != 0 ]]; then
    run_wrk "$name" "$url" "$warmup" "warm$$" >"$tmp/$name.warmup" 2>&1
  fi
  run_wrk "$name" "$url" "$duration" "run$$" | tee "$tmp/$name.wrk"
  grep -q '^BENCH_RESULT ' "$tmp/$name.wrk" || die "wrk printed no result for $name"
}

field() {
  sed -n "s/^BENCH_RESULT .*$2=\([0-9.]*\).*/\1/p" "$tmp/$1.wrk"
}

echo "== nginx baseline ($nginx_url, return 200) =="
run_target nginx "$nginx_url"
echo
echo "== Parley ($parley_url, durable POST /api/v1/contacts) =="
run_target parley "$parley_url"
echo

# Every Parley answer must have been 201: wrk counts non-2xx/3xx as status errors.
for name in nginx parley; do
  for kind in connect read write status timeout; do
    count="$(field "$name" "errors_$kind")"
    if [[ "$count" != 0 ]]; then
      echo "WARNING: $name had $count $kind errors" >&2
    fi
  done
done
[[ "$(field parley errors_status)" == 0 ]] || die "Parley answered non-2xx to some POSTs (see above)"

# One of the measured POSTs is stored and can be found by its email (wrk builds one request per
# thread at start-up that it never sends, so look for the 10th).
found="$(curl -s "$parley_url/api/v1/contacts?email=bench-run$$-1-10%40bench.parley.test" \
  -H "Authorization: Bearer $token")"
[[ "$found" == *'"con_'* ]] || die "the first benchmark contact is not stored: $found"

# A graceful stop under the load's aftermath must still exit 0.
stop_parley

echo "== Parley with rate limits on (per token and per address, never reached) =="
start_parley limited --rate-limit-per-token 1000000000 --rate-limit-per-address 1000000000
run_target limited "$parley_url"
[[ "$(field limited errors_status)" == 0 ]] || die "Parley with limits answered non-2xx to some POSTs"
stop_parley

# Second baseline: raw SQLite inserting the same rows per contact, batched as group commit batches them.
baseline_bin="$(dirname "$parley_bin")/bench/sqlite_baseline"
baseline_rate=0
if [[ -x "$baseline_bin" ]]; then
  echo
  echo "== raw SQLite: the rows of one contact POST, 32 contacts per durable transaction =="
  baseline_line=$("$baseline_bin" "$tmp/baseline.db" "${duration%s}" 32)
  echo "$baseline_line"
  baseline_rate=$(sed -E 's/.*contacts_per_s=([0-9.]+).*/\1/' <<<"$baseline_line")
fi

awk -v nr="$(field nginx rps)" -v n50="$(field nginx p50_us)" -v n99="$(field nginx p99_us)" \
  -v pr="$(field parley rps)" -v p50="$(field parley p50_us)" -v p99="$(field parley p99_us)" \
  -v lr="$(field limited rps)" -v l99="$(field limited p99_us)" \
  -v conns="$connections" -v threads="$threads" -v span="$duration" -v base="$baseline_rate" '
  BEGIN {
    printf "Summary: POST /api/v1/contacts, ~1 KB JSON, %d connections, %d wrk threads, %s per target\n", conns, threads, span
    printf "%-8s %12s %10s %10s\n", "target", "requests/s", "p50", "p99"
    printf "%-8s %12.1f %7.2f ms %7.2f ms\n", "nginx", nr, n50 / 1000, n99 / 1000
    printf "%-8s %12.1f %7.2f ms %7.2f ms\n", "parley", pr, p50 / 1000, p99 / 1000
    printf "ratio parley/nginx: requests/s %.3f, p50 %.2fx, p99 %.2fx\n", pr / nr, p50 / n50, p99 / n99
    if (base > 0) printf "ratio parley/raw SQLite (same rows, contacts/s %.1f): %.3f\n", base, pr / base
    printf "rate limits on: %.1f requests/s, p99 %.2f ms; ratio on/off: requests/s %.3f\n", lr, l99 / 1000, lr / pr
  }'

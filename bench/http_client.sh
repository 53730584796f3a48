#!/usr/bin/env bash
# Parley's outbound HTTP client alone (bench/http_client_bench.cc over net::BeastHttpClient) posting
# ~1 KB JSON to nginx's `return 200`, over plain HTTP and over TLS, in the same run:
#   wrk           with CONNECTIONS connections (the ceiling: nginx and the loopback on this machine)
#   pooled        the client with CONNECTIONS requests in flight, connections kept alive and reused
#   one per call  the same with a new connection (and TLS handshake) per request, as before the pool
# Prints requests/s and the ratios pooled/wrk and pooled/one-per-call.
#
# Environment: DURATION seconds per target (default 5; 1 with BENCH_SMOKE=1), CONNECTIONS (default
# 64), THREADS wrk threads (default 2), CLIENT_BIN, NGINX_BIN.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
client_bin="${CLIENT_BIN:-$root/build/release/bench/http_client_bench}"
nginx_bin="${NGINX_BIN:-/usr/sbin/nginx}"
if [[ "${BENCH_SMOKE:-0}" == 1 ]]; then
  duration="${DURATION:-1}"
else
  duration="${DURATION:-5}"
fi
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"

source "$here/lib.sh"

[[ -x "$client_bin" ]] || die "no client at $client_bin (cmake --build build/release --target http_client_bench)"
[[ -x "$nginx_bin" ]] || die "no nginx at $nginx_bin (apt-get install nginx-light or nginx)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v openssl >/dev/null || die "openssl is not installed"

ulimit -n 65536 2>/dev/null || true

# An ECDSA P-256 certificate for 127.0.0.1, trusted by the client through --ca-file.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null || die "openssl could not make a certificate"

declare -A rate
# measure SCHEME: wrk, then the client pooled, then one connection per call, against nginx.
measure() {
  local scheme="$1" line
  echo "== $scheme: wrk, $connections connections, ${duration}s =="
  wrk -t "$threads" -c "$connections" -d "${duration}s" -s "$here/post_webhook.lua" "$nginx_url/hook" \
    | tee "$tmp/wrk.out"
  rate[$scheme.wrk]="$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")"
  [[ -n "${rate[$scheme.wrk]}" ]] || die "wrk printed no rate"
  for mode in pooled one-per-call; do
    local flags=(--in-flight "$connections" --seconds "$duration" --ca-file "$tmp/cert.pem")
    [[ "$mode" == one-per-call ]] && flags+=(--no-keep-alive)
    echo "== $scheme: Parley's client, $mode, $connections in flight =="
    line="$("$client_bin" "$nginx_url/hook" "${flags[@]}")" || die "the client failed: $line"
    echo "$line"
    rate[$scheme.$mode]="$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")"
  done
}

start_nginx "$nginx_bin"
measure http
stop_pid "$nginx_pid" QUIT

NGINX_SERVER_EXTRA="ssl_certificate $tmp/cert.pem; ssl_certificate_key $tmp/key.pem;" \
  start_nginx "$nginx_bin" ssl
measure https
stop_pid "$nginx_pid" QUIT
nginx_pid=""

echo
echo "Summary: POST ~1 KB JSON to nginx, $connections connections / requests in flight, ${duration}s each"
printf "%-6s %12s %12s %14s %14s %16s\n" scheme "wrk req/s" "pooled" "one per call" "pooled/wrk" "pooled/one-per"
for scheme in http https; do
  awk -v s="$scheme" -v w="${rate[$scheme.wrk]}" -v p="${rate[$scheme.pooled]}" -v o="${rate[$scheme.one-per-call]}" \
    'BEGIN { printf "%-6s %12.1f %12.1f %14.1f %14.3f %16.2f\n", s, w, p, o, p / w, p / o }'
done

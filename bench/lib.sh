# Shell pieces the benchmark scripts share. Sourcing it makes $tmp, a temp dir removed on exit
# together with the processes named in $parley_pid (SIGTERM) and $nginx_pid (SIGQUIT).

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

tmp="$(mktemp -d -t parley-bench.XXXXXX)"
parley_pid=""
nginx_pid=""
bench_cleanup() {
  local status=$?
  stop_pid "$parley_pid" TERM
  stop_pid "$nginx_pid" QUIT
  rm -rf "$tmp"
  exit "$status"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free TCP port on loopback.
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

# stop_pid PID SIGNAL: signals PID if it still runs and waits for it.
stop_pid() {
  local pid="$1" signal="$2"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "-$signal" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

# wait_until_up URL PID LOG: waits until URL answers (any HTTP status), or dies with LOG if PID does.
wait_until_up() {
  local url="$1" pid="$2" log="$3"
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log" >&2 || true
      die "the server (pid $pid) exited while starting"
    fi
    if curl -sk -o /dev/null "$url"; then
      return 0
    fi
    sleep 0.1
  done
  die "the server at $url did not come up"
}

# start_nginx BIN [LISTEN_EXTRA]: nginx under $tmp/nginx on a free loopback port whose only location
# answers `return 200 '{"status":"ok"}'`; LISTEN_EXTRA (e.g. "ssl") and the server block's extra
# directives in NGINX_SERVER_EXTRA. Sets nginx_pid and nginx_url.
start_nginx() {
  local bin="$1" listen_extra="${2:-}"
  local port scheme=http
  [[ "$listen_extra" == *ssl* ]] && scheme=https
  port="$(free_port)"
  mkdir -p "$tmp/nginx/logs"
  cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes ${NGINX_WORKERS:-auto};
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events {
  worker_connections 4096;
}
http {
  access_log off;
  client_body_temp_path $tmp/nginx/client_body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  client_max_body_size 1m;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$port $listen_extra;
    ${NGINX_SERVER_EXTRA:-}
    location / {
      default_type application/json;
      return 200 '{"status":"ok"}';
    }
  }
}
CONF
  "$bin" -p "$tmp/nginx/" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" \
    >"$tmp/nginx/logs/stdout.log" 2>&1 &
  nginx_pid=$!
  nginx_url="$scheme://127.0.0.1:$port"
  wait_until_up "$nginx_url/" "$nginx_pid" "$tmp/nginx/logs/error.log"
}

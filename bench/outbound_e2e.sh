#!/usr/bin/env bash
# Agents' replies on a Telegram channel through the whole outbound path (stored → sent to the Bot
# API → status stored) against raw SQLite writing the same rows, in the same run. The Bot API is
# nginx answering sendMessage as Telegram does (a new message_id per request); the work is in
# outbound_e2e.mjs.
#
# Environment (see bench/README.md): DURATION, IN_FLIGHT, CONVERSATIONS, BENCH_SMOKE=1, PARLEY_BIN,
# SQLITE_BASELINE_BIN, NGINX_BIN.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
nginx_bin="${NGINX_BIN:-/usr/sbin/nginx}"

source "$here/lib.sh"

[[ -x "${PARLEY_BIN:-$root/build/release/parley}" ]] || die "no Parley binary (build the release preset first)"
[[ -x "$nginx_bin" ]] || die "no nginx at $nginx_bin (apt-get install nginx-light or nginx)"
[[ -d "$root/tests/node_modules/ws" ]] || die "tests/node_modules/ws is missing (cd tests && npm ci)"

# sendMessage answers a Message whose chat id and message id (connection, request number on it) are a
# pair of its own per request, as Parley keys sent messages by "chat:message";
# setWebhook and the other calls Parley makes answer true.
NGINX_SERVER_EXTRA='
    location ~ /sendMessage$ {
      default_type application/json;
      return 200 "{\"ok\":true,\"result\":{\"message_id\":${connection_requests},\"date\":1700000000,\"chat\":{\"id\":${connection},\"type\":\"private\"},\"text\":\"ok\"}}";
    }
    location ~ /(setWebhook|deleteWebhook|getMe|sendChatAction)$ {
      default_type application/json;
      return 200 "{\"ok\":true,\"result\":true}";
    }' start_nginx "$nginx_bin"

BOT_API_URL="$nginx_url" node "$here/outbound_e2e.mjs"

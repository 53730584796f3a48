-- wrk script for bench/inbound_e2e.mjs's Telegram phase: POST /api/v1/channels/{id}/webhook with one
-- Telegram Update, as Telegram delivers it (X-Telegram-Bot-Api-Secret-Token), from a new chat on
-- every request (run, thread and counter in the chat id), so each acknowledged update stores a new
-- contact and opens a new conversation that Parley then routes, like the API channel's phase.
-- Environment: BENCH_SECRET (the channel's secret token), BENCH_RUN (digits, unique per wrk run).
-- At the end it prints one machine-readable line starting with BENCH_RESULT.

local secret = os.getenv("BENCH_SECRET") or ""
local run = tonumber(os.getenv("BENCH_RUN") or "0")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret

local next_thread_id = 0

function setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("thread_id", next_thread_id)
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local chat = run * 10000000000 + thread_id * 100000000 + counter
  local text
  if counter % 2 == 0 then
    text = string.format("Where is my invoice %d? It was due last week.", counter)
  else
    text = string.format("Hello, I need help with my account, ref %d.", counter)
  end
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":1717000000,' ..
      '"from":{"id":%d,"is_bot":false,"first_name":"Customer","last_name":"%d-%d"},' ..
      '"chat":{"id":%d,"type":"private","first_name":"Customer"},"text":"%s"}}',
    chat, counter, chat, thread_id, counter, chat, text)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%.0f p99_us=%.0f " ..
      "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99),
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end

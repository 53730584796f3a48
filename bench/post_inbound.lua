-- wrk script for bench/inbound_e2e.mjs: POST /api/v1/channels/api/messages, an inbound customer
-- message on the API channel, from a new identity on every request (run, thread and counter in the
-- identity), so each acknowledged request stores a new contact and opens a new conversation that
-- Parley then routes. Every other message mentions an invoice (the "Billing" category's keyword).
-- Environment: BENCH_TOKEN (the Bearer secret), BENCH_RUN (digits, unique per wrk run),
-- BENCH_RETURNING (N > 0: the messages come from N customers over and over instead, appended to
-- their open conversations; bench/soak.mjs).
-- At the end it prints one machine-readable line starting with BENCH_RESULT.

local token = os.getenv("BENCH_TOKEN") or ""
local run = os.getenv("BENCH_RUN") or "0"
local returning = tonumber(os.getenv("BENCH_RETURNING") or "0") or 0

wrk.method = "POST"
wrk.path = "/api/v1/channels/api/messages"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

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
  local text
  if counter % 2 == 0 then
    text = string.format("Where is my invoice %d? It was due last week.", counter)
  else
    text = string.format("Hello, I need help with my account, ref %d.", counter)
  end
  local body
  if returning > 0 then
    local customer = (counter * 2 + thread_id) % returning
    body = string.format(
      '{"contact":{"identity":"+1666%08d","name":"Returning %d"},"text":"%s"}',
      customer, customer, text)
  else
    body = string.format(
      '{"contact":{"identity":"+1555%s%02d%08d","name":"Customer %d-%d"},"text":"%s"}',
      run, thread_id, counter, thread_id, counter, text)
  end
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

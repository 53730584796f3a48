-- wrk script: POST /api/v1/contacts with a JSON body of about BENCH_BODY_BYTES (default 1024) bytes
-- that differs on every request (thread number and counter in name, email and phone), so each request
-- to Parley stores a new contact. The same script drives the nginx baseline.
-- Environment: BENCH_TOKEN (the Bearer secret), BENCH_RUN (unique per wrk run), BENCH_BODY_BYTES.
-- At the end it prints one machine-readable line starting with BENCH_RESULT.

local token = os.getenv("BENCH_TOKEN") or ""
local run = os.getenv("BENCH_RUN") or "run"
local body_bytes = tonumber(os.getenv("BENCH_BODY_BYTES") or "1024")

wrk.method = "POST"
wrk.path = "/api/v1/contacts"
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
  local head = string.format(
    '{"name":"Bench Contact %d-%d","email":"bench-%s-%d-%d@bench.parley.test",' ..
      '"phone":"+1555%03d%06d","attributes":{"source":"wrk","note":"',
    thread_id, counter, run, thread_id, counter, thread_id, counter % 1000000)
  local tail = '"}}'
  local pad = body_bytes - #head - #tail
  if pad < 0 then
    pad = 0
  end
  return wrk.format(nil, nil, nil, head .. string.rep("n", pad) .. tail)
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

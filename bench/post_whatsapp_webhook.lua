-- wrk script for bench/inbound_e2e.mjs's WhatsApp phase: POST /api/v1/channels/{id}/webhook with one
-- WhatsApp Cloud API webhook carrying 10 text messages, each from a new customer (run, thread,
-- counter and index in the wa_id), signed as Meta signs it: X-Hub-Signature-256 = "sha256=" + hex
-- HMAC-SHA256(app secret, raw body). wrk has no HMAC, so SHA-256 is written here on LuaJIT's bit
-- library (FIPS 180-4); the phase fails loudly (403s) if it were wrong.
-- Environment: BENCH_SECRET (the app secret), BENCH_NUMBER (the phone number id), BENCH_RUN
-- (digits, unique per wrk run). At the end it prints one line starting with BENCH_RESULT.

local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, lshift, ror, tobit, tohex = bit.rshift, bit.lshift, bit.ror, bit.tobit, bit.tohex

local secret = os.getenv("BENCH_SECRET") or ""
local number = os.getenv("BENCH_NUMBER") or "0"
local run = tonumber(os.getenv("BENCH_RUN") or "0")
local per_request = 10

local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do
  K[i] = tobit(K[i])
end

-- The SHA-256 digest of `message`, as 32 raw bytes.
local function sha256(message)
  local length = #message
  local padding = (55 - length) % 64
  local bits = length * 8
  local tail = {}
  for shift = 56, 0, -8 do
    tail[#tail + 1] = string.char(math.floor(bits / 2 ^ shift) % 256)
  end
  message = message .. "\128" .. string.rep("\0", padding) .. table.concat(tail)
  local h = { tobit(0x6a09e667), tobit(0xbb67ae85), tobit(0x3c6ef372), tobit(0xa54ff53a),
              tobit(0x510e527f), tobit(0x9b05688c), tobit(0x1f83d9ab), tobit(0x5be0cd19) }
  local w = {}
  for chunk = 1, #message, 64 do
    for i = 0, 15 do
      local a, b, c, d = message:byte(chunk + i * 4, chunk + i * 4 + 3)
      w[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    end
    for i = 16, 63 do
      local v15, v2 = w[i - 15], w[i - 2]
      local s0 = bxor(ror(v15, 7), ror(v15, 18), rshift(v15, 3))
      local s1 = bxor(ror(v2, 17), ror(v2, 19), rshift(v2, 10))
      w[i] = tobit(w[i - 16] + s0 + w[i - 7] + s1)
    end
    local a, b, c, d, e, f, g, hh = h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]
    for i = 0, 63 do
      local s1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
      local choose = bxor(band(e, f), band(bnot(e), g))
      local t1 = tobit(hh + s1 + choose + K[i + 1] + w[i])
      local s0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
      local majority = bxor(band(a, b), band(a, c), band(b, c))
      local t2 = tobit(s0 + majority)
      hh, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + t2)
    end
    h[1], h[2], h[3], h[4] = tobit(h[1] + a), tobit(h[2] + b), tobit(h[3] + c), tobit(h[4] + d)
    h[5], h[6], h[7], h[8] = tobit(h[5] + e), tobit(h[6] + f), tobit(h[7] + g), tobit(h[8] + hh)
  end
  local out = {}
  for i = 1, 8 do
    local word = h[i]
    out[i] = string.char(band(rshift(word, 24), 255), band(rshift(word, 16), 255),
                         band(rshift(word, 8), 255), band(word, 255))
  end
  return table.concat(out)
end

local function xorKey(key, byte)
  local out = {}
  for i = 1, 64 do
    out[i] = string.char(bxor(key:byte(i) or 0, byte))
  end
  return table.concat(out)
end

local key = #secret > 64 and sha256(secret) or secret
local inner_pad, outer_pad = xorKey(key, 0x36), xorKey(key, 0x5c)

local function hmacHex(message)
  local digest = sha256(outer_pad .. sha256(inner_pad .. message))
  local hex = {}
  for i = 1, #digest do
    hex[i] = string.format("%02x", digest:byte(i))
  end
  return table.concat(hex)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local next_thread_id = 0

function setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("thread_id", next_thread_id)
end

function init(args)
  counter = 0
  -- A known answer first: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
  local saved_inner, saved_outer = inner_pad, outer_pad
  inner_pad, outer_pad = xorKey("key", 0x36), xorKey("key", 0x5c)
  local check = hmacHex("The quick brown fox jumps over the lazy dog")
  inner_pad, outer_pad = saved_inner, saved_outer
  if check ~= "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8" then
    error("SHA-256 is wrong here: " .. check)
  end
end

function request()
  counter = counter + 1
  local base = run * 10000000000 + thread_id * 100000000 + counter * per_request
  local contacts, messages = {}, {}
  for k = 0, per_request - 1 do
    local wa_id = string.format("%d", 4900000000000 + base + k)
    local text = (k % 2 == 0) and string.format("Where is my invoice %d? It was due last week.", counter)
                               or string.format("Hello, I need help with my account, ref %d.", counter)
    contacts[#contacts + 1] = string.format('{"profile":{"name":"Customer %d-%d"},"wa_id":"%s"}',
                                            thread_id, counter, wa_id)
    messages[#messages + 1] = string.format(
      '{"from":"%s","id":"wamid.bench%s","timestamp":"%d","type":"text","text":{"body":"%s"}}',
      wa_id, wa_id, os.time(), text)
  end
  local body = '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":' ..
    '{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"' ..
    number .. '"},"contacts":[' .. table.concat(contacts, ",") .. '],"messages":[' ..
    table.concat(messages, ",") .. ']},"field":"messages"}]}]}'
  -- Headers given to wrk.format replace wrk.headers: all of them here.
  return wrk.format(nil, nil, {
    ["Content-Type"] = "application/json",
    ["X-Hub-Signature-256"] = "sha256=" .. hmacHex(body),
  }, body)
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

-- wrk: the same ~1 KB JSON POST that bench/http_client_bench.cc sends, like a webhook delivery.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"type":"message.outbound","text":"' .. string.rep("x", 980) .. '"}'

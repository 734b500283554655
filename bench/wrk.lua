-- wrk's side of hiper's benchmark (bench/run, dev.hiper.bench.Ceiling): a POST body when
-- WRK_UPLOAD_BYTES says so, and at the end wrk's totals as one JSON line on standard output.
local upload = tonumber(os.getenv("WRK_UPLOAD_BYTES") or "0")
if upload > 0 then
  wrk.method = "POST"
  wrk.body = string.rep("a", upload)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"wrk_requests":%d,"wrk_duration_us":%d,"wrk_bytes":%d,"err_connect":%d,"err_read":%d,' ..
    '"err_write":%d,"err_status":%d,"err_timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
end

-- wrk script for the HTTP-stack floor of `upkeep serve`: GET / (a small JSON document, no request
-- body, no store), same connections and threads as breadcrumb.lua, same BENCH summary lines.
-- Used by bench/run-ingest.sh when FLOOR=1 (the default).

wrk.method = "GET"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d non2xx=%d acked=%d errors_connect=%d errors_read=%d "
    .. "errors_write=%d errors_timeout=%d\n",
    summary.requests, e.status, summary.requests - e.status, e.connect, e.read, e.write,
    e.timeout))
  io.write(string.format("BENCH rps=%.1f p50_us=%d p99_us=%d max_us=%d duration_us=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50),
    latency:percentile(99), latency.max, summary.duration))
end

-- The BENCH summary lines every wrk script of bench/wrk prints when wrk ends (loaded by each with
-- dofile), read by the bench/run-*.sh scripts:
--   BENCH requests=N non2xx=N acked=N errors_connect=N errors_read=N errors_write=N errors_timeout=N
--   BENCH rps=R p50_us=N p99_us=N max_us=N duration_us=N
-- No response() hook on purpose: a Lua callback per response costs wrk CPU on this 2-core
-- machine and would cap the nginx baseline. wrk counts every response with status > 399 in
-- summary.errors.status ("Non-2xx or 3xx responses"); the servers under test answer 2xx or 4xx/5xx,
-- never 1xx/3xx, so acknowledged = requests - errors.status.
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

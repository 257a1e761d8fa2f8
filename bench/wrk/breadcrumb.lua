-- wrk script: POST the migas REST breadcrumb exactly as migas-py main sends it.
-- Body copied verbatim from /work/shared/fixtures/migas-requests/migas-py-main.json (entry 0).
-- Used unchanged against `upkeep serve` and against the nginx `return 204` baseline
-- (nginx ignores the body).

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json; charset=utf-8"
wrk.headers["User-Agent"] = "migas-client/0.4.1.dev85"
wrk.headers["Accept"] = "*/*"
wrk.body = '{"project": "nipreps/nipreps", "project_version": "1.0.0", "language": "python", '
  .. '"language_version": "3.11.7", "ctx": {"user_id": "3571e622-beaf-3c5e-b094-65f5809f8c1f", '
  .. '"platform": "linux", "container": "docker", "is_ci": false}}'

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

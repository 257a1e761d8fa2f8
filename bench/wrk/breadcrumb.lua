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

-- the BENCH summary lines: summary.lua, beside this script
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "summary.lua")

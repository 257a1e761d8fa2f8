-- wrk script for the HTTP-stack floor of `upkeep serve`: GET / (a small JSON document, no request
-- body, no store), same connections and threads as breadcrumb.lua, same BENCH summary lines.
-- Used by bench/run-ingest.sh when FLOOR=1 (the default).

wrk.method = "GET"

-- the BENCH summary lines: summary.lua, beside this script
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "summary.lua")

-- wrk script: POST /v1/events, a batch of 100 events (Upkeep's own protocol, the shape its client
-- batches), the same body every request: 100 users on 3 platforms and 5 versions, some failed runs.
-- Used by bench/run-footprint.sh (LOAD=events) for the RSS under batched ingest; no ids, so every
-- request stores 100 new events.

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local platforms = { "linux", "darwin", "win32" }
local statuses = { "C", "C", "C", "F" }
local events = {}
for i = 0, 99 do
  events[#events + 1] = string.format(
    '{"project":"nipreps/nipreps","version":"1.0.%d","language":"python",'
      .. '"language_version":"3.11.7","user_id":"user-%04d","session_id":"session-%04d",'
      .. '"platform":"%s","container":"%s","is_ci":%s,"status":"%s",'
      .. '"attributes":{"command":"run","step":"%d"}}',
    i % 5, i, math.floor(i / 4), platforms[i % 3 + 1], i % 2 == 0 and "docker" or "unknown",
    i % 10 == 0 and "true" or "false", statuses[i % 4 + 1], i % 7)
end
wrk.body = "[" .. table.concat(events, ",") .. "]"

-- the BENCH summary lines: summary.lua, beside this script
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "summary.lua")

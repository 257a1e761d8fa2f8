-- One admission decision of Upkeep's rate limits, atomically (rate-limit-store = redis://...).
-- KEYS: the counters, in key order. ARGV[1]: the collector's clock (epoch ms); then four values
-- per key: kind (0 fixed window, 1 token bucket with debt, 2 daily cap), amount, limit, period
-- (window or refill period in ms; for a daily cap the epoch day). Returns each key's wait in
-- seconds, 0 for a charge that would be taken; the counters change only when every wait is 0.
-- A counter is a hash {a = amount, s = since} that expires once it equals a new one. The same
-- rules as dev.upkeep.server.limits.Rules (Java) and upkeep_take_limits (PostgreSQL, V8).
local now = tonumber(ARGV[1])
local n = #KEYS
local waits, amounts, sinces, ttls = {}, {}, {}, {}
local refused = false
for i = 1, n do
  local j = 2 + (i - 1) * 4
  local kind = tonumber(ARGV[j])
  local amount = tonumber(ARGV[j + 1])
  local limit = tonumber(ARGV[j + 2])
  local period = tonumber(ARGV[j + 3])
  local state = redis.call('HMGET', KEYS[i], 'a', 's')
  local cur, since = tonumber(state[1]), tonumber(state[2])
  local a, s, wait, expires = 0, 0, 0, 0
  if kind == 0 then
    if cur == nil or now - since >= period then
      a, s = 0, now
    else
      a, s = cur, since
    end
    if a + amount > limit then
      wait = math.max(1, math.floor((s + period - now + 999) / 1000))
    end
    a = a + amount
    expires = s + period
  elseif kind == 1 then
    local rate = limit / period
    if cur == nil then
      a, s = limit, now
    else
      a, s = cur, since
    end
    if now > s then
      a = math.min(limit, a + (now - s) * rate)
      s = now
    end
    if a <= 0 then
      wait = math.max(1, math.ceil((1 - a) / rate / 1000))
    end
    a = a - amount
    expires = s + math.ceil((limit - a) / rate)
  else
    -- A counter already on a later day (another collector's clock passed midnight first) stays
    -- on it; an earlier day's count is over.
    if cur == nil or since < period then
      a, s = 0, period
    else
      a, s = cur, since
    end
    if a + amount > limit then
      wait = math.max(1, (s + 1) * 86400 - math.floor(now / 1000))
    end
    a = a + amount
    expires = (s + 1) * 86400000
  end
  waits[i], amounts[i], sinces[i] = wait, a, s
  -- a second more than needed, for the difference between the collector's and Redis's clocks
  ttls[i] = math.max(1, expires - now) + 1000
  if wait > 0 then
    refused = true
  end
end
if not refused then
  for i = 1, n do
    redis.call('HSET', KEYS[i], 'a', string.format('%.17g', amounts[i]),
      's', string.format('%.17g', sinces[i]))
    redis.call('PEXPIRE', KEYS[i], string.format('%d', ttls[i]))
  end
end
return waits

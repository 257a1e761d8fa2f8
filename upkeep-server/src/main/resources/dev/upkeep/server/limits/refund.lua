-- Gives back charges of a request refused after its decision (a full queue), for Upkeep's rate
-- limits: a bucket's amount (never above its limit), a daily cap's amount on the same day only
-- (never below zero); window charges are ignored. KEYS and ARGV as take.lua, without the clock.
for i = 1, #KEYS do
  local j = 1 + (i - 1) * 4
  local kind = tonumber(ARGV[j])
  local amount = tonumber(ARGV[j + 1])
  local limit = tonumber(ARGV[j + 2])
  local period = tonumber(ARGV[j + 3])
  if kind ~= 0 then
    local state = redis.call('HMGET', KEYS[i], 'a', 's')
    local cur, since = tonumber(state[1]), tonumber(state[2])
    if cur ~= nil then
      if kind == 1 then
        redis.call('HSET', KEYS[i], 'a', string.format('%.17g', math.min(limit, cur + amount)))
      elseif since == period then
        redis.call('HSET', KEYS[i], 'a', string.format('%.17g', math.max(0, cur - amount)))
      end
    end
  end
end
return 0

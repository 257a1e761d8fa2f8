-- Rate limits held across collectors (issue 15; rate-limit-store = postgres, the default with a
-- database-url): the request window per client address, the event buckets per client and per
-- project, and the daily cap per project, shared by every collector on this database.
--
-- key: a keyed hash (HMAC-SHA256 under server_secrets 'rate-limit-hmac', truncated), never a
-- client address. amount: requests or events counted, or a bucket's tokens (below zero: debt);
-- NULL for a counter created by a refused decision, which counts as new. since: a window's start
-- or a bucket's last refill (epoch ms), or the UTC day counted (epoch day). expires_at (epoch ms):
-- from then on the row equals a new counter, so every collector's sweep may delete it (a row is
-- also reset in place by the next decision that finds it stale).
--
-- UNLOGGED: the counters are short-lived and rewritten at every request, so they skip the WAL
-- (several times cheaper per decision, and no WAL volume from request floods). The price is
-- acceptable: after a PostgreSQL crash the table is empty (every limit starts afresh) and it is
-- not copied to streaming replicas (after a failover the limits start afresh too); nothing else
-- depends on it. fillfactor 70 and no index but the key keep updates HOT (in-page, no index
-- write); the sweep's scan of the small table once a minute is cheaper than an index on
-- expires_at that every update would have to change.
CREATE UNLOGGED TABLE limit_counters (
  key        TEXT             PRIMARY KEY,
  amount     DOUBLE PRECISION,
  since      BIGINT           NOT NULL,
  expires_at BIGINT           NOT NULL
) WITH (fillfactor = 70);

-- One admission decision, in one round trip and atomically: every charge taken, or none.
-- Arguments are parallel arrays in key order (the caller sorts them, so concurrent decisions lock
-- their rows in one order and never deadlock): kind (0 fixed window, 1 token bucket with debt,
-- 2 daily cap), amount, limit, period (window or refill period in ms; for a daily cap the epoch
-- day); p_now is the collector's clock in epoch ms. Returns each charge's wait in seconds, 0 for
-- a charge that would be taken; the rows change only when every wait is 0. The same rules as
-- dev.upkeep.server.limits.Rules (Java) and take.lua (Redis), step for step.
CREATE FUNCTION upkeep_take_limits(
  p_keys TEXT[], p_kinds INT[], p_amounts BIGINT[], p_limits BIGINT[], p_periods BIGINT[],
  p_now BIGINT)
RETURNS BIGINT[]
LANGUAGE plpgsql AS $$
DECLARE
  n INT := coalesce(array_length(p_keys, 1), 0);
  waits BIGINT[] := array_fill(0::BIGINT, ARRAY[n]);
  amounts DOUBLE PRECISION[] := array_fill(0::DOUBLE PRECISION, ARRAY[n]);
  sinces BIGINT[] := array_fill(0::BIGINT, ARRAY[n]);
  expires BIGINT[] := array_fill(0::BIGINT, ARRAY[n]);
  refused BOOLEAN := false;
  cur DOUBLE PRECISION;
  cur_since BIGINT;
  a DOUBLE PRECISION;
  s BIGINT;
  rate DOUBLE PRECISION;
BEGIN
  FOR i IN 1..n LOOP
    -- Lock the row, creating it when missing (a concurrent insert of the same key is waited for).
    LOOP
      SELECT c.amount, c.since INTO cur, cur_since
        FROM limit_counters c WHERE c.key = p_keys[i] FOR UPDATE;
      EXIT WHEN FOUND;
      INSERT INTO limit_counters (key, amount, since, expires_at)
        VALUES (p_keys[i], NULL, 0, p_now) ON CONFLICT (key) DO NOTHING;
    END LOOP;
    IF p_kinds[i] = 0 THEN
      IF cur IS NULL OR p_now - cur_since >= p_periods[i] THEN
        a := 0;
        s := p_now;
      ELSE
        a := cur;
        s := cur_since;
      END IF;
      IF a + p_amounts[i] > p_limits[i] THEN
        waits[i] := greatest(1, (s + p_periods[i] - p_now + 999) / 1000);
      END IF;
      amounts[i] := a + p_amounts[i];
      expires[i] := s + p_periods[i];
    ELSIF p_kinds[i] = 1 THEN
      rate := p_limits[i]::DOUBLE PRECISION / p_periods[i];
      IF cur IS NULL THEN
        a := p_limits[i];
        s := p_now;
      ELSE
        a := cur;
        s := cur_since;
      END IF;
      IF p_now > s THEN
        a := least(p_limits[i]::DOUBLE PRECISION, a + (p_now - s) * rate);
        s := p_now;
      END IF;
      IF a <= 0 THEN
        waits[i] := greatest(1, ceil((1 - a) / rate / 1000)::BIGINT);
      END IF;
      amounts[i] := a - p_amounts[i];
      expires[i] := s + ceil((p_limits[i] - amounts[i]) / rate)::BIGINT;
    ELSE
      -- A row already on a later day (another collector's clock passed midnight first) stays on
      -- it; an earlier day's count is over.
      IF cur IS NULL OR cur_since < p_periods[i] THEN
        a := 0;
        s := p_periods[i];
      ELSE
        a := cur;
        s := cur_since;
      END IF;
      IF a + p_amounts[i] > p_limits[i] THEN
        waits[i] := greatest(1, (s + 1) * 86400 - p_now / 1000);
      END IF;
      amounts[i] := a + p_amounts[i];
      expires[i] := (s + 1) * 86400000;
    END IF;
    sinces[i] := s;
    refused := refused OR waits[i] > 0;
  END LOOP;
  IF NOT refused THEN
    -- every row is locked by now: one statement writes them all
    UPDATE limit_counters c
      SET amount = u.amount, since = u.since, expires_at = u.expires_at
      FROM unnest(p_keys, amounts, sinces, expires) AS u(key, amount, since, expires_at)
      WHERE c.key = u.key;
  END IF;
  RETURN waits;
END;
$$;

-- Gives back charges of a request refused after its decision (a full queue): a bucket's amount
-- (never above its limit), a daily cap's amount on the same day only (never below zero). Same
-- arguments as upkeep_take_limits, in key order; window charges are ignored.
CREATE FUNCTION upkeep_refund_limits(
  p_keys TEXT[], p_kinds INT[], p_amounts BIGINT[], p_limits BIGINT[], p_periods BIGINT[])
RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..coalesce(array_length(p_keys, 1), 0) LOOP
    IF p_kinds[i] = 1 THEN
      UPDATE limit_counters
        SET amount = least(p_limits[i]::DOUBLE PRECISION, amount + p_amounts[i])
        WHERE key = p_keys[i] AND amount IS NOT NULL;
    ELSIF p_kinds[i] = 2 THEN
      UPDATE limit_counters
        SET amount = greatest(0, amount - p_amounts[i])
        WHERE key = p_keys[i] AND since = p_periods[i] AND amount IS NOT NULL;
    END IF;
  END LOOP;
END;
$$;

-- Rate limits (V8): upkeep_take_limits writes its counters key by key.
--
-- V8's function wrote every locked counter with one UPDATE … FROM unnest(…). PL/pgSQL keeps the
-- plan of a statement for the session, and a plan made while limit_counters was small joins it by
-- a scan of the whole table, kept as the table grows (one scan per admission decision). An UPDATE
-- of one key is a primary-key lookup whatever the plan cache holds, and a decision takes a few keys.
-- Nothing else changes: the same rules, arguments and answers as V8.
CREATE OR REPLACE FUNCTION upkeep_take_limits(
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
    -- every row is locked by now
    FOR i IN 1..n LOOP
      UPDATE limit_counters
        SET amount = amounts[i], since = sinces[i], expires_at = expires[i]
        WHERE key = p_keys[i];
    END LOOP;
  END IF;
  RETURN waits;
END;
$$;

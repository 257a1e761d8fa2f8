package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.ingest.UsageEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The month partitions of PostgreSQL's {@code events} (migration V7): {@code events_yYYYYmMM} holds
 * the events whose {@code ts} falls in that UTC month. The collector creates the partition of the
 * current and of the next month when it opens the store, and the partition of any month it is about
 * to write that has none yet (a backdated event, the turn of a month), before the writing
 * transaction begins. Rows of a month whose partition cannot be created (its rows already sit in
 * {@code events_default}) stay in the default partition; nothing fails for want of a partition.
 *
 * <p>Creating a partition takes a short exclusive lock on {@code events}; it waits at most {@link
 * #LOCK_TIMEOUT} for writers of other collectors, else it is tried again {@link #RETRY_MILLIS}
 * later. Two collectors creating the same partition at once is harmless. Thread-safe.
 */
final class EventPartitions {
  /** How long creating a partition waits for the lock on {@code events}: {@value}. */
  static final String LOCK_TIMEOUT = "2s";

  /** After a failed attempt, a month's partition is tried again after {@value} ms. */
  static final long RETRY_MILLIS = 10 * 60_000;

  private static final Logger LOG = LoggerFactory.getLogger(EventPartitions.class);
  private static final Pattern NAME = Pattern.compile("events_y(\\d{4})m(\\d{2})");
  private static final String EXISTING =
      "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
          + " WHERE i.inhparent = 'events'::regclass";

  private final Clock clock;
  private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<YearMonth, Long> failedAt = new ConcurrentHashMap<>();

  EventPartitions(Clock clock) {
    this.clock = clock;
  }

  /** Learns the partitions that exist and creates those of the current and the next month. */
  void open(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(EXISTING)) {
      while (rs.next()) {
        Matcher m = NAME.matcher(rs.getString(1));
        if (m.matches()) {
          known.add(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
      }
    }
    YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    create(c, now);
    create(c, now.plusMonths(1));
  }

  /**
   * Outside a transaction: creates the partitions the events need, and the next month's once the
   * current month has begun.
   */
  void ensure(Connection c, List<UsageEvent> events) throws SQLException {
    Set<YearMonth> needed = null;
    for (UsageEvent e : events) {
      YearMonth m = YearMonth.from(e.timestamp().atZone(ZoneOffset.UTC));
      if (!known.contains(m)) {
        if (needed == null) {
          needed = new TreeSet<>();
        }
        needed.add(m);
      }
    }
    YearMonth next = YearMonth.now(clock.withZone(ZoneOffset.UTC)).plusMonths(1);
    if (!known.contains(next)) {
      create(c, next);
    }
    if (needed != null) {
      for (YearMonth m : needed) {
        create(c, m);
      }
    }
  }

  /**
   * Outside a transaction, after {@link #open}: creates the partitions of {@code months} that do
   * not exist yet (a store migration creates every month its source has events in before copying
   * them).
   */
  void createMonths(Connection c, Collection<YearMonth> months) throws SQLException {
    for (YearMonth m : months) {
      create(c, m);
    }
  }

  private void create(Connection c, YearMonth m) throws SQLException {
    if (known.contains(m)) {
      return;
    }
    Long failed = failedAt.get(m);
    if (failed != null && clock.millis() - failed < RETRY_MILLIS) {
      return;
    }
    long from = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long to = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    String name = String.format("events_y%04dm%02d", m.getYear(), m.getMonthValue());
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + name
              + " PARTITION OF events FOR VALUES FROM ("
              + from
              + ") TO ("
              + to
              + ")");
      c.commit();
      known.add(m);
    } catch (SQLException e) {
      c.rollback();
      if (!skippable(e)) {
        throw e;
      }
      if ("42P07".equals(e.getSQLState()) || "23505".equals(e.getSQLState())) {
        known.add(m); // another collector created it at the same moment
      } else {
        LOG.warn(
            "cannot create partition {} of events now ({}); its events go to events_default",
            name,
            e.getMessage());
        if ("23514".equals(e.getSQLState())) {
          known.add(m); // events_default holds rows of the month: it stays there
        } else {
          failedAt.put(m, clock.millis());
        }
      }
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * Failures that leave the month to the default partition: the partition exists already (42P07,
   * 23505 on the catalog), the default holds rows of the month (23514), the lock was not granted in
   * time (55P03), the range overlaps another partition (42P17).
   */
  private static boolean skippable(SQLException e) {
    String state = e.getSQLState();
    return "42P07".equals(state)
        || "23505".equals(state)
        || "23514".equals(state)
        || "55P03".equals(state)
        || "42P17".equals(state);
  }
}

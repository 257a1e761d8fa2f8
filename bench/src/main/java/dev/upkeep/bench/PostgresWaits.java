package dev.upkeep.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the PostgreSQL backends of the code under test are doing, sampled from {@code
 * pg_stat_activity} every {@code periodMillis}: for each backend whose {@code application_name}
 * starts with the prefix, its state and, when active, the statement (verb and table) and what it
 * waits for ({@code Lock:transactionid}, {@code IO:WALSync}, …; "on CPU" when it waits for
 * nothing). A backend "idle in transaction" waits for its collector to send the next statement;
 * "idle" has no work. An activity-sampling profile of the database side, the counterpart of {@link
 * WriterSampler}. Its connection is named {@value PostgresCpu#ADMIN_NAME}. Started and stopped by
 * one thread.
 */
final class PostgresWaits implements AutoCloseable {
  private static final Pattern INSERT = Pattern.compile("(?i)^\\s*INSERT\\s+INTO\\s+(\\w+)");
  private static final Pattern UPDATE = Pattern.compile("(?i)^\\s*UPDATE\\s+(\\w+)");
  private static final Pattern SELECT =
      Pattern.compile("(?i)^\\s*SELECT\\b.*?\\bFROM\\s+(\\w+)", Pattern.DOTALL);
  private static final Pattern WORD = Pattern.compile("^\\s*(\\w+)");

  private final Connection c;
  private final String prefix;
  private final Map<String, Long> samples = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private PostgresWaits(String baseUrl, String prefix, long periodMillis) throws SQLException {
    this.c =
        DriverManager.getConnection(
            PgSchema.with(PgSchema.baseOf(baseUrl), "ApplicationName", PostgresCpu.ADMIN_NAME));
    this.prefix = prefix;
    this.sampler = new Thread(() -> loop(periodMillis), "bench-pg-waits");
    sampler.setDaemon(true);
  }

  /** Starts sampling the backends named {@code prefix…} of the server of {@code baseUrl}. */
  static PostgresWaits start(String baseUrl, String prefix, long periodMillis) throws SQLException {
    PostgresWaits w = new PostgresWaits(baseUrl, prefix, periodMillis);
    w.sampler.start();
    return w;
  }

  private void loop(long periodMillis) {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT state, wait_event_type, wait_event, query FROM pg_stat_activity"
                + " WHERE application_name LIKE ? AND backend_type = 'client backend'")) {
      ps.setString(1, prefix + "%");
      while (running) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String where =
                describe(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            synchronized (samples) {
              samples.merge(where, 1L, Long::sum);
            }
          }
        }
        Thread.sleep(periodMillis);
      }
    } catch (SQLException e) {
      synchronized (samples) {
        samples.merge("(sampling failed: " + e.getMessage() + ")", 1L, Long::sum);
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  private static String describe(String state, String waitType, String wait, String query) {
    if (!"active".equals(state)) {
      return state == null ? "(unknown)" : state;
    }
    String statement = statement(query == null ? "" : query);
    return statement + ": " + (waitType == null ? "on CPU" : waitType + ":" + wait);
  }

  /** "INSERT events", "UPDATE projects", "SELECT users", "COMMIT": verb and first table. */
  static String statement(String query) {
    for (Object[] p :
        new Object[][] {{INSERT, "INSERT "}, {UPDATE, "UPDATE "}, {SELECT, "SELECT "}}) {
      Matcher m = ((Pattern) p[0]).matcher(query);
      if (m.find()) {
        return p[1] + m.group(1);
      }
    }
    Matcher m = WORD.matcher(query);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "?";
  }

  /** Stops sampling and closes the connection; the samples stay readable. */
  @Override
  public void close() throws InterruptedException, SQLException {
    running = false;
    sampler.interrupt();
    sampler.join(5_000);
    c.close();
  }

  /**
   * "N backend samples, 90 % idle; of the others: 60 % INSERT events: on CPU, 20 % idle in
   * transaction, …", biggest first. Idle backends (a pool's spare connections) are left out of the
   * shares, so that they show what the working ones were doing.
   */
  String describe() {
    Map<String, Long> copy;
    synchronized (samples) {
      copy = new HashMap<>(samples);
    }
    long all = copy.values().stream().mapToLong(Long::longValue).sum();
    Long idle = copy.remove("idle");
    long total = all - (idle == null ? 0 : idle);
    if (total == 0) {
      return all + " backend samples, all idle";
    }
    long small =
        copy.values().stream().filter(n -> n * 100 < total).mapToLong(Long::longValue).sum();
    return String.format(
            Locale.ROOT,
            "%d backend samples, %.0f %% idle; of the others: ",
            all,
            100.0 * (all - total) / all)
        + copy.entrySet().stream()
            .filter(e -> e.getValue() * 100 >= total)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(
                e ->
                    String.format(
                        Locale.ROOT, "%.0f %% %s", 100.0 * e.getValue() / total, e.getKey()))
            .collect(Collectors.joining(", "))
        + String.format(
            Locale.ROOT, ", %.0f %% elsewhere (under 1 %% each)", 100.0 * small / total);
  }
}

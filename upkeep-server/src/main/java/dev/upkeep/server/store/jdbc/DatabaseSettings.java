package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.settings.DurationText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the collector uses its database connections (keys of {@code upkeep serve}'s configuration in
 * brackets). Immutable; {@link #defaults()} holds every default, the {@code with*} methods validate
 * and name the setting in their exception. A parameter written in {@code database-url} itself (e.g.
 * {@code connectTimeout}, {@code ApplicationName}) wins over the matching setting here, except the
 * statement timeout, which is set on every new connection.
 *
 * @param poolSize {@code database-pool-size}: connections the PostgreSQL pool keeps open (a fixed
 *     pool), default {@link #defaultPoolSize(int)} of this machine's processors. The embedded
 *     SQLite store has its own pool ({@link StoreSettings#sqlitePoolSize()}) and ignores it.
 * @param connectTimeout {@code database-connect-timeout}: the longest a request waits for a
 *     connection, and the TCP connect and login timeout of a new one; default {@link
 *     #DEFAULT_CONNECT_TIMEOUT}, at least {@link #MIN_CONNECT_TIMEOUT}. While the database is down
 *     a request gets its 503 within it, never later.
 * @param statementTimeout {@code database-statement-timeout}: PostgreSQL's {@code
 *     statement_timeout} of every connection of the running collector, default {@link
 *     #DEFAULT_STATEMENT_TIMEOUT}; {@link Duration#ZERO} turns it off. The socket read timeout is
 *     this plus {@link #SOCKET_MARGIN}, so a database that stops answering without closing the
 *     connection (a network partition) fails a request instead of hanging it. Migrations and rollup
 *     rebuilds run on connections of their own without it.
 * @param maxLifetime {@code database-max-lifetime}: a connection is replaced after this long,
 *     default {@link #DEFAULT_MAX_LIFETIME}, at least {@link #MIN_MAX_LIFETIME} (HikariCP's floor);
 *     keep it below any idle or lifetime limit of a proxy or firewall between the collector and the
 *     database
 * @param applicationName {@code database-application-name}: what {@code pg_stat_activity} shows for
 *     this collector's connections, default {@code upkeep@<host name>}; at most {@value
 *     #MAX_APPLICATION_NAME} printable ASCII characters
 */
public record DatabaseSettings(
    int poolSize,
    Duration connectTimeout,
    Duration statementTimeout,
    Duration maxLifetime,
    String applicationName) {
  /** Default wait for a connection: 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Shortest {@code database-connect-timeout}: 250 ms (HikariCP's floor). */
  public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);

  /** Default statement timeout: 30 seconds (a usage query takes milliseconds). */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

  /** What the socket read timeout adds to the statement timeout: 10 seconds. */
  public static final Duration SOCKET_MARGIN = Duration.ofSeconds(10);

  /** Default lifetime of a connection: 30 minutes (HikariCP's default). */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);

  /** Shortest {@code database-max-lifetime}: 30 seconds (HikariCP's floor). */
  public static final Duration MIN_MAX_LIFETIME = Duration.ofSeconds(30);

  /** Longest application name PostgreSQL keeps: {@value} characters. */
  public static final int MAX_APPLICATION_NAME = 63;

  /** Largest {@code database-pool-size}: {@value}. */
  public static final int MAX_POOL_SIZE = 1000;

  public DatabaseSettings {
    if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
      throw new IllegalArgumentException(
          "database-pool-size must be between 1 and " + MAX_POOL_SIZE + ", was " + poolSize);
    }
    Objects.requireNonNull(connectTimeout, "database-connect-timeout");
    if (connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "database-connect-timeout must be at least 250ms, was "
              + DurationText.format(connectTimeout));
    }
    Objects.requireNonNull(statementTimeout, "database-statement-timeout");
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "database-statement-timeout must be 0 (off) or positive, was " + statementTimeout);
    }
    Objects.requireNonNull(maxLifetime, "database-max-lifetime");
    if (maxLifetime.compareTo(MIN_MAX_LIFETIME) < 0) {
      throw new IllegalArgumentException(
          "database-max-lifetime must be at least 30s, was " + DurationText.format(maxLifetime));
    }
    Objects.requireNonNull(applicationName, "database-application-name");
    if (applicationName.isEmpty()
        || applicationName.length() > MAX_APPLICATION_NAME
        || !applicationName.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "database-application-name must be 1 to "
              + MAX_APPLICATION_NAME
              + " printable ASCII characters, was \""
              + applicationName
              + "\"");
    }
  }

  /**
   * Every default: {@link #defaultPoolSize(int)} connections, 5 s, 30 s, 30 min, {@code
   * upkeep@<host name>}.
   */
  public static DatabaseSettings defaults() {
    return new DatabaseSettings(
        defaultPoolSize(Runtime.getRuntime().availableProcessors()),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_STATEMENT_TIMEOUT,
        DEFAULT_MAX_LIFETIME,
        defaultApplicationName());
  }

  /**
   * The default pool size on a machine with {@code processors} processors: one connection for the
   * ingest writer (it holds one through each group commit) and two per processor for the request
   * threads' queries (they wait on the database while it works, so two per processor keep the
   * processors busy), between 4 and 16. At most 16 so that six collectors fit within PostgreSQL's
   * default {@code max_connections} of 100.
   */
  public static int defaultPoolSize(int processors) {
    return Math.max(4, Math.min(16, 2 * processors + 1));
  }

  /** With {@code database-pool-size}. */
  public DatabaseSettings withPoolSize(int poolSize) {
    return new DatabaseSettings(
        poolSize, connectTimeout, statementTimeout, maxLifetime, applicationName);
  }

  /** With {@code database-connect-timeout}. */
  public DatabaseSettings withConnectTimeout(Duration timeout) {
    return new DatabaseSettings(poolSize, timeout, statementTimeout, maxLifetime, applicationName);
  }

  /** With {@code database-statement-timeout}; {@link Duration#ZERO} turns it off. */
  public DatabaseSettings withStatementTimeout(Duration timeout) {
    return new DatabaseSettings(poolSize, connectTimeout, timeout, maxLifetime, applicationName);
  }

  /** With {@code database-max-lifetime}. */
  public DatabaseSettings withMaxLifetime(Duration lifetime) {
    return new DatabaseSettings(
        poolSize, connectTimeout, statementTimeout, lifetime, applicationName);
  }

  /** With {@code database-application-name}. */
  public DatabaseSettings withApplicationName(String name) {
    return new DatabaseSettings(poolSize, connectTimeout, statementTimeout, maxLifetime, name);
  }

  /**
   * With one setting given by its key, as a config file or environment variable writes it:
   * durations as {@code 500ms}, {@code 5s}, {@code 30m} (a bare number is seconds), {@code auto}
   * for the default pool size and {@code off} for no statement timeout.
   *
   * @throws IllegalArgumentException for an unknown key or a bad value, naming the key
   */
  public DatabaseSettings with(String key, String value) {
    String v = value.strip();
    return switch (key) {
      case "database-pool-size" ->
          withPoolSize(
              v.equalsIgnoreCase("auto")
                  ? defaultPoolSize(Runtime.getRuntime().availableProcessors())
                  : integer(key, v));
      case "database-connect-timeout" -> withConnectTimeout(DurationText.parse(key, v));
      case "database-statement-timeout" ->
          withStatementTimeout(
              v.equalsIgnoreCase("off") ? Duration.ZERO : DurationText.parse(key, v));
      case "database-max-lifetime" -> withMaxLifetime(DurationText.parse(key, v));
      case "database-application-name" ->
          withApplicationName(v.isEmpty() ? defaultApplicationName() : v);
      default -> throw new IllegalArgumentException("unknown setting " + key);
    };
  }

  /** The settings by key, in a stable order, for {@code upkeep config}. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("database-pool-size", Integer.toString(poolSize));
    m.put("database-connect-timeout", DurationText.format(connectTimeout));
    m.put(
        "database-statement-timeout",
        statementTimeout.isZero() ? "off" : DurationText.format(statementTimeout));
    m.put("database-max-lifetime", DurationText.format(maxLifetime));
    m.put("database-application-name", applicationName);
    return m;
  }

  /** {@code upkeep@<host name>}, cut to {@value #MAX_APPLICATION_NAME} characters. */
  static String defaultApplicationName() {
    String name = "upkeep@" + HostName.VALUE;
    return name.length() > MAX_APPLICATION_NAME ? name.substring(0, MAX_APPLICATION_NAME) : name;
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number or auto, was \"" + v + "\"", e);
    }
  }

  /** This machine's host name, looked up once, printable ASCII only. */
  private static final class HostName {
    static final String VALUE = lookUp();

    private static String lookUp() {
      String name;
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException | SecurityException e) {
        name = "unknown-host";
      }
      return name.toLowerCase(Locale.ROOT).replaceAll("[^\\x21-\\x7e]", "?");
    }
  }
}

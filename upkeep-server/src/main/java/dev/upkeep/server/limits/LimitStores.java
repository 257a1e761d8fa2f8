package dev.upkeep.server.limits;

import java.time.Clock;
import java.util.Objects;

/**
 * Opens the {@link LimitStore} a {@code rate-limit-store} setting names. A shared store
 * (PostgreSQL, Redis) comes with this collector's memory behind it for the time it does not answer
 * (see {@link LimitStore}); nothing connects before the first decision.
 */
public final class LimitStores {
  /** Prefix of every Redis key of the limits: {@value}. */
  public static final String DEFAULT_REDIS_PREFIX = "upkeep:limits:";

  private LimitStores() {}

  /**
   * The store of {@code backend}.
   *
   * @param databaseUrl the collector's {@code jdbc:postgresql:} URL; required for {@link
   *     LimitBackend#POSTGRES}
   * @throws IllegalArgumentException for {@code postgres} without a database URL
   */
  public static LimitStore open(LimitBackend backend, String databaseUrl, Clock clock) {
    return switch (backend.kind()) {
      case MEMORY -> LimitStore.memory(clock);
      case POSTGRES -> {
        if (databaseUrl == null) {
          throw new IllegalArgumentException(
              "rate-limit-store = postgres needs database-url (the limits live in the collector's"
                  + " PostgreSQL database)");
        }
        yield postgres(databaseUrl, clock);
      }
      case REDIS -> redis(backend.redisUrl(), DEFAULT_REDIS_PREFIX, clock);
    };
  }

  /** The limits in the PostgreSQL database at {@code jdbcUrl}, migrated to V8 or later. */
  public static LimitStore postgres(String jdbcUrl, Clock clock) {
    return shared(new PostgresLimitStore(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), clock), clock);
  }

  /**
   * The limits in Redis at {@code url} ({@code redis://host:port/db}), every key under {@code
   * prefix}.
   */
  public static LimitStore redis(String url, String prefix, Clock clock) {
    return shared(new RedisLimitStore(url, prefix, clock), clock);
  }

  private static LimitStore shared(LimitStore store, Clock clock) {
    return new SharedLimitStore(
        store, LimitStore.memory(clock), SharedLimitStore.DEFAULT_RETRY, System::nanoTime);
  }
}

package dev.upkeep.server.store.jdbc;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Settings of a {@link StoreMigration}; from {@link StoreMigration#builder}. Not thread-safe.
 *
 * <pre>{@code
 * StoreMigration m = StoreMigration.builder(Path.of("/srv/upkeep/data"), "jdbc:postgresql://db/upkeep")
 *     .chunkRows(100_000)
 *     .build();
 * }</pre>
 */
public final class StoreMigrationBuilder {
  /** Rows per committed chunk unless {@link #chunkRows} says otherwise: {@value}. */
  public static final int DEFAULT_CHUNK_ROWS = 50_000;

  private static final String POSTGRES = "jdbc:postgresql:";

  final Path source;
  final String targetUrl;
  int chunkRows = DEFAULT_CHUNK_ROWS;
  MigrationListener listener = MigrationListener.NONE;
  Clock clock = StoreClock.SYSTEM;
  DatabaseSettings database = DatabaseSettings.defaults();

  StoreMigrationBuilder(Path source, String targetUrl) {
    this.source = Objects.requireNonNull(source, "source");
    this.targetUrl = Objects.requireNonNull(targetUrl, "targetUrl");
    if (!targetUrl.startsWith(POSTGRES)) {
      throw new IllegalArgumentException(
          "the target must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE?user=...),"
              + " was \""
              + MigrationTarget.describe(targetUrl).substring("postgres:".length())
              + "\"");
    }
  }

  /**
   * Rows copied per transaction (default {@value #DEFAULT_CHUNK_ROWS}); a chunk also commits once
   * its rows take {@value MigrationCopy#MAX_CHUNK_BYTES} bytes. A killed migration resumes after
   * the last committed chunk.
   *
   * @throws IllegalArgumentException when not positive
   */
  public StoreMigrationBuilder chunkRows(int rows) {
    if (rows <= 0) {
      throw new IllegalArgumentException("chunkRows must be positive, was " + rows);
    }
    this.chunkRows = rows;
    return this;
  }

  /** Told of the migration's progress, on its thread (default: nothing). */
  public StoreMigrationBuilder listener(MigrationListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The clock of the ledger's times (default UTC system clock). */
  public StoreMigrationBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * How the target's schema migrations connect: the collector's {@code database-*} settings
   * (default {@link DatabaseSettings#defaults()}); they run without a statement timeout whatever
   * these say.
   */
  public StoreMigrationBuilder database(DatabaseSettings settings) {
    this.database = Objects.requireNonNull(settings, "database");
    return this;
  }

  public StoreMigration build() {
    return new StoreMigration(this);
  }
}

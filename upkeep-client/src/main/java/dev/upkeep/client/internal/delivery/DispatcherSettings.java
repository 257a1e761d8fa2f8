package dev.upkeep.client.internal.delivery;

import dev.upkeep.client.internal.Digests;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What one client's {@link Dispatcher} is made of: its queue, its spool, how it sends, and what it
 * does at the JVM's exit. The client's builder makes it once; the dispatcher is opened from it when
 * first needed. Immutable.
 */
public final class DispatcherSettings {
  /** Whether to speak migas REST instead of Upkeep's {@code /v1/events}. */
  public final boolean migas;

  /** The server (not null when a dispatcher is opened). */
  public final URI endpoint;

  /** Events held in memory before new ones are dropped. */
  public final int queueCapacity;

  /** Largest batch per request. */
  public final int batchSize;

  /** Longest time an event waits to fill a batch, in milliseconds. */
  public final long lingerMillis;

  /** Spool caps: batch files. */
  public final int spoolMaxFiles;

  /** Spool caps: bytes. */
  public final long spoolMaxBytes;

  /** The session id sent with every event, or null for a random one per client. */
  public final String sessionId;

  /** The project's ingest key, or null. */
  public final String ingestKey;

  /** Whether the JVM's exit flushes (a shutdown hook). */
  public final boolean shutdownHook;

  /** Longest wait for delivery at the JVM's exit, in milliseconds. */
  public final long exitFlushMillis;

  /** The clock stamping spool files. */
  public final Clock clock;

  private final Path spoolDir;
  private final Path cacheDir;

  /**
   * @param spoolDir where unsent batches wait, or null for one under {@code cacheDir} per protocol
   *     and endpoint
   */
  public DispatcherSettings(
      boolean migas,
      URI endpoint,
      Path spoolDir,
      Path cacheDir,
      int queueCapacity,
      int batchSize,
      long lingerMillis,
      int spoolMaxFiles,
      long spoolMaxBytes,
      String sessionId,
      String ingestKey,
      boolean shutdownHook,
      long exitFlushMillis,
      Clock clock) {
    this.migas = migas;
    this.endpoint = endpoint;
    this.spoolDir = spoolDir;
    this.cacheDir = cacheDir;
    this.queueCapacity = queueCapacity;
    this.batchSize = batchSize;
    this.lingerMillis = lingerMillis;
    this.spoolMaxFiles = spoolMaxFiles;
    this.spoolMaxBytes = spoolMaxBytes;
    this.sessionId = sessionId;
    this.ingestKey = ingestKey;
    this.shutdownHook = shutdownHook;
    this.exitFlushMillis = exitFlushMillis;
    this.clock = clock;
  }

  /**
   * Where unsent batches wait: the one given, else {@code <cache>/spool/<12 hex digits of the
   * SHA-256 of "UPKEEP endpoint" or "MIGAS endpoint">} (the protocol's name), so that events only
   * ever go to the server they were meant for. Hashed when called, not at startup.
   */
  public Path spoolDir() {
    String id = (migas ? "MIGAS " : "UPKEEP ") + endpoint;
    return spoolDir != null
        ? spoolDir
        : cacheDir.resolve("spool").resolve(Digests.sha256Hex(id, 6));
  }
}

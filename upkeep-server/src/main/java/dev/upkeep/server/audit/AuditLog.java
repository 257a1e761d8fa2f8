package dev.upkeep.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON line per admin action, appended to a file (default {@code audit.log} in
 * the data directory, setting {@code audit-log = PATH|off}).
 *
 * <pre>{@code
 * {"at":"2026-03-01T12:00:00Z","who":"master","token":"m_AbCdEf","action":"token.mint","target":"nipreps/fmriprep token m_GhIjKl","from":"127.0.0.1"}
 * }</pre>
 *
 * <p>{@code at} is UTC to the second; {@code who} the token's kind ({@code master}); {@code token}
 * the token's listed prefix (its first {@value dev.upkeep.server.auth.Tokens#SHOWN_PREFIX_LENGTH}
 * characters, as {@code GET /v1/tokens} shows them), never the token; {@code from} the client
 * address as the server saw it. The file is created 0600 (its directory 0700), opened in append
 * mode and written one whole line per {@code write} call, so lines are never interleaved or torn
 * short of a crash mid-write.
 *
 * <p>An action is logged after it succeeded. A failed write is logged at WARN and does not fail the
 * action (the change is already made). Thread-safe: one writer, lines serialized by a lock.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final Clock clock;

  private AuditLog(Path file, FileChannel channel, Clock clock) {
    this.file = file;
    this.channel = channel;
    this.clock = clock;
  }

  /**
   * Opens {@code file} for appending, creating it (0600) and its directory (0700) when missing.
   *
   * @throws UncheckedIOException naming the file when it cannot be opened
   */
  public static AuditLog open(Path file, Clock clock) {
    try {
      Path abs = file.toAbsolutePath();
      PrivateFiles.directory(abs.getParent());
      PrivateFiles.file(abs);
      FileChannel ch =
          FileChannel.open(abs, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND));
      return new AuditLog(abs, ch, clock);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the audit log "
              + file
              + ": "
              + e
              + " (set audit-log to another file, or"
              + " to off)",
          e);
    }
  }

  /** A log that writes nothing ({@code audit-log = off}), so reads no clock. */
  public static AuditLog off() {
    return new AuditLog(null, null, null);
  }

  /**
   * Appends one line.
   *
   * @param who the kind of credential: {@code master}
   * @param token the credential's listed prefix, or null
   * @param action what was done, e.g. {@code project.create}, {@code token.revoke}
   * @param target what it was done to, e.g. {@code nipreps/fmriprep}
   * @param from the client's address
   */
  public void record(String who, String token, String action, String target, String from) {
    if (channel == null) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    line.put("who", who);
    line.put("token", token);
    line.put("action", action);
    line.put("target", target);
    line.put("from", from);
    byte[] bytes;
    try {
      bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit line cannot be written as JSON", e);
    }
    synchronized (this) {
      try {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
      } catch (IOException e) {
        LOG.warn("audit log {}: cannot append {} {}: {}", file, action, target, e.toString());
      }
    }
  }

  /** The file written, or null when off. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("audit log {}: close failed: {}", file, e.toString());
      }
    }
  }
}

package dev.upkeep.client.internal.spool;

import dev.upkeep.client.internal.Counters;
import dev.upkeep.client.internal.Log;
import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches that could not be sent, kept on disk until a later attempt or a later run delivers them.
 * One file per batch, {@code batch-<millis>-<seq>.json} holding a JSON array of events with their
 * ids; written to a temporary file and renamed into place, so a crash never leaves a torn batch.
 * Capped in files and bytes: the oldest batches are dropped first and counted. A sender claims a
 * file by renaming it, so two processes sharing a spool never send the same file twice. Never
 * throws; an unwritable directory drops the batch and counts it. Thread-safe.
 */
public final class Spool {
  private static final String PREFIX = "batch-";
  private static final String CLAIMED = ".claimed";
  private static final long STALE_CLAIM_MILLIS = 10 * 60 * 1000;

  private final Path dir;
  private final int maxFiles;
  private final long maxBytes;
  private final Counters counters;
  private final Clock clock;
  private final AtomicLong seq = new AtomicLong();

  /**
   * @param dir the spool's directory, made when first written
   * @param maxFiles the most batch files kept
   * @param maxBytes the most bytes kept
   * @param counters where spooled and dropped events are counted
   * @param clock stamps batch file names and claims
   */
  public Spool(Path dir, int maxFiles, long maxBytes, Counters counters, Clock clock) {
    this.dir = dir;
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
    this.counters = counters;
    this.clock = clock;
  }

  public Path dir() {
    return dir;
  }

  /** Keeps a batch for later. */
  public synchronized void write(List<WireEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(dir);
      String name =
          String.format(
              "%s%013d-%06d-%d.json",
              PREFIX, clock.millis(), seq.incrementAndGet() % 1_000_000, pid());
      Path tmp = Files.createTempFile(dir, ".tmp-", ".json");
      try {
        Files.write(tmp, EventBatch.encode(events).getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      counters.spooled.addAndGet(events.size());
      enforceCaps();
    } catch (IOException | RuntimeException e) {
      counters.spoolDropped.addAndGet(events.size());
      Log.debug("cannot spool " + events.size() + " events in " + dir + ": " + e);
    }
  }

  /** Spooled batch files, oldest first (claimed files of dead senders are released first). */
  public List<Path> pending() {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.endsWith(".json")) {
          files.add(p);
        } else if (name.contains(CLAIMED) && stale(p)) {
          release(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot list the spool " + dir + ": " + e);
    }
    Collections.sort(files);
    return files;
  }

  /** Takes a file for sending; null if another sender took it first. */
  public Path claim(Path file) {
    Path claimed = file.resolveSibling(file.getFileName() + CLAIMED + "-" + pid());
    try {
      Files.move(file, claimed, StandardCopyOption.ATOMIC_MOVE);
      Files.setLastModifiedTime(claimed, FileTime.fromMillis(clock.millis()));
      return claimed;
    } catch (IOException e) {
      return null;
    }
  }

  /** The events of a claimed file; a corrupt file is deleted, counted, and yields none. */
  public List<WireEvent> read(Path claimed) {
    try {
      return EventBatch.decode(new String(Files.readAllBytes(claimed), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      counters.spoolDropped.incrementAndGet();
      Log.warn("dropping unreadable spool file " + claimed + ": " + e);
      delete(claimed);
      return List.of();
    }
  }

  /** Gives a claimed file back, to be sent later. */
  public void release(Path claimed) {
    String name = claimed.getFileName().toString();
    Path back = claimed.resolveSibling(name.substring(0, name.indexOf(CLAIMED)));
    try {
      Files.move(claimed, back, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Log.debug("cannot release " + claimed + ": " + e);
    }
  }

  /** Deletes every batch, claimed or not, and leftover temporary files; never throws. */
  public synchronized void clear() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.startsWith(PREFIX) || name.startsWith(".tmp-")) {
          delete(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot clear the spool " + dir + ": " + e);
    }
  }

  public void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      Log.debug("cannot delete " + file + ": " + e);
    }
  }

  /** Drops the oldest batches beyond the caps; files vanishing meanwhile are skipped. */
  private void enforceCaps() {
    List<Path> files = pending();
    long bytes = 0;
    for (Path p : files) {
      bytes += sizeOf(p);
    }
    int i = 0;
    while (i < files.size() - 1 && (files.size() - i > maxFiles || bytes > maxBytes)) {
      Path oldest = files.get(i++);
      long size = sizeOf(oldest);
      Path claimed = claim(oldest);
      if (claimed == null) {
        bytes -= size;
        continue;
      }
      List<WireEvent> lost = read(claimed);
      delete(claimed);
      bytes -= size;
      counters.spoolDropped.addAndGet(lost.size());
      Log.warn(
          "spool full ("
              + maxFiles
              + " files / "
              + maxBytes
              + " bytes): dropped "
              + lost.size()
              + " oldest events");
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private boolean stale(Path p) {
    try {
      return clock.millis() - Files.getLastModifiedTime(p).toMillis() > STALE_CLAIM_MILLIS;
    } catch (IOException e) {
      return false;
    }
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }
}

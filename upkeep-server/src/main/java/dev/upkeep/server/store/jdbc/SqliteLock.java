package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.files.PrivateFiles;
import dev.upkeep.server.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process at a time on an embedded store: an exclusive OS lock ({@link FileChannel#tryLock()},
 * {@code fcntl} on Linux) on {@code upkeep.db.lock} beside the database, held from before the store
 * is opened until it is closed. The file says which process holds it ({@code pid 4242 since
 * 2026-03-01T12:00:00Z}), for the message that refuses the next one. The OS releases the lock when
 * its process ends however it ends (a SIGKILL or a power cut leave no stale lock); the file itself
 * stays, and means nothing without the lock.
 *
 * <p>Within one JVM the lock is also kept in a set of held paths: the JVM refuses a second lock on
 * a file it holds, and closing a second channel on that file would release the first one's lock on
 * Linux, so a second open in the same process is refused before any channel is opened.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
final class SqliteLock implements AutoCloseable {
  /** Name of the lock file beside the database: {@value}. */
  static final String FILE = JdbcStores.SQLITE_FILE + ".lock";

  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
  private static final String THIS_PROCESS =
      "pid " + ProcessHandle.current().pid() + ", this very process";

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private SqliteLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of the database {@code file}, creating its directory (0700) and the lock file
   * (0600) when missing.
   *
   * @throws StoreException naming the database and the process holding it when another process (or
   *     another store of this process) holds it, or when the lock file cannot be created
   */
  static SqliteLock acquire(Path file) {
    return acquire(file, StoreClock.SYSTEM);
  }

  /** As {@link #acquire(Path)}, writing the time it was taken by {@code clock} into the file. */
  static SqliteLock acquire(Path file, Clock clock) {
    Path database = file.toAbsolutePath().normalize();
    Path path;
    try {
      PrivateFiles.directory(database.getParent());
      path = database.getParent().toRealPath().resolve(FILE);
    } catch (IOException e) {
      throw new StoreException("cannot create " + database + ": " + e, e);
    }
    try {
      PrivateFiles.file(path);
    } catch (IOException e) {
      throw new StoreException("cannot create " + path + ": " + e, e);
    }
    if (!HELD.add(path)) {
      throw inUse(database, THIS_PROCESS);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = lock(channel, database);
      String me =
          "pid "
              + ProcessHandle.current().pid()
              + " since "
              + clock.instant().truncatedTo(ChronoUnit.SECONDS)
              + "\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      return new SqliteLock(path, channel, lock);
    } catch (IOException e) {
      HELD.remove(path);
      closeQuietly(channel);
      throw new StoreException("cannot lock " + path + ": " + e, e);
    } catch (RuntimeException e) {
      HELD.remove(path);
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * For a process that only reads the database (a store migration): a shared lock on its lock file,
   * which a collector holding the file refuses, and which keeps a collector from opening the file
   * until it is closed. Creates and writes nothing: when there is no lock file (no collector of
   * this version opened the database) or it cannot be read, it holds nothing.
   *
   * @throws StoreException naming the process holding the database, when one does
   */
  static AutoCloseable shared(Path file) {
    Path database = file.toAbsolutePath().normalize();
    Path path;
    FileChannel channel;
    try {
      path = database.getParent().toRealPath().resolve(FILE);
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      return () -> {};
    }
    if (!HELD.add(path)) {
      closeQuietly(channel);
      throw inUse(database, THIS_PROCESS);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock(0, Long.MAX_VALUE, true);
      } catch (OverlappingFileLockException e) {
        throw inUse(database, THIS_PROCESS);
      }
      if (lock == null) {
        throw inUse(database, holder(channel));
      }
      return new SqliteLock(path, channel, lock);
    } catch (IOException e) {
      HELD.remove(path);
      closeQuietly(channel);
      return () -> {};
    } catch (RuntimeException e) {
      HELD.remove(path);
      closeQuietly(channel);
      throw e;
    }
  }

  private static FileLock lock(FileChannel channel, Path database) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) { // this JVM holds it through another path
      throw inUse(database, THIS_PROCESS);
    }
    if (lock == null) {
      throw inUse(database, holder(channel));
    }
    return lock;
  }

  /** Where the lock is. */
  Path path() {
    return path;
  }

  /** Releases the lock (the file stays). Idempotent. */
  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel below releases it too
    } finally {
      closeQuietly(channel);
      HELD.remove(path);
    }
  }

  private static StoreException inUse(Path database, String holder) {
    return new StoreException(
        database
            + " is in use by another collector or upkeep command ("
            + holder
            + "): one SQLite file takes one process at a time. Stop it first, or run several"
            + " collectors on one PostgreSQL database (setting database-url; see docs/deploy.md).",
        null);
  }

  /** What the lock file says of its holder, e.g. {@code pid 4242 since ...}. */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(200);
      channel.read(buf, 0);
      String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
      return text.startsWith("pid ") ? text : "a process that did not say its pid";
    } catch (IOException e) {
      return "a process whose pid cannot be read: " + e.getMessage();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}

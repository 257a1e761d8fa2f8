package dev.upkeep.server.blobs;

import dev.upkeep.archive.BlobId;
import dev.upkeep.server.digest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The unfinished uploads of a {@link BlobStore}, staged on the collector's disk as {@code
 * <dir>/<h>.part}: what {@link BlobStore#write} means whatever holds the stored blobs. A part is
 * appended and forced to disk before it is acknowledged; when the last one arrived, the bytes are
 * hashed (those of earlier requests read back once) and, if they are the blob's, handed to the
 * {@link Destination} as one verified file, which is deleted once stored. An upload cut anywhere
 * continues from the bytes on disk, also after a crash or SIGKILL; one whose destination failed
 * stays whole and is stored again by an empty last part.
 *
 * <p>Memory stays flat whatever the blob size (one 64 KiB buffer per upload). Thread-safe; one
 * upload per blob at a time ({@link BlobRefusedException.Reason#BUSY}); one process per directory.
 */
final class StagedUploads {
  /** Where the verified bytes of a blob go. */
  interface Destination {
    /** Whether {@code blob} is stored already (an upload of it is then accepted and dropped). */
    boolean has(BlobId blob) throws IOException;

    /**
     * Stores {@code blob} from {@code file}, its {@code size} verified bytes, atomically: the blob
     * is then whole or not stored. The file may be moved away; it is deleted after if it is left.
     */
    void store(BlobId blob, Path file, long size) throws IOException;
  }

  private static final int BUFFER = 1 << 16;

  private final Path dir;
  private final long maxSize;
  private final Destination destination;
  private final Set<BlobId> uploading = ConcurrentHashMap.newKeySet();

  /**
   * @param dir the directory of the unfinished uploads, made at the first one
   * @param maxSize the largest blob taken, in bytes
   */
  StagedUploads(Path dir, long maxSize, Destination destination) {
    if (maxSize < 0) {
      throw new IllegalArgumentException("max-blob-size must be at least 0, was " + maxSize);
    }
    this.dir = dir;
    this.maxSize = maxSize;
    this.destination = destination;
  }

  /** The staged file of {@code blob}'s upload (it may not exist). */
  Path file(BlobId blob) {
    return dir.resolve(blob.hex() + ".part");
  }

  /** As {@link BlobStore#received}: the bytes staged, 0 when there are none. */
  long received(BlobId blob) throws IOException {
    try {
      return Files.size(file(blob));
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** As {@link BlobStore#write}. */
  long write(BlobId blob, long offset, long total, InputStream in) throws IOException {
    if (offset < 0 || total < 0 || offset > total) {
      throw new IllegalArgumentException(
          "a part must start at 0 to the blob's size, was " + offset + " of " + total);
    }
    if (total > maxSize) {
      throw new BlobRefusedException(
          BlobRefusedException.Reason.TOO_LARGE,
          received(blob),
          "blob "
              + blob.abbreviated()
              + " is "
              + total
              + " bytes, more than this collector takes (max-blob-size = "
              + maxSize
              + ")");
    }
    if (!uploading.add(blob)) {
      throw new BlobRefusedException(
          BlobRefusedException.Reason.BUSY,
          received(blob),
          "another upload of blob " + blob.abbreviated() + " is running; retry when it ended");
    }
    try {
      if (destination.has(blob)) {
        return total;
      }
      return append(blob, offset, total, in);
    } finally {
      uploading.remove(blob);
    }
  }

  private long append(BlobId blob, long offset, long total, InputStream in) throws IOException {
    Path part = file(blob);
    long have = received(blob);
    if (offset != have) {
      throw new BlobRefusedException(
          BlobRefusedException.Reason.OFFSET,
          have,
          "the upload of blob "
              + blob.abbreviated()
              + " stands at byte "
              + have
              + ", not "
              + offset
              + "; send from byte "
              + have);
    }
    Files.createDirectories(part.getParent());
    MessageDigest sha256 = Sha256.newDigest();
    long end = have;
    try (FileChannel out =
        FileChannel.open(
            part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      out.position(have);
      byte[] buffer = new byte[BUFFER];
      if (have > 0) {
        // the bytes of earlier parts, read back once (a collector keeps no digest across requests)
        hashPrefix(out, have, sha256, buffer);
      }
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          if (end + n > total) {
            Files.deleteIfExists(part);
            throw new BlobRefusedException(
                BlobRefusedException.Reason.MISMATCH,
                0,
                "more bytes came for blob "
                    + blob.abbreviated()
                    + " than its size ("
                    + total
                    + "); the upload was dropped");
          }
          sha256.update(buffer, 0, n);
          ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
          while (b.hasRemaining()) {
            out.write(b);
          }
          end += n;
        }
      } finally {
        if (Files.exists(part)) {
          // what arrived before a cut is kept, on disk, for the upload to continue from
          out.force(false);
        }
      }
    }
    if (end < total) {
      return end;
    }
    String hex = HexFormat.of().formatHex(sha256.digest());
    if (!hex.equals(blob.hex())) {
      Files.deleteIfExists(part);
      throw new BlobRefusedException(
          BlobRefusedException.Reason.MISMATCH,
          0,
          "the "
              + total
              + " bytes sent for blob "
              + blob.abbreviated()
              + " hash to "
              + hex.substring(0, 12)
              + "…; nothing was stored (did the file change while it was sent?)");
    }
    destination.store(blob, part, total);
    Files.deleteIfExists(part);
    return total;
  }

  /** Hashes the first {@code length} bytes of {@code file}. */
  private static void hashPrefix(FileChannel file, long length, MessageDigest into, byte[] buffer)
      throws IOException {
    long at = 0;
    ByteBuffer b = ByteBuffer.wrap(buffer);
    while (at < length) {
      b.clear().limit((int) Math.min(buffer.length, length - at));
      int n = file.read(b, at);
      if (n < 0) {
        throw new IOException("upload file shrank while it was read");
      }
      into.update(buffer, 0, n);
      at += n;
    }
  }
}

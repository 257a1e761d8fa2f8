package dev.upkeep.server.blobs;

import dev.upkeep.archive.BlobId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs on the collector's disk, the default {@link BlobStore}: a stored blob at {@code
 * <root>/<h[0:2]>/<h>} (h its SHA-256 in hex), an unfinished upload at {@code
 * <root>/uploads/<h>.part}. A part is appended and forced to disk before it is acknowledged; the
 * last one is hashed with the bytes before it (read back once, for an upload that was resumed) and
 * the file renamed into place atomically, so a blob is either whole and verified or not there, even
 * after a crash or SIGKILL, and an upload cut anywhere continues from the bytes on disk.
 *
 * <p>Memory stays flat whatever the blob size (one 64 KiB buffer per upload). Nothing is read or
 * created at construction; directories are made at the first upload. Thread-safe; one process per
 * root (the collector's data directory is locked by its store).
 */
public final class DiskBlobStore implements BlobStore {
  /** The largest blob taken by default: {@value} bytes (2 GiB), setting {@code max-blob-size}. */
  public static final long DEFAULT_MAX_BLOB_SIZE = 2L << 30;

  private static final int BUFFER = 1 << 16;

  private final Path root;
  private final long maxSize;
  private final Set<BlobId> uploading = ConcurrentHashMap.newKeySet();

  /**
   * @param root the directory of the blobs, e.g. {@code <data-dir>/blobs}
   * @param maxSize the largest blob taken, in bytes
   */
  public DiskBlobStore(Path root, long maxSize) {
    if (maxSize < 0) {
      throw new IllegalArgumentException("max-blob-size must be at least 0, was " + maxSize);
    }
    this.root = root;
    this.maxSize = maxSize;
  }

  @Override
  public OptionalLong size(BlobId blob) throws IOException {
    try {
      return OptionalLong.of(Files.size(stored(blob)));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public long received(BlobId blob) throws IOException {
    try {
      return Files.size(upload(blob));
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  @Override
  public long write(BlobId blob, long offset, long total, InputStream in) throws IOException {
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
      if (size(blob).isPresent()) {
        return total;
      }
      return append(blob, offset, total, in);
    } finally {
      uploading.remove(blob);
    }
  }

  private long append(BlobId blob, long offset, long total, InputStream in) throws IOException {
    Path part = upload(blob);
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
    MessageDigest sha256 = sha256();
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
    Path target = stored(blob);
    Files.createDirectories(target.getParent());
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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

  @Override
  public InputStream open(BlobId blob, long offset) throws IOException {
    FileChannel in = FileChannel.open(stored(blob), StandardOpenOption.READ);
    try {
      in.position(offset);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return Channels.newInputStream(in);
  }

  private Path stored(BlobId blob) {
    return root.resolve(blob.hex().substring(0, 2)).resolve(blob.hex());
  }

  private Path upload(BlobId blob) {
    return root.resolve("uploads").resolve(blob.hex() + ".part");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}

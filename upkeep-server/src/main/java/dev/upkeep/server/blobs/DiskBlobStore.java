package dev.upkeep.server.blobs;

import dev.upkeep.archive.BlobId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

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

  private final Path root;
  private final StagedUploads uploads;

  /**
   * @param root the directory of the blobs, e.g. {@code <data-dir>/blobs}
   * @param maxSize the largest blob taken, in bytes
   */
  public DiskBlobStore(Path root, long maxSize) {
    this.root = root;
    this.uploads = new StagedUploads(root.resolve("uploads"), maxSize, new IntoPlace());
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
    return uploads.received(blob);
  }

  @Override
  public long write(BlobId blob, long offset, long total, InputStream in) throws IOException {
    return uploads.write(blob, offset, total, in);
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

  /** A verified upload is renamed into place, atomically. */
  private final class IntoPlace implements StagedUploads.Destination {
    @Override
    public boolean has(BlobId blob) throws IOException {
      return size(blob).isPresent();
    }

    @Override
    public void store(BlobId blob, Path file, long size) throws IOException {
      Path target = stored(blob);
      Files.createDirectories(target.getParent());
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

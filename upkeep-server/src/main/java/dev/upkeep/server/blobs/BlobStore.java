package dev.upkeep.server.blobs;

import dev.upkeep.archive.BlobId;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * The blobs the collector hosts for release archives (issue 16), addressed by SHA-256 and stored
 * once whatever the number of releases and projects that name them. A blob becomes visible only
 * once all its bytes arrived and hashed to its id; until then its bytes are an upload, which may
 * arrive over several requests (a transfer cut off continues from its last byte).
 *
 * <p>Implementations are thread-safe. One upload of a blob runs at a time; a second one at once is
 * refused ({@link BlobRefusedException.Reason#BUSY}), not interleaved.
 */
public interface BlobStore extends Closeable {
  /** The size in bytes of a stored blob, or empty when it is not stored (an upload is not). */
  OptionalLong size(BlobId blob) throws IOException;

  /**
   * The bytes of an unfinished upload received so far: where the next part must start. 0 when there
   * is none (or the blob is stored).
   */
  long received(BlobId blob) throws IOException;

  /**
   * Adds bytes to the upload of {@code blob}: {@code in}'s bytes go at {@code offset}, which must
   * be what {@link #received} says. When the upload then holds {@code total} bytes, their size and
   * SHA-256 are checked against {@code blob} and, if right, the blob is stored, atomically. A blob
   * already stored is not written again (its upload is accepted and its bytes discarded).
   *
   * @param total the blob's size in bytes, the same for every part of one upload
   * @param in at most {@code total - offset} bytes; read to its end, not closed
   * @return the bytes received so far; {@code total} once the blob is stored
   * @throws BlobRefusedException when the offset is not the upload's, another upload of the blob is
   *     running, {@code total} is above the store's limit, {@code in} holds more than {@code total
   *     - offset} bytes, or the bytes do not hash to {@code blob} (the upload is then discarded);
   *     nothing stored is changed
   */
  long write(BlobId blob, long offset, long total, InputStream in) throws IOException;

  /**
   * Opens a stored blob from byte {@code offset} on.
   *
   * @throws java.nio.file.NoSuchFileException when the blob is not stored
   */
  InputStream open(BlobId blob, long offset) throws IOException;

  /** Releases what the store holds open (an S3 client); the disk store holds nothing. */
  @Override
  default void close() {}
}

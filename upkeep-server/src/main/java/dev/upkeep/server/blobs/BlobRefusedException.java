package dev.upkeep.server.blobs;

import java.io.IOException;

/**
 * A part of a blob upload the store did not take, and why; what was stored before is unchanged. The
 * HTTP routes answer it by {@link #reason()}: 409 for {@code OFFSET} and {@code BUSY} (with {@link
 * #received()}, where the upload stands), 413 for {@code TOO_LARGE}, 422 for {@code MISMATCH}.
 */
public final class BlobRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** The part does not start where the upload stands ({@link #received()}). */
    OFFSET,
    /** Another upload of the same blob is running. */
    BUSY,
    /** The blob is larger than the store takes ({@code max-blob-size}). */
    TOO_LARGE,
    /** The bytes are more than the blob's size, or do not hash to its id: the upload is dropped. */
    MISMATCH
  }

  private final Reason reason;
  private final long received;

  BlobRefusedException(Reason reason, long received, String message) {
    super(message);
    this.reason = reason;
    this.received = received;
  }

  /** Why the part was refused. */
  public Reason reason() {
    return reason;
  }

  /** The bytes of the upload held after the refusal (0 after a mismatch: it was dropped). */
  public long received() {
    return received;
  }
}

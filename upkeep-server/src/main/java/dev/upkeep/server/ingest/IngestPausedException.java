package dev.upkeep.server.ingest;

/**
 * Thrown by {@link IngestPipeline#submit}, or completing its future, when the store cannot write
 * (disk full, read-only, I/O errors) or cannot be reached (see {@link
 * dev.upkeep.server.store.fault.StorageUnavailableException#condition()}): the request was not
 * acknowledged, and the client should retry after {@link #retryAfterSeconds()} (HTTP 503 with
 * {@code Retry-After}). After a disk fault nothing of it was stored; when the connection broke
 * during the commit, it may have been (an event resent with its id is stored once).
 */
public final class IngestPausedException extends IngestRefusedException {
  private static final long serialVersionUID = 1L;

  IngestPausedException(String condition, int retryAfterSeconds) {
    super(
        "The collector cannot store events now (its store reports: "
            + condition
            + "); "
            + (StorageGate.diskFault(condition)
                ? "nothing of this request was stored"
                : "this request was not acknowledged")
            + ", retry in "
            + retryAfterSeconds
            + " s.",
        503,
        retryAfterSeconds);
  }

  @Override
  public String reason() {
    return "storage_unavailable";
  }
}

package dev.upkeep.server.ingest;

/**
 * Thrown by {@link IngestPipeline#submit}, or completing its future, when the store cannot write
 * (disk full, read-only, I/O errors): nothing of the request was stored, and the client should
 * retry after {@link #retryAfterSeconds()} (HTTP 503 with {@code Retry-After}).
 */
public final class IngestPausedException extends IngestRefusedException {
  private static final long serialVersionUID = 1L;

  IngestPausedException(String condition, int retryAfterSeconds) {
    super(
        "The collector cannot store events now (its store reports: "
            + condition
            + "); nothing of this request was stored, retry in "
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

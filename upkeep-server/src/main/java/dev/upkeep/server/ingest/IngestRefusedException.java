package dev.upkeep.server.ingest;

/**
 * Events not taken: thrown by {@link IngestPipeline#submit} (nothing of the request was queued, and
 * nothing taken from the limits), or completing its future when the store could not write (nothing
 * of the request was stored). The client should retry after {@link #retryAfterSeconds()}; the HTTP
 * answer is {@link #status()} with {@code Retry-After}.
 */
public abstract sealed class IngestRefusedException extends RuntimeException
    permits QueueFullException, IngestLimitException, IngestPausedException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final long retryAfterSeconds;

  IngestRefusedException(String message, int status, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * The HTTP status that tells it: 503 (the queue, or a store that cannot write) or 429 (a limit of
   * this client or project).
   */
  public int status() {
    return status;
  }

  /** Suggested wait before retrying, in whole seconds (the {@code Retry-After} header), >= 1. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** A short machine-readable reason, e.g. {@code queue_full}, for the error body and metrics. */
  public abstract String reason();
}

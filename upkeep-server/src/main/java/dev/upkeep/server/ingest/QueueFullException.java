package dev.upkeep.server.ingest;

/**
 * Thrown by {@link IngestPipeline#submit} when accepting the events would exceed the queue's
 * capacity, or when the pipeline is shutting down. Nothing of the refused request was taken; the
 * client should retry after {@link #retryAfterSeconds()}.
 */
public final class QueueFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int retryAfterSeconds;

  QueueFullException(String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Suggested wait before retrying, in seconds (the {@code Retry-After} header). */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}

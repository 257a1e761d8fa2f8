package dev.upkeep.server.ingest;

/**
 * The ingest queue cannot take the events now (HTTP 503): it is full, this client already holds its
 * fair share of it, or the pipeline is shutting down.
 */
public final class QueueFullException extends IngestRefusedException {
  private static final long serialVersionUID = 1L;

  QueueFullException(String message, long retryAfterSeconds) {
    super(message, 503, retryAfterSeconds);
  }

  @Override
  public String reason() {
    return "queue_full";
  }
}

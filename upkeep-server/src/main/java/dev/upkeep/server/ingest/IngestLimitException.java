package dev.upkeep.server.ingest;

/**
 * A client or a project is over one of the {@link IngestLimits} (HTTP 429): events per client,
 * events per project, or the project's daily cap. The message names the limit and its setting.
 */
public final class IngestLimitException extends IngestRefusedException {
  private static final long serialVersionUID = 1L;
  private final String reason;

  IngestLimitException(String reason, String message, long retryAfterSeconds) {
    super(message, 429, retryAfterSeconds);
    this.reason = reason;
  }

  @Override
  public String reason() {
    return reason;
  }
}

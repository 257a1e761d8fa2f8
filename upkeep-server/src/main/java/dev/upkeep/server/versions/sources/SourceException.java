package dev.upkeep.server.versions.sources;

import java.time.Duration;
import java.util.Optional;

/**
 * A fetch from a version source failed. The message is the reason shown to people, e.g. {@code
 * rate-limited (HTTP 429), retry after 60 s} or {@code timed out after 3 s}.
 */
public final class SourceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  /** A failure after which the source may be asked again at its next turn. */
  public SourceException(String reason) {
    this(reason, null, null);
  }

  /** A failure with its cause. */
  public SourceException(String reason, Throwable cause) {
    this(reason, null, cause);
  }

  /**
   * A failure after which the source must not be asked again for {@code retryAfter} (a rate limit's
   * {@code Retry-After}).
   */
  public SourceException(String reason, Duration retryAfter, Throwable cause) {
    super(reason, cause);
    this.retryAfter = retryAfter;
  }

  /** How long the source asked not to be asked again, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

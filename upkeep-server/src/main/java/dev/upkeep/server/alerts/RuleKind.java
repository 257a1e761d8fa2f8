package dev.upkeep.server.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an alert rule watches ({@code --when}). */
public enum RuleKind {
  /** A version fails more often than the one before it, judged on their intervals. */
  FAILURE_RATE(true),
  /** A version fails with an error type no earlier version failed with. */
  NEW_ERROR_TYPE(true),
  /** More than a share of the active users run flagged versions. */
  FLAGGED_USERS(false),
  /** The newest release has less than a share of the active users some time after it appeared. */
  ADOPTION(true),
  /** No events at all for some time. */
  SILENCE(false);

  private final boolean perVersion;

  RuleKind(boolean perVersion) {
    this.perVersion = perVersion;
  }

  /**
   * Whether its alerts are about one version (else about the whole project, version {@code ""}).
   */
  public boolean perVersion() {
    return perVersion;
  }

  /** The name rules and the CLI use: {@code failure-rate}, {@code new-error-type}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses {@link #id()}.
   *
   * @throws IllegalArgumentException naming {@code when} and the accepted values
   */
  public static RuleKind parse(String id) {
    for (RuleKind k : values()) {
      if (k.id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "when must be one of "
            + Arrays.stream(values()).map(RuleKind::id).collect(Collectors.joining(", "))
            + ", was \""
            + id
            + "\"");
  }
}

package dev.upkeep.server.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * Who may read a project without a token, one rule on every protocol: its usage counts (migas
 * {@code get_usage} and {@code get_projects}, {@code GET /v1/.../usage?metric=hits|users}, the
 * badges) and its hosted releases. Set per project with {@code upkeep project visibility NAME
 * private|counts-public}; a new project starts with the collector's {@code default-visibility}.
 */
public enum Visibility {
  /**
   * Anyone reads the counts (hits and users, in total or per day) and the releases, as migas-server
   * answers anyone: the default. Breakdowns (by version, platform, ...) still need a token.
   */
  COUNTS_PUBLIC("counts-public"),
  /** A token of the project (read or publish) or the master token; others are told nothing. */
  PRIVATE("private");

  private final String wire;

  Visibility(String wire) {
    this.wire = wire;
  }

  /** As stored and written in the API and the CLI: {@code counts-public} or {@code private}. */
  public String wire() {
    return wire;
  }

  /**
   * Reads a visibility as written.
   *
   * @throws IllegalArgumentException naming the value and the ones there are
   */
  public static Visibility parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(x -> x.wire.equals(v))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "visibility must be counts-public or private, was '" + value + "'"));
  }

  @Override
  public String toString() {
    return wire;
  }
}

package dev.upkeep.server.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * Who may read a project's releases (and, with issue 18, its usage) without a token. Set with
 * {@code upkeep project visibility NAME private|counts-public}.
 */
public enum Visibility {
  /** Anyone, as migas-server answers anyone: the default. */
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

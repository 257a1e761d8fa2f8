package dev.upkeep.cli.signing;

import dev.upkeep.signing.Flavour;

/** The {@code --flavour} option of sign and verify. */
final class Flavours {
  private Flavours() {}

  static Flavour parse(String option) {
    try {
      return Flavour.parse(option);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--flavour must be git or otumat, was " + option);
    }
  }
}

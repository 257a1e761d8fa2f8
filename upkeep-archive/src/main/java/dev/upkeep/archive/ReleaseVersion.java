package dev.upkeep.archive;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.semver4j.Semver;

/**
 * A release's version: strict SemVer 2.0 ({@code 1.2.3}, {@code 1.2.3-rc.1}, {@code 1.2.3+build.7};
 * not {@code 1.0}, {@code v1.0.0}, {@code 01.0.0} or text with spaces), parsed by semver4j.
 *
 * <p>Ordered by SemVer precedence; two versions that differ only in build metadata, such as {@code
 * 0.9.9+build.7} and {@code 0.9.9+build.8}, have equal precedence but are different releases
 * (rmellipse takes the second for a duplicate of the first): they are ordered by their build
 * metadata as text, a version without build metadata first. Immutable and thread-safe.
 */
public final class ReleaseVersion implements Comparable<ReleaseVersion> {
  /** The longest version read, in characters: {@value} (npm's node-semver has the same limit). */
  public static final int MAX_LENGTH = 256;

  private final String text;
  private final Semver semver;

  private ReleaseVersion(String text, Semver semver) {
    this.text = text;
    this.semver = semver;
  }

  /**
   * Parses a strict SemVer 2.0 version.
   *
   * @throws IllegalArgumentException naming the text when it is not strict SemVer 2.0, or the limit
   *     when it is longer than {@value #MAX_LENGTH} characters
   */
  public static ReleaseVersion of(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "version '"
              + text.substring(0, 40)
              + "...' is "
              + text.length()
              + " characters long; a version has at most "
              + MAX_LENGTH);
    }
    return parse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "version '"
                        + text
                        + "' is not a SemVer 2.0 version such as 1.2.3, 1.2.3-rc.1 or"
                        + " 1.2.3+build.7"));
  }

  /**
   * The version {@code text} names, or empty when it is not strict SemVer 2.0 or longer than
   * {@value #MAX_LENGTH} characters.
   */
  public static Optional<ReleaseVersion> parse(String text) {
    // semver4j's regex recurses once per pre-release identifier: a few thousand overflow the stack.
    Semver semver = text == null || text.length() > MAX_LENGTH ? null : Semver.parse(text);
    // semver4j forgives a leading "v" and surrounding blanks; rmellipse (python-semver) does not.
    if (semver == null || !semver.getVersion().equals(text)) {
      return Optional.empty();
    }
    return Optional.of(new ReleaseVersion(text, semver));
  }

  int major() {
    return semver.getMajor();
  }

  int minor() {
    return semver.getMinor();
  }

  int patch() {
    return semver.getPatch();
  }

  /** Whether this is a pre-release ({@code 1.0.0-rc.1}). */
  public boolean isPreRelease() {
    return !semver.getPreRelease().isEmpty();
  }

  /** Whether this version carries build metadata ({@code 1.0.0+build.7}). */
  public boolean hasBuild() {
    return !semver.getBuild().isEmpty();
  }

  /** Whether major, minor and patch are those of {@code o}. */
  boolean sameCore(ReleaseVersion o) {
    return major() == o.major() && minor() == o.minor() && patch() == o.patch();
  }

  /**
   * SemVer precedence only: build metadata ignored (SemVer 2.0 §11). Not semver4j's {@code
   * compareTo}, which reads numeric pre-release identifiers as {@code long}s and throws {@link
   * NumberFormatException} for longer ones ({@code 1.0.0-99999999999999999999}).
   */
  int comparePrecedence(ReleaseVersion o) {
    int c = Integer.compare(major(), o.major());
    c = c != 0 ? c : Integer.compare(minor(), o.minor());
    c = c != 0 ? c : Integer.compare(patch(), o.patch());
    return c != 0 ? c : comparePreRelease(semver.getPreRelease(), o.semver.getPreRelease());
  }

  /**
   * SemVer 2.0 precedence of two pre-release identifier lists (§11.3–11.4): a release (empty list)
   * after its pre-releases; identifiers compared in turn, numeric ones by value of any length
   * before alphanumeric ones in ASCII order; a longer list after its prefix. Also used by the
   * collector's version order.
   */
  public static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /**
   * Numeric identifiers by value, of any length (strict SemVer has no leading zeros, so the longer
   * is the larger), before alphanumeric ones, which compare in ASCII order.
   */
  private static int compareIdentifier(String x, String y) {
    boolean xNumeric = isNumeric(x);
    boolean yNumeric = isNumeric(y);
    if (xNumeric && yNumeric) {
      return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
    if (xNumeric != yNumeric) {
      return xNumeric ? -1 : 1;
    }
    return x.compareTo(y);
  }

  private static boolean isNumeric(String identifier) {
    for (int i = 0; i < identifier.length(); i++) {
      if (identifier.charAt(i) < '0' || identifier.charAt(i) > '9') {
        return false;
      }
    }
    return !identifier.isEmpty();
  }

  @Override
  public int compareTo(ReleaseVersion o) {
    int c = comparePrecedence(o);
    if (c != 0) {
      return c;
    }
    return build().compareTo(o.build());
  }

  private String build() {
    return String.join(".", semver.getBuild());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReleaseVersion v && v.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The version as written, e.g. {@code 0.1.5}. */
  @Override
  public String toString() {
    return text;
  }
}

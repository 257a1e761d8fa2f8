package dev.upkeep.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A version expression as rmellipse writes them: comparators joined by commas, all of which must
 * hold ({@code >=0.1.0, <0.2.0}). Each comparator is an operator and a strict SemVer version:
 *
 * <ul>
 *   <li>{@code <}, {@code <=}, {@code >}, {@code >=}: SemVer precedence (build metadata ignored);
 *   <li>{@code ==V} (or a bare {@code V}): equal precedence; when {@code V} carries build metadata,
 *       exactly that build ({@code ==0.9.9+build.8} does not match {@code 0.9.9+build.7});
 *   <li>{@code !=V}: not {@code ==V};
 *   <li>{@code ^V}: compatible with V, {@code >=V} and below the next major ({@code ^0.2.3} below
 *       {@code 0.3.0}, {@code ^0.0.3} below {@code 0.0.4}), as Cargo and npm define it;
 *   <li>{@code ~V}: {@code >=V} and below the next minor.
 * </ul>
 *
 * <p>The empty expression (or {@code *}) matches every version that is not a pre-release.
 *
 * <p><b>Pre-releases</b> (npm's rule, chosen over rmellipse's, which lets {@code >=0.0.0} pick
 * {@code 1.0.0-rc.1} over {@code 0.9.0}): a pre-release version matches only when it satisfies
 * every comparator <em>and</em> some comparator names a pre-release of the same major, minor and
 * patch. So {@code >=1.0.0-rc.1} matches {@code 1.0.0-rc.2} and {@code 1.0.0}, but not {@code
 * 1.1.0-beta}; {@code >=0.0.0} matches no pre-release at all.
 *
 * <p>Unlike rmellipse, all six operators parse in any order ({@code <0.2.0} first, {@code !=}), and
 * blanks around operators and commas are free. Immutable and thread-safe.
 */
public final class VersionExpression {
  /**
   * The longest expression read, in characters: {@value} (a few comparators of versions of at most
   * {@link ReleaseVersion#MAX_LENGTH} characters each).
   */
  public static final int MAX_LENGTH = 1024;

  /** Matches every version that is not a pre-release. */
  public static final VersionExpression ANY = new VersionExpression(List.of());

  private final List<Comparator> comparators;

  private VersionExpression(List<Comparator> comparators) {
    this.comparators = comparators;
  }

  /**
   * Parses an expression such as {@code >=0.1.0, <0.2.0, !=0.1.3}.
   *
   * @throws IllegalArgumentException naming the comparator that is not understood, or the limit
   *     when the text is longer than {@value #MAX_LENGTH} characters
   */
  public static VersionExpression parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "version expression '"
              + text.substring(0, 40)
              + "...' is "
              + text.length()
              + " characters long; an expression has at most "
              + MAX_LENGTH);
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.equals("*")) {
      return ANY;
    }
    List<Comparator> parsed = new ArrayList<>();
    for (String part : trimmed.split(",", -1)) {
      parsed.add(Comparator.parse(part.strip(), text));
    }
    return new VersionExpression(List.copyOf(parsed));
  }

  /** Whether {@code version} satisfies every comparator, under the pre-release rule above. */
  public boolean matches(ReleaseVersion version) {
    for (Comparator c : comparators) {
      if (!c.matches(version)) {
        return false;
      }
    }
    if (!version.isPreRelease()) {
      return true;
    }
    for (Comparator c : comparators) {
      if (c.version.isPreRelease() && c.version.sameCore(version)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this is the empty expression. */
  public boolean isAny() {
    return comparators.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionExpression e && e.comparators.equals(comparators);
  }

  @Override
  public int hashCode() {
    return comparators.hashCode();
  }

  /** The expression in rmellipse's spelling, comparators joined by {@code ", "}; "" for any. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Comparator c : comparators) {
      parts.add(c.toString());
    }
    return String.join(", ", parts);
  }

  /**
   * One comparator; {@code ceiling}, the first version {@code ^} or {@code ~} excludes, is derived
   * once from {@code version} (null for the other operators).
   */
  private record Comparator(String op, ReleaseVersion version, ReleaseVersion ceiling) {
    private static final List<String> OPERATORS =
        List.of(">=", "<=", "==", "!=", ">", "<", "^", "~", "=");

    static Comparator parse(String part, String whole) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException(
            "version expression '" + whole + "' has an empty comparator between commas");
      }
      String op = "==";
      String rest = part;
      for (String candidate : OPERATORS) {
        if (part.startsWith(candidate)) {
          op = candidate.equals("=") ? "==" : candidate;
          rest = part.substring(candidate.length()).strip();
          break;
        }
      }
      ReleaseVersion version = ReleaseVersion.parse(rest).orElse(null);
      if (version == null) {
        throw new IllegalArgumentException(
            "version expression '"
                + whole
                + "': '"
                + part
                + "' is not an operator (<, <=, >, >=, ==, !=, ^, ~) followed by a SemVer"
                + " version such as 1.2.3");
      }
      ReleaseVersion ceiling =
          switch (op) {
            case "^" -> caretCeiling(version);
            case "~" -> tildeCeiling(version);
            default -> null;
          };
      return new Comparator(op, version, ceiling);
    }

    boolean matches(ReleaseVersion v) {
      int c = v.comparePrecedence(version);
      return switch (op) {
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        case ">=" -> c >= 0;
        case "==" -> equal(v, c);
        case "!=" -> !equal(v, c);
        case "^", "~" -> c >= 0 && v.comparePrecedence(ceiling) < 0;
        default -> throw new IllegalStateException(op);
      };
    }

    private boolean equal(ReleaseVersion v, int precedence) {
      return version.hasBuild() ? v.equals(version) : precedence == 0;
    }

    private static ReleaseVersion caretCeiling(ReleaseVersion version) {
      if (version.major() > 0) {
        return ReleaseVersion.of((version.major() + 1) + ".0.0-0");
      }
      if (version.minor() > 0) {
        return ReleaseVersion.of("0." + (version.minor() + 1) + ".0-0");
      }
      return ReleaseVersion.of("0.0." + (version.patch() + 1) + "-0");
    }

    private static ReleaseVersion tildeCeiling(ReleaseVersion version) {
      return ReleaseVersion.of(version.major() + "." + (version.minor() + 1) + ".0-0");
    }

    @Override
    public String toString() {
      return op + version;
    }
  }
}

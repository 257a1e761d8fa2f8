package dev.upkeep.server.versions.order;

import dev.upkeep.archive.ReleaseVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.semver4j.Semver;

/**
 * Orders version strings, a leading {@code v} ignored: SemVer 2.0 precedence when both are strict
 * SemVer (build metadata ignored, {@code 1.0.0-rc.1 < 1.0.0}); otherwise a loose order that reads
 * the numeric release ({@code 1.10 > 1.9}, {@code 1.0 == 1.0.0}) and then a pre-release or
 * post-release qualifier as PEP 440 and Maven write them: {@code dev} and {@code SNAPSHOT} before
 * {@code a}/{@code alpha}, before {@code b}/{@code beta}, before {@code rc}/{@code c}/{@code pre},
 * before the release, before {@code post}; qualifier numbers compare as numbers ({@code rc9 <
 * rc10}). Thread-safe.
 */
public final class VersionOrder implements Comparator<String> {
  /** The shared instance. */
  public static final VersionOrder INSTANCE = new VersionOrder();

  /**
   * The longest version parsed as SemVer, in characters: {@value} (semver4j's regex recurses per
   * pre-release identifier). Longer versions are read loosely, in one linear pass.
   */
  public static final int MAX_SEMVER_LENGTH = 256;

  private static final int FINAL = 4;

  private VersionOrder() {}

  /** The version without a leading {@code v} or {@code V}. */
  public static String strip(String version) {
    return version.length() > 1
            && (version.charAt(0) == 'v' || version.charAt(0) == 'V')
            && Character.isDigit(version.charAt(1))
        ? version.substring(1)
        : version;
  }

  /**
   * Whether the version is a pre-release: a SemVer pre-release such as {@code 1.0.0-rc.1}, a PEP
   * 440 one such as {@code 1.1.0rc1}, {@code 2.0b3} or {@code 1.0.dev2}, or a Maven {@code
   * -SNAPSHOT}.
   */
  public static boolean isPreRelease(String version) {
    String v = strip(version);
    Semver s = semver(v);
    if (s != null) {
      return !s.getPreRelease().isEmpty();
    }
    return Loose.parse(v).rank < FINAL;
  }

  private static Semver semver(String v) {
    return v.length() > MAX_SEMVER_LENGTH ? null : Semver.parse(v);
  }

  @Override
  public int compare(String a, String b) {
    Semver sa = semver(strip(a));
    Semver sb = semver(strip(b));
    if (sa != null && sb != null) {
      return precedence(sa, sb);
    }
    return Loose.parse(strip(a)).compareTo(Loose.parse(strip(b)));
  }

  /**
   * SemVer 2.0 precedence (section 11). Not semver4j's {@code compareTo}, which reads numeric
   * pre-release identifiers as {@code long}s and throws {@link NumberFormatException} for longer
   * ones ({@code 1.0.0-99999999999999999999}); as {@code ReleaseVersion} does in upkeep-archive.
   */
  private static int precedence(Semver a, Semver b) {
    int c = Integer.compare(a.getMajor(), b.getMajor());
    c = c != 0 ? c : Integer.compare(a.getMinor(), b.getMinor());
    c = c != 0 ? c : Integer.compare(a.getPatch(), b.getPatch());
    return c != 0 ? c : ReleaseVersion.comparePreRelease(a.getPreRelease(), b.getPreRelease());
  }

  /**
   * A version read loosely, by hand in one pass (a regex with a repeated group recursed once per
   * dot and overflowed the stack on long versions): release numbers, a qualifier's rank and number,
   * the rest. Numbers are kept as digit strings and compared by value without BigInteger.
   */
  private record Loose(List<String> release, int rank, String number, String rest)
      implements Comparable<Loose> {
    private static final List<String> QUALIFIERS =
        List.of("dev", "snapshot", "alpha", "a", "beta", "b", "preview", "pre", "rc", "c", "post");

    static Loose parse(String version) {
      String v = version.toLowerCase(Locale.ROOT);
      int plus = v.indexOf('+');
      if (plus >= 0) {
        v = v.substring(0, plus);
      }
      int n = v.length();
      if (n == 0 || !isDigit(v.charAt(0))) {
        return new Loose(List.of(), FINAL, "0", v);
      }
      List<String> release = new ArrayList<>();
      int i = 0;
      while (true) {
        int start = i;
        while (i < n && isDigit(v.charAt(i))) {
          i++;
        }
        release.add(v.substring(start, i));
        if (i + 1 < n && v.charAt(i) == '.' && isDigit(v.charAt(i + 1))) {
          i++;
        } else {
          break;
        }
      }
      String tail = v.substring(i);
      int q = 0;
      if (q < tail.length() && isSeparator(tail.charAt(q))) {
        q++;
      }
      for (String word : QUALIFIERS) {
        if (tail.startsWith(word, q)) {
          int j = q + word.length();
          if (j < tail.length() && isSeparator(tail.charAt(j))) {
            j++;
          }
          int digits = j;
          while (j < tail.length() && isDigit(tail.charAt(j))) {
            j++;
          }
          String number = digits == j ? "0" : tail.substring(digits, j);
          return new Loose(release, rank(word), number, tail.substring(j));
        }
      }
      return new Loose(release, FINAL, "0", tail);
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
      return c == '.' || c == '-' || c == '_';
    }

    private static int rank(String qualifier) {
      return switch (qualifier) {
        case "dev", "snapshot" -> 0;
        case "a", "alpha" -> 1;
        case "b", "beta" -> 2;
        case "rc", "c", "pre", "preview" -> 3;
        case "post" -> FINAL + 1;
        default -> FINAL;
      };
    }

    /** Compares two digit strings by value: leading zeros ignored, then length, then digits. */
    static int compareNumbers(String x, String y) {
      int i = 0;
      while (i < x.length() - 1 && x.charAt(i) == '0') {
        i++;
      }
      int j = 0;
      while (j < y.length() - 1 && y.charAt(j) == '0') {
        j++;
      }
      int c = Integer.compare(x.length() - i, y.length() - j);
      if (c != 0) {
        return c;
      }
      for (; i < x.length(); i++, j++) {
        c = Character.compare(x.charAt(i), y.charAt(j));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }

    @Override
    public int compareTo(Loose o) {
      for (int i = 0; i < Math.max(release.size(), o.release.size()); i++) {
        String x = i < release.size() ? release.get(i) : "0";
        String y = i < o.release.size() ? o.release.get(i) : "0";
        int c = compareNumbers(x, y);
        if (c != 0) {
          return c;
        }
      }
      int c = Integer.compare(rank, o.rank);
      if (c != 0) {
        return c;
      }
      c = compareNumbers(number, o.number);
      return c != 0 ? c : rest.compareTo(o.rest);
    }
  }
}

package dev.upkeep.server.versions;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final Pattern RELEASE = Pattern.compile("^(\\d+(?:\\.\\d+)*)(.*)$");
  private static final Pattern QUALIFIER =
      Pattern.compile(
          "^[.\\-_]?(dev|snapshot|alpha|a|beta|b|preview|pre|rc|c|post)[.\\-_]?(\\d*)(.*)$");
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
    Semver s = Semver.parse(v);
    if (s != null) {
      return !s.getPreRelease().isEmpty();
    }
    return Loose.parse(v).rank < FINAL;
  }

  @Override
  public int compare(String a, String b) {
    Semver sa = Semver.parse(strip(a));
    Semver sb = Semver.parse(strip(b));
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
    if (c != 0) {
      return c;
    }
    List<String> x = a.getPreRelease();
    List<String> y = b.getPreRelease();
    if (x.isEmpty() || y.isEmpty()) {
      return Boolean.compare(x.isEmpty(), y.isEmpty());
    }
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      String p = x.get(i);
      String q = y.get(i);
      boolean pNumeric = p.chars().allMatch(ch -> ch >= '0' && ch <= '9');
      boolean qNumeric = q.chars().allMatch(ch -> ch >= '0' && ch <= '9');
      if (pNumeric && qNumeric) {
        c = p.length() != q.length() ? Integer.compare(p.length(), q.length()) : p.compareTo(q);
      } else {
        c = pNumeric != qNumeric ? (pNumeric ? -1 : 1) : p.compareTo(q);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  /** A version read loosely: release numbers, a qualifier's rank and number, the rest. */
  private record Loose(List<BigInteger> release, int rank, BigInteger number, String rest)
      implements Comparable<Loose> {

    static Loose parse(String version) {
      String v = version.toLowerCase(Locale.ROOT);
      int plus = v.indexOf('+');
      if (plus >= 0) {
        v = v.substring(0, plus);
      }
      Matcher m = RELEASE.matcher(v);
      if (!m.matches()) {
        return new Loose(List.of(), FINAL, BigInteger.ZERO, v);
      }
      List<BigInteger> release = new ArrayList<>();
      for (String part : m.group(1).split("\\.")) {
        release.add(new BigInteger(part));
      }
      String tail = m.group(2);
      Matcher q = QUALIFIER.matcher(tail);
      if (!q.matches()) {
        return new Loose(release, FINAL, BigInteger.ZERO, tail);
      }
      BigInteger n = q.group(2).isEmpty() ? BigInteger.ZERO : new BigInteger(q.group(2));
      return new Loose(release, rank(q.group(1)), n, q.group(3));
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

    @Override
    public int compareTo(Loose o) {
      for (int i = 0; i < Math.max(release.size(), o.release.size()); i++) {
        BigInteger x = i < release.size() ? release.get(i) : BigInteger.ZERO;
        BigInteger y = i < o.release.size() ? o.release.get(i) : BigInteger.ZERO;
        int c = x.compareTo(y);
        if (c != 0) {
          return c;
        }
      }
      int c = Integer.compare(rank, o.rank);
      if (c != 0) {
        return c;
      }
      c = number.compareTo(o.number);
      return c != 0 ? c : rest.compareTo(o.rest);
    }
  }
}

package dev.upkeep.server.versions;

import java.util.Comparator;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * Orders version strings: SemVer 2.0 precedence (build metadata ignored, a pre-release before its
 * release) when both parse as SemVer after a leading {@code v} is stripped, otherwise a
 * segment-wise comparison where numeric segments compare as numbers ({@code 1.10 > 1.9}).
 * Thread-safe.
 */
public final class VersionOrder implements Comparator<String> {
  /** The shared instance. */
  public static final VersionOrder INSTANCE = new VersionOrder();

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
    return PRE_RELEASE.matcher(v).find();
  }

  private static final Pattern PRE_RELEASE =
      Pattern.compile("(?i)\\d[.-]?(a|b|c|rc|alpha|beta|pre|preview|dev)\\d*([.+-]|$)|snapshot");

  @Override
  public int compare(String a, String b) {
    Semver sa = Semver.parse(strip(a));
    Semver sb = Semver.parse(strip(b));
    if (sa != null && sb != null) {
      return sa.compareTo(sb);
    }
    return compareSegments(strip(a), strip(b));
  }

  private static int compareSegments(String a, String b) {
    String[] pa = a.split("[.\\-+_]");
    String[] pb = b.split("[.\\-+_]");
    for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
      String x = i < pa.length ? pa[i] : "0";
      String y = i < pb.length ? pb[i] : "0";
      int c;
      if (x.chars().allMatch(Character::isDigit) && y.chars().allMatch(Character::isDigit)) {
        c =
            new java.math.BigInteger(x.isEmpty() ? "0" : x)
                .compareTo(new java.math.BigInteger(y.isEmpty() ? "0" : y));
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}

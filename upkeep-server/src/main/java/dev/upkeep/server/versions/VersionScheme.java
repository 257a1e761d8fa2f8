package dev.upkeep.server.versions;

import dev.upkeep.server.versions.order.VersionOrder;
import java.util.Comparator;
import java.util.Locale;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * How a project's versions are ordered and which of them are pre-releases. A project with a Maven
 * source uses {@link #MAVEN}; every other project {@link #SEMVER}. A leading {@code v} is ignored
 * by both. Thread-safe.
 */
public enum VersionScheme {
  /**
   * SemVer 2.0 precedence ({@code 1.0.0-rc.1 < 1.0.0}, build metadata ignored) when both versions
   * are strict SemVer; otherwise the loose PEP 440 / Maven-like order of {@link VersionOrder}
   * ({@code 1.10 > 1.9}, {@code 1.0rc1 < 1.0}). Pre-releases: a SemVer pre-release, a PEP 440 one
   * ({@code a}, {@code b}, {@code rc}, {@code dev}) or a {@code -SNAPSHOT}.
   */
  SEMVER("semver") {
    @Override
    public Comparator<String> order() {
      return VersionOrder.INSTANCE;
    }

    @Override
    public boolean isPreRelease(String version) {
      return VersionOrder.isPreRelease(version);
    }
  },

  /**
   * Maven's own order, {@code org.apache.maven.artifact.versioning.ComparableVersion}: numbers
   * compare as numbers ({@code 1.10 > 1.9}) and qualifiers as {@code alpha < beta < milestone < rc
   * = cr < snapshot < "" = final = ga < sp}, unknown qualifiers after those. Pre-releases are the
   * versions that order before their own leading numbers ({@code 1.0-SNAPSHOT}, {@code 2.0-rc-1},
   * {@code 5.0.0-M1}), so {@code 31.1-jre} and {@code 1.0-sp1} are releases.
   */
  MAVEN("maven") {
    private final Comparator<String> parsed =
        Comparator.comparing(v -> new ComparableVersion(VersionOrder.strip(v)));
    private final Comparator<String> order =
        (a, b) -> {
          boolean longA = a.length() > MAX_MAVEN_LENGTH;
          boolean longB = b.length() > MAX_MAVEN_LENGTH;
          if (longA || longB) {
            return longA && longB ? a.compareTo(b) : longA ? -1 : 1;
          }
          return parsed.compare(a, b);
        };

    @Override
    public Comparator<String> order() {
      return order;
    }

    @Override
    public boolean isPreRelease(String version) {
      String v = VersionOrder.strip(version);
      int end = leadingNumbers(v);
      if (v.length() > MAX_MAVEN_LENGTH || end == 0 || end == v.length()) {
        return false;
      }
      return new ComparableVersion(v).compareTo(new ComparableVersion(v.substring(0, end))) < 0;
    }
  };

  /**
   * The longest version Maven's order parses, in characters: {@value}. Longer versions order before
   * every other (by their text among themselves) and are never pre-releases, so one absurd version
   * costs nothing and cannot become the latest.
   */
  public static final int MAX_MAVEN_LENGTH = 256;

  /** The length of the leading {@code \d+(\.\d+)*} of {@code v}, 0 when none; one pass. */
  private static int leadingNumbers(String v) {
    int i = 0;
    int end = 0;
    while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
        i++;
      }
      end = i;
      if (i + 1 < v.length() && v.charAt(i) == '.') {
        i++;
      } else {
        break;
      }
    }
    return end;
  }

  private final String id;

  VersionScheme(String id) {
    this.id = id;
  }

  /** The scheme's name in the API and the CLI: {@code semver} or {@code maven}. */
  public String id() {
    return id;
  }

  /** The order of versions, lowest first. */
  public abstract Comparator<String> order();

  /** Whether the version is a pre-release under this scheme. */
  public abstract boolean isPreRelease(String version);

  /**
   * The scheme of that name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static VersionScheme of(String id) {
    for (VersionScheme s : values()) {
      if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException("scheme must be semver or maven, was \"" + id + "\"");
  }
}

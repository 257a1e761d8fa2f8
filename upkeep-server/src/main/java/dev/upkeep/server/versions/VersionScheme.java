package dev.upkeep.server.versions;

import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private final Comparator<String> order =
        Comparator.comparing(v -> new ComparableVersion(VersionOrder.strip(v)));

    @Override
    public Comparator<String> order() {
      return order;
    }

    @Override
    public boolean isPreRelease(String version) {
      String v = VersionOrder.strip(version);
      Matcher m = LEADING_NUMBERS.matcher(v);
      if (!m.find() || m.end() == v.length()) {
        return false;
      }
      return new ComparableVersion(v).compareTo(new ComparableVersion(m.group())) < 0;
    }
  };

  private static final Pattern LEADING_NUMBERS = Pattern.compile("^\\d+(?:\\.\\d+)*");

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

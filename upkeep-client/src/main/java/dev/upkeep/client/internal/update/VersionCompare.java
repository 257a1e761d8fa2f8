package dev.upkeep.client.internal.update;

import java.math.BigInteger;

/**
 * Whether one version is newer than another, just well enough for the update notice (the server
 * orders versions properly): a leading {@code v} and build metadata ({@code +...}) are ignored, the
 * numeric release segments compare as numbers ({@code 1.10 > 1.9}, {@code 1.0 == 1.0.0}), and with
 * equal releases a version without a qualifier is newer than one with ({@code 1.0.0 > 1.0.0-rc.1},
 * {@code 1.0 > 1.0-SNAPSHOT}). Versions that do not start with a number are never newer. Stateless.
 */
final class VersionCompare {
  private VersionCompare() {}

  /** Whether {@code candidate} is newer than {@code current}. */
  static boolean newer(String candidate, String current) {
    Parsed a = Parsed.of(candidate);
    Parsed b = Parsed.of(current);
    if (a == null || b == null) {
      return false;
    }
    int n = Math.max(a.release.length, b.release.length);
    for (int i = 0; i < n; i++) {
      int c = a.segment(i).compareTo(b.segment(i));
      if (c != 0) {
        return c > 0;
      }
    }
    return a.qualified != b.qualified && !a.qualified;
  }

  private static final class Parsed {
    final BigInteger[] release;
    final boolean qualified;

    private Parsed(BigInteger[] release, boolean qualified) {
      this.release = release;
      this.qualified = qualified;
    }

    BigInteger segment(int i) {
      return i < release.length ? release[i] : BigInteger.ZERO;
    }

    static Parsed of(String version) {
      if (version == null) {
        return null;
      }
      String v = version.trim();
      if (v.length() > 1 && (v.charAt(0) == 'v' || v.charAt(0) == 'V')) {
        v = v.substring(1);
      }
      int plus = v.indexOf('+');
      if (plus >= 0) {
        v = v.substring(0, plus);
      }
      int end = 0;
      while (end < v.length() && (Character.isDigit(v.charAt(end)) || v.charAt(end) == '.')) {
        end++;
      }
      String core = v.substring(0, end);
      if (core.isEmpty() || !Character.isDigit(core.charAt(0))) {
        return null;
      }
      if (core.endsWith(".")) {
        core = core.substring(0, core.length() - 1);
      }
      String[] parts = core.split("\\.");
      BigInteger[] release = new BigInteger[parts.length];
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].isEmpty()) {
          return null;
        }
        release[i] = new BigInteger(parts[i]);
      }
      return new Parsed(release, end < v.length());
    }
  }
}

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
    BigInteger[] a = parse(candidate);
    BigInteger[] b = parse(current);
    if (a == null || b == null) {
      return false;
    }
    int n = Math.max(a.length, b.length) - 1;
    for (int i = 0; i < n; i++) {
      int c = segment(a, i).compareTo(segment(b, i));
      if (c != 0) {
        return c > 0;
      }
    }
    return qualified(a) != qualified(b) && !qualified(a);
  }

  /** Release segment {@code i} of a parsed version; a missing one is 0. */
  private static BigInteger segment(BigInteger[] parsed, int i) {
    return i < parsed.length - 1 ? parsed[i] : BigInteger.ZERO;
  }

  /** Whether a parsed version has a qualifier ({@code -rc.1}, {@code -SNAPSHOT}, ...). */
  private static boolean qualified(BigInteger[] parsed) {
    return parsed[parsed.length - 1].signum() != 0;
  }

  /**
   * The numeric release segments of a version, then 1 if a qualifier follows them, else 0 (one
   * array, rather than a small class, which would cost the jar a class file); null if the version
   * does not start with a number.
   */
  private static BigInteger[] parse(String version) {
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
    BigInteger[] parsed = new BigInteger[parts.length + 1];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty()) {
        return null;
      }
      parsed[i] = new BigInteger(parts[i]);
    }
    parsed[parts.length] = end < v.length() ? BigInteger.ONE : BigInteger.ZERO;
    return parsed;
  }
}

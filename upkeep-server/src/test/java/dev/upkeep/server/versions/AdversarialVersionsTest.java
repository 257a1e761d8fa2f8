package dev.upkeep.server.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.versions.order.VersionOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 item 1 for the server's version order: million-character versions (dot runs that made a
 * regex recurse, pre-release identifiers that overflowed semver4j's, digit runs that made
 * BigInteger quadratic) are ordered in one pass, without a StackOverflowError. The timeout only
 * keeps a regression from hanging the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdversarialVersionsTest {
  static final int MILLION = 1_000_000;
  static final String DOTS = "1.".repeat(MILLION / 2) + "1";
  static final String PRE = "1.0.0-" + "a.".repeat(MILLION / 2) + "a";
  static final String DIGITS = "9".repeat(MILLION);
  static final String QUALIFIER = "1.0rc" + "7".repeat(MILLION);

  @Test
  void theLooseOrderReadsAMillionCharactersInOnePass() {
    VersionOrder order = VersionOrder.INSTANCE;

    assertThat(order.compare(DOTS, "1.1")).isPositive();
    assertThat(order.compare(PRE, "1.0.0")).isNegative();
    assertThat(order.compare(DIGITS, "10")).isPositive();
    assertThat(order.compare(DIGITS, DIGITS + "0")).isNegative();
    assertThat(order.compare(QUALIFIER, "1.0")).isNegative();
    assertThat(VersionOrder.isPreRelease(PRE)).isTrue();
    assertThat(VersionOrder.isPreRelease(DOTS)).isFalse();
  }

  @Test
  void numbersCompareByValueWithoutBigInteger() {
    VersionOrder order = VersionOrder.INSTANCE;

    assertThat(order.compare("1.010", "1.9")).isPositive();
    assertThat(order.compare("1.0010", "1.10")).isZero();
    assertThat(order.compare("1.0rc09", "1.0rc10")).isNegative();
    assertThat(order.compare("0.0", "0")).isZero();
  }

  @Test
  void mavensOrderPutsAbsurdVersionsFirstAndNeverCallsThemPreReleases() {
    List<String> versions = new ArrayList<>(List.of("1.0", DOTS, "2.0-SNAPSHOT", PRE, "1.5"));
    versions.sort(VersionScheme.MAVEN.order());

    assertThat(versions.subList(2, 5)).containsExactly("1.0", "1.5", "2.0-SNAPSHOT");
    assertThat(VersionScheme.MAVEN.isPreRelease(PRE)).isFalse();
    assertThat(VersionScheme.MAVEN.isPreRelease("1.".repeat(10_000) + "0-SNAPSHOT")).isFalse();
    assertThat(VersionScheme.MAVEN.isPreRelease("5.0.0-M1")).isTrue();
  }
}

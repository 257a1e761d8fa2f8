package dev.upkeep.server.versions.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionOrderTest {
  private static final VersionOrder ORDER = VersionOrder.INSTANCE;

  @Test
  void preReleaseComesBeforeItsRelease() {
    assertThat(ORDER.compare("1.0.0-rc.1", "1.0.0")).isNegative();
    assertThat(ORDER.compare("1.0.0", "1.0.0-rc.1")).isPositive();
  }

  @Test
  void buildMetadataIsIgnored() {
    assertThat(ORDER.compare("1.0.0+a", "1.0.0+b")).isZero();
    assertThat(ORDER.compare("1.0.0+build.7", "1.0.0")).isZero();
  }

  @Test
  void leadingVIsIgnored() {
    assertThat(ORDER.compare("v1.2.0", "1.2.0")).isZero();
    assertThat(ORDER.compare("V1.2.0", "v1.2.0")).isZero();
    assertThat(ORDER.compare("v1.3.0", "1.2.0")).isPositive();
  }

  @Test
  void nonSemVerVersionsCompareNumericSegmentsAsNumbers() {
    assertThat(ORDER.compare("1.10", "1.9")).isPositive();
    assertThat(ORDER.compare("1.9", "1.10")).isNegative();
    assertThat(ORDER.compare("2", "1.99")).isPositive();
    assertThat(ORDER.compare("1.0", "1.0.0")).isZero();
  }

  @Test
  void preReleasesFollowSemVerPrecedence() {
    assertThat(ORDER.compare("1.0.0-alpha", "1.0.0-alpha.1")).isNegative();
    assertThat(ORDER.compare("1.0.0-alpha.1", "1.0.0-beta")).isNegative();
    assertThat(ORDER.compare("1.0.0-alpha", "1.0.0-beta")).isNegative();
  }

  @Test
  void sortsTheSemVerSpecExample() {
    List<String> expected =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0");
    List<String> shuffled = new ArrayList<>(expected);
    java.util.Collections.reverse(shuffled);
    shuffled.sort(ORDER);
    assertThat(shuffled).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1.0.0-rc.1, true",
    "v2.0.0-beta, true",
    "1.0.0-alpha.1+build, true",
    "1.0.0, false",
    "v1.0.0, false",
    "1.0.0+build, false",
    "1.10, false"
  })
  void isPreRelease(String version, boolean expected) {
    assertThat(VersionOrder.isPreRelease(version)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"v1.2.0, 1.2.0", "V3, 3", "1.2.0, 1.2.0", "v, v", "version, version", "vx1, vx1"})
  void stripRemovesOnlyALeadingVBeforeADigit(String version, String expected) {
    assertThat(VersionOrder.strip(version)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1.1.0rc1, true",
    "2.0b3, true",
    "1.0.dev2, true",
    "v2.0.0a1, true",
    "1.0-SNAPSHOT, true",
    "1.0.post1, false",
    "2024.1, false"
  })
  void isPreReleaseRecognisesPep440AndMavenPreReleases(String version, boolean expected) {
    assertThat(VersionOrder.isPreRelease(version)).isEqualTo(expected);
  }

  @Test
  void pep440PreReleasesComeBeforeTheirRelease() {
    assertThat(ORDER.compare("1.0.0rc1", "1.0.0")).isNegative();
    assertThat(ORDER.compare("1.0.0rc9", "1.0.0rc10")).isNegative();
    assertThat(ORDER.compare("1.0.0-rc.1", "1.0")).isNegative();
  }

  /**
   * Seen while fixing VersionFuzzTest's finding in upkeep-archive: semver4j's compareTo read
   * numeric pre-release identifiers as longs, so a tag such as 1.0.0-99999999999999999999 (from a
   * GitHub source, say) threw NumberFormatException whenever the project's versions were ordered.
   */
  @Test
  void numericPreReleaseIdentifiersLongerThanALongCompareByValue() {
    VersionOrder order = VersionOrder.INSTANCE;

    assertThat(order.compare("1.0.0-99999999999999999999", "1.0.0-2")).isPositive();
    assertThat(order.compare("1.0.0-2", "1.0.0-99999999999999999999")).isNegative();
    assertThat(order.compare("1.0.0-99999999999999999999", "1.0.0")).isNegative();
  }
}

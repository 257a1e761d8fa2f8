package dev.upkeep.server.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionSchemeTest {
  private static final Comparator<String> SEMVER = VersionScheme.SEMVER.order();
  private static final Comparator<String> MAVEN = VersionScheme.MAVEN.order();

  @Test
  void semverPreReleaseComesBeforeItsRelease() {
    assertThat(SEMVER.compare("1.0.0-rc.1", "1.0.0")).isNegative();
    assertThat(SEMVER.compare("1.0.0-alpha", "1.0.0-alpha.1")).isNegative();
    assertThat(SEMVER.compare("1.0.0-beta.11", "1.0.0-rc.1")).isNegative();
    assertThat(VersionScheme.SEMVER.isPreRelease("1.0.0-rc.1")).isTrue();
    assertThat(VersionScheme.SEMVER.isPreRelease("1.0.0")).isFalse();
  }

  @Test
  void semverIgnoresBuildMetadata() {
    assertThat(SEMVER.compare("1.0.0+20260301", "1.0.0")).isZero();
    assertThat(SEMVER.compare("1.0.0+a", "1.0.0+b")).isZero();
    assertThat(SEMVER.compare("1.0.1+a", "1.0.0+z")).isPositive();
    assertThat(VersionScheme.SEMVER.isPreRelease("1.0.0+build.7")).isFalse();
  }

  @Test
  void numbersCompareAsNumbersInBothSchemes() {
    assertThat(SEMVER.compare("1.10.0", "1.9.0")).isPositive();
    assertThat(SEMVER.compare("1.10", "1.9")).isPositive();
    assertThat(MAVEN.compare("1.10", "1.9")).isPositive();
    assertThat(MAVEN.compare("4.7.10", "4.7.9")).isPositive();
  }

  @Test
  void mavenSnapshotComesBeforeItsRelease() {
    assertThat(MAVEN.compare("1.0-SNAPSHOT", "1.0")).isNegative();
    assertThat(MAVEN.compare("1.0-SNAPSHOT", "1.0-rc-1")).isPositive();
    assertThat(VersionScheme.MAVEN.isPreRelease("1.0-SNAPSHOT")).isTrue();
  }

  @Test
  void mavenQualifiersKeepMavensOrder() {
    List<String> ordered =
        List.of(
            "1.0-alpha-1",
            "1.0-alpha-2",
            "1.0-beta-1",
            "1.0-milestone-1",
            "1.0-rc-1",
            "1.0-SNAPSHOT",
            "1.0",
            "1.0-sp-1");
    for (int i = 0; i + 1 < ordered.size(); i++) {
      assertThat(MAVEN.compare(ordered.get(i), ordered.get(i + 1)))
          .as("%s < %s", ordered.get(i), ordered.get(i + 1))
          .isNegative();
    }
    List<String> shuffled = new ArrayList<>(ordered);
    java.util.Collections.reverse(shuffled);
    shuffled.sort(MAVEN);
    assertThat(shuffled).isEqualTo(ordered);
  }

  @Test
  void mavenShortQualifiersAndAliases() {
    assertThat(MAVEN.compare("5.0.0-M1", "5.0.0-RC1")).isNegative();
    assertThat(MAVEN.compare("1.0a1", "1.0b1")).isNegative();
    assertThat(MAVEN.compare("1.0-cr-1", "1.0-rc-1")).isZero();
    assertThat(MAVEN.compare("1.0.Final", "1.0")).isZero();
    assertThat(MAVEN.compare("1.0-ga", "1.0")).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0-SNAPSHOT",
        "5.0.0-M1",
        "6.1.0-RC1",
        "4.0.0-rc-6",
        "2.0-alpha-1",
        "4.0.0-beta-1b"
      })
  void mavenPreReleases(String version) {
    assertThat(VersionScheme.MAVEN.isPreRelease(version)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "4.7.7", "31.1-jre", "1.0-sp1", "1.0.Final", "2.0-1", "v3.10.0"})
  void mavenReleases(String version) {
    assertThat(VersionScheme.MAVEN.isPreRelease(version)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "info/picocli/picocli, 4.7.7",
    "org/junit/jupiter/junit-jupiter-api, 6.1.3",
    "org/apache/maven/maven-artifact, 3.10.0",
    "com/github/javakeyring/java-keyring, 1.0.4"
  })
  void newestReleaseOfRealMetadata(String path, String newest) throws Exception {
    List<String> versions = versionsOf("/maven-repository/" + path + "/maven-metadata.xml");

    String max =
        versions.stream()
            .filter(v -> !VersionScheme.MAVEN.isPreRelease(v))
            .max(MAVEN)
            .orElseThrow();

    assertThat(max).isEqualTo(newest);
  }

  @Test
  void leadingVIsIgnored() {
    assertThat(MAVEN.compare("v1.2", "1.2")).isZero();
    assertThat(SEMVER.compare("v1.2.0", "1.2.0")).isZero();
  }

  @Test
  void schemeByName() {
    assertThat(VersionScheme.of("Maven")).isEqualTo(VersionScheme.MAVEN);
    assertThat(VersionScheme.of("semver")).isEqualTo(VersionScheme.SEMVER);
    assertThatThrownBy(() -> VersionScheme.of("calver"))
        .hasMessage("scheme must be semver or maven, was \"calver\"");
  }

  /** The versions of a metadata file, read with a regular expression (not the code under test). */
  static List<String> versionsOf(String resource) throws Exception {
    String xml;
    try (var in = VersionSchemeTest.class.getResourceAsStream(resource)) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(xml);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}

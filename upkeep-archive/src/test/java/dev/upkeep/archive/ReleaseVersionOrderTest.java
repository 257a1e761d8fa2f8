package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SemVer precedence of release versions, numeric identifiers of any length included. */
class ReleaseVersionOrderTest {

  /** Found by VersionFuzzTest (crash-96422b67…): semver4j read the identifier as a long. */
  @Test
  void numericPreReleaseIdentifiersLongerThanALongCompareByValue() {
    ReleaseVersion huge = ReleaseVersion.of("1.0.0-99999999999999999999");
    ReleaseVersion small = ReleaseVersion.of("1.0.0-2");

    assertThat(huge.compareTo(small)).isPositive();
    assertThat(small.compareTo(huge)).isNegative();
    assertThat(VersionExpression.parse(">=1.0.0-3").matches(huge)).isTrue();
  }

  @Test
  void ordersAsSemVer2Section11() {
    List<String> ordered =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0-0",
            "2.0.0");
    List<ReleaseVersion> shuffled = new ArrayList<>();
    ordered.forEach(v -> shuffled.add(ReleaseVersion.of(v)));
    Collections.reverse(shuffled);
    Collections.sort(shuffled);

    assertThat(shuffled).extracting(ReleaseVersion::toString).containsExactlyElementsOf(ordered);
  }
}

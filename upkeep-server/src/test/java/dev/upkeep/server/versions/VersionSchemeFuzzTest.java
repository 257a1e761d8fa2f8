package dev.upkeep.server.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of version strings as the collector orders them (registry, Maven and
 * GitHub sources, breadcrumbs' versions; docs/fuzzing.md). The input is two versions, one per line.
 *
 * <p>Contract, for both schemes: {@link VersionScheme#order()} and {@link
 * VersionScheme#isPreRelease(String)} never throw; a version equals itself and the order is
 * antisymmetric ({@code sgn(compare(a, b)) == -sgn(compare(b, a))}); {@link VersionScheme#of}
 * returns a scheme or throws {@link IllegalArgumentException}.
 */
class VersionSchemeFuzzTest {

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void compare(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String a = nl < 0 ? text : text.substring(0, nl);
    String b = nl < 0 ? text : text.substring(nl + 1);
    for (VersionScheme scheme : VersionScheme.values()) {
      Comparator<String> order = scheme.order();
      assertThat(order.compare(a, a)).as("%s: %s vs itself", scheme, a).isZero();
      assertThat(Integer.signum(order.compare(a, b)))
          .as("%s: %s vs %s", scheme, a, b)
          .isEqualTo(-Integer.signum(order.compare(b, a)));
      scheme.isPreRelease(a);
      scheme.isPreRelease(b);
    }
    try {
      VersionScheme.of(a);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).contains("semver or maven");
    }
  }
}

package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of release versions, version expressions and requirements
 * (docs/fuzzing.md). The input is a requirement or expression on its first line and a version on
 * its second.
 *
 * <p>Contract: {@link ReleaseVersion#parse} never throws and {@link ReleaseVersion#of} throws only
 * {@link IllegalArgumentException}; versions order antisymmetrically and equal themselves; {@link
 * VersionExpression#parse} and {@link Requirement#parse} return or throw only {@link
 * IllegalArgumentException}, and what they return prints as text that parses back equal; {@code
 * matches} never throws.
 */
class VersionFuzzTest {

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void expression(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String expressionText = nl < 0 ? text : text.substring(0, nl);
    String versionText = nl < 0 ? text : text.substring(nl + 1);

    Optional<ReleaseVersion> version = ReleaseVersion.parse(versionText);
    try {
      assertThat(ReleaseVersion.of(versionText)).isEqualTo(version.orElseThrow());
    } catch (IllegalArgumentException refused) {
      assertThat(version).isEmpty();
    }
    Optional<ReleaseVersion> other = ReleaseVersion.parse(expressionText);
    if (version.isPresent()) {
      ReleaseVersion v = version.get();
      assertThat(v.compareTo(v)).isZero();
      assertThat(ReleaseVersion.parse(v.toString())).contains(v);
      if (other.isPresent()) {
        assertThat(Integer.signum(v.compareTo(other.get())))
            .isEqualTo(-Integer.signum(other.get().compareTo(v)));
      }
    }

    try {
      VersionExpression expression = VersionExpression.parse(expressionText);
      assertThat(VersionExpression.parse(expression.toString())).isEqualTo(expression);
      version.ifPresent(expression::matches);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }

    try {
      Requirement requirement = Requirement.parse(expressionText);
      assertThat(Requirement.parse(requirement.toString())).isEqualTo(requirement);
      version.ifPresent(requirement::matches);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}

package dev.upkeep.server.api.badge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BadgeSvgTest {
  @Test
  void countsAreShortAndNeverRoundedUp() {
    assertThat(BadgeRoutes.compact(0)).isEqualTo("0");
    assertThat(BadgeRoutes.compact(999)).isEqualTo("999");
    assertThat(BadgeRoutes.compact(1000)).isEqualTo("1k");
    assertThat(BadgeRoutes.compact(1234)).isEqualTo("1.2k");
    assertThat(BadgeRoutes.compact(1299)).isEqualTo("1.2k");
    assertThat(BadgeRoutes.compact(56_789)).isEqualTo("56k");
    assertThat(BadgeRoutes.compact(999_999)).isEqualTo("999k");
    assertThat(BadgeRoutes.compact(1_500_000)).isEqualTo("1.5M");
    assertThat(BadgeRoutes.compact(3_000_000_000L)).isEqualTo("3G");
  }

  @Test
  void widthsFollowVerdanaWithFivePixelsOfPaddingEachSide() {
    // "users": u 1298 + s 1067 + e 1232 + r 874 + s 1067 = 5538 units = 29.75 px
    assertThat(BadgeSvg.width("users")).isEqualTo(30 + 10);
    assertThat(BadgeSvg.width("1.2k/month")).isGreaterThan(BadgeSvg.width("1.2k/week"));
  }

  @Test
  void drawsAFlatBadgeThatNamesItselfForScreenReaders() {
    String svg = BadgeSvg.render("users", "1.2k/month");
    int label = BadgeSvg.width("users");
    int value = BadgeSvg.width("1.2k/month");
    assertThat(svg)
        .startsWith(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
                + (label + value)
                + "\" height=\"20\" role=\"img\" aria-label=\"users: 1.2k/month\">")
        .contains("<title>users: 1.2k/month</title>")
        .contains("<rect width=\"" + label + "\" height=\"20\" fill=\"#555\"/>")
        .contains(
            "<rect x=\"" + label + "\" width=\"" + value + "\" height=\"20\" fill=\"#007ec6\"/>")
        .contains(
            "<text x=\"20.0\" y=\"14\" textLength=\"30\""
                + " lengthAdjust=\"spacingAndGlyphs\">users</text>")
        .endsWith("</svg>\n")
        .doesNotContain("<script");
    assertThat(BadgeSvg.render("a<b", "\"x\"")).contains("a&lt;b: &quot;x&quot;");
  }

  @Test
  void periodsAreTheFourTheRouteNames() {
    assertThat(BadgePeriod.parse(null)).isEqualTo(BadgePeriod.MONTH);
    assertThat(BadgePeriod.parse("7d").unit).isEqualTo("week");
    assertThat(BadgePeriod.parse("365d").length.toDays()).isEqualTo(365);
    assertThatThrownBy(() -> BadgePeriod.parse("1y"))
        .hasMessage("Query parameter \"period\" must be one of 7d, 30d, 90d, 365d, was \"1y\".");
  }
}

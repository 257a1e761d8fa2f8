package dev.upkeep.client.internal.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.ConsentMode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Homebrew's rule as {@link Consent#untilNoticed} decides it, for every input that matters. */
class ConsentUntilNoticedTest {
  private static Consent undecided(ConsentMode appDefault) {
    return Consent.decide(Map.of(), false, null, true, null, null, appDefault);
  }

  @ParameterizedTest(name = "notice shown before {0}, can show {1}, noticeBeforeSending {2}: {3}")
  @CsvSource({
    // the run that shows the notice holds, whatever the app chose for runs that cannot show it
    "false, true,  false, LOCAL",
    "false, true,  true,  LOCAL",
    // a run that cannot show it: the app's choice
    "false, false, true,  LOCAL",
    "false, false, false, ON",
    // once a run has shown it, every later run sends
    "true,  true,  false, ON",
    "true,  true,  true,  ON",
    "true,  false, true,  ON",
    "true,  false, false, ON",
  })
  void aDefaultOfOnIsHeldUntilTheNoticeWasShown(
      boolean noticeShown, boolean canShow, boolean noticeBeforeSending, ConsentMode expected) {
    Consent c = undecided(ConsentMode.ON).untilNoticed(noticeShown, canShow, noticeBeforeSending);

    assertThat(c.mode()).isEqualTo(expected);
    assertThat(c.undecided()).isTrue(); // the user still has not decided
  }

  @Test
  void theHeldRunSaysWhyInItsSource() {
    assertThat(undecided(ConsentMode.ON).untilNoticed(false, true, false))
        .hasToString(
            "local (the application's default (undecided), held: this run shows the notice, the"
                + " next one sends)");
    assertThat(undecided(ConsentMode.ON).untilNoticed(false, false, true))
        .hasToString(
            "local (the application's default (undecided), held until a run has shown the notice"
                + " on a terminal)");
  }

  @Test
  void aDecisionOrADefaultOtherThanOnIsLeftAsItIs() {
    Consent saved =
        Consent.decide(Map.of(), false, null, true, ConsentMode.ON, "/c", ConsentMode.ON);
    Consent optedOut =
        Consent.decide(Map.of("DO_NOT_TRACK", "1"), false, null, true, null, null, ConsentMode.ON);
    Consent local = undecided(ConsentMode.LOCAL);

    assertThat(saved.untilNoticed(false, true, true)).isSameAs(saved);
    assertThat(optedOut.untilNoticed(false, true, true)).isSameAs(optedOut);
    assertThat(local.untilNoticed(false, true, true)).isSameAs(local);
  }
}

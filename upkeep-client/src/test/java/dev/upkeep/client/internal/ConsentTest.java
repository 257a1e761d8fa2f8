package dev.upkeep.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentTest {
  private static final String DEFAULT_SOURCE = "default (no opt-out variable set)";

  @Test
  void onByDefault() {
    Consent c = Consent.decide(Map.of(), true, false);

    assertThat(c.enabled()).isTrue();
    assertThat(c.source()).isEqualTo(DEFAULT_SOURCE);
    assertThat(c).hasToString("on (" + DEFAULT_SOURCE + ")");
  }

  @Test
  void doNotTrackWinsOverEverything() {
    Map<String, String> env =
        Map.of("DO_NOT_TRACK", "1", "UPKEEP_OPTOUT", "yes", "MIGAS_OPTOUT", "1");

    Consent c = Consent.decide(env, false, true);

    assertThat(c.enabled()).isFalse();
    assertThat(c.source()).isEqualTo("DO_NOT_TRACK=1");
    assertThat(c).hasToString("off (DO_NOT_TRACK=1)");
  }

  @Test
  void upkeepOptOutWinsOverMigasOptOutAndTheApp() {
    Map<String, String> env = Map.of("UPKEEP_OPTOUT", "true", "MIGAS_OPTOUT", "1");

    Consent c = Consent.decide(env, false, true);

    assertThat(c.enabled()).isFalse();
    assertThat(c.source()).isEqualTo("UPKEEP_OPTOUT=true");
  }

  @Test
  void migasOptOutCountsInMigasModeOnly() {
    Map<String, String> env = Map.of("MIGAS_OPTOUT", "1");

    Consent migas = Consent.decide(env, true, true);
    Consent upkeep = Consent.decide(env, true, false);

    assertThat(migas.enabled()).isFalse();
    assertThat(migas.source()).isEqualTo("MIGAS_OPTOUT=1");
    assertThat(upkeep.enabled()).isTrue();
    assertThat(upkeep.source()).isEqualTo(DEFAULT_SOURCE);
  }

  @Test
  void migasOptOutWinsOverTheAppInMigasMode() {
    Consent c = Consent.decide(Map.of("MIGAS_OPTOUT", "yes"), false, true);

    assertThat(c.source()).isEqualTo("MIGAS_OPTOUT=yes");
  }

  @Test
  void appSettingComesAfterTheVariables() {
    Consent off = Consent.decide(Map.of("DO_NOT_TRACK", "0"), false, false);

    assertThat(off.enabled()).isFalse();
    assertThat(off.source()).isEqualTo("disabled by the application");
    assertThat(off).hasToString("off (disabled by the application)");
  }

  @ParameterizedTest(name = "DO_NOT_TRACK=\"{0}\" keeps telemetry on")
  @ValueSource(strings = {"", "0", "false", "FALSE", "False", " 0 ", "  "})
  void valuesThatDoNotOptOut(String value) {
    for (String variable : new String[] {"DO_NOT_TRACK", "UPKEEP_OPTOUT", "MIGAS_OPTOUT"}) {
      Consent c = Consent.decide(Map.of(variable, value), true, true);

      assertThat(c.enabled()).as("%s=\"%s\"", variable, value).isTrue();
      assertThat(c.source()).isEqualTo(DEFAULT_SOURCE);
    }
  }

  @ParameterizedTest(name = "DO_NOT_TRACK=\"{0}\" opts out")
  @ValueSource(strings = {"1", "true", "TRUE", "yes", "on", "2"})
  void valuesThatOptOut(String value) {
    for (String variable : new String[] {"DO_NOT_TRACK", "UPKEEP_OPTOUT", "MIGAS_OPTOUT"}) {
      Consent c = Consent.decide(Map.of(variable, value), true, true);

      assertThat(c.enabled()).as("%s=\"%s\"", variable, value).isFalse();
      assertThat(c.source()).isEqualTo(variable + "=" + value);
    }
  }

  @Test
  void offForAnOutsideReason() {
    Consent c = Consent.off("no endpoint configured (set UPKEEP_ENDPOINT)");

    assertThat(c.enabled()).isFalse();
    assertThat(c).hasToString("off (no endpoint configured (set UPKEEP_ENDPOINT))");
  }
}

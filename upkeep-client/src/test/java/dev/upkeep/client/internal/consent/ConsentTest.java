package dev.upkeep.client.internal.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.ConsentMode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentTest {
  private static final String DEFAULT_SOURCE = "the application's default (undecided)";

  @Test
  void onByDefault() {
    Consent c = Consent.decide(Map.of(), false, null, true, null, null, ConsentMode.ON);

    assertThat((c.mode() == ConsentMode.ON)).isTrue();
    assertThat(c.source()).isEqualTo(DEFAULT_SOURCE);
    assertThat(c).hasToString("on (" + DEFAULT_SOURCE + ")");
  }

  @Test
  void doNotTrackWinsOverEverything() {
    Map<String, String> env =
        Map.of("DO_NOT_TRACK", "1", "UPKEEP_OPTOUT", "yes", "MIGAS_OPTOUT", "1");

    Consent c = Consent.decide(env, true, null, false, null, null, ConsentMode.ON);

    assertThat((c.mode() == ConsentMode.ON)).isFalse();
    assertThat(c.source()).isEqualTo("DO_NOT_TRACK=1");
    assertThat(c).hasToString("off (DO_NOT_TRACK=1)");
  }

  @Test
  void upkeepOptOutWinsOverMigasOptOutAndTheApp() {
    Map<String, String> env = Map.of("UPKEEP_OPTOUT", "true", "MIGAS_OPTOUT", "1");

    Consent c = Consent.decide(env, true, null, false, null, null, ConsentMode.ON);

    assertThat((c.mode() == ConsentMode.ON)).isFalse();
    assertThat(c.source()).isEqualTo("UPKEEP_OPTOUT=true");
  }

  @Test
  void migasOptOutCountsInMigasModeOnly() {
    Map<String, String> env = Map.of("MIGAS_OPTOUT", "1");

    Consent migas = Consent.decide(env, true, null, true, null, null, ConsentMode.ON);
    Consent upkeep = Consent.decide(env, false, null, true, null, null, ConsentMode.ON);

    assertThat((migas.mode() == ConsentMode.ON)).isFalse();
    assertThat(migas.source()).isEqualTo("MIGAS_OPTOUT=1");
    assertThat((upkeep.mode() == ConsentMode.ON)).isTrue();
    assertThat(upkeep.source()).isEqualTo(DEFAULT_SOURCE);
  }

  @Test
  void migasOptOutWinsOverTheAppInMigasMode() {
    Consent c =
        Consent.decide(
            Map.of("MIGAS_OPTOUT", "yes"), true, null, false, null, null, ConsentMode.ON);

    assertThat(c.source()).isEqualTo("MIGAS_OPTOUT=yes");
  }

  @Test
  void appSettingComesAfterTheVariables() {
    Consent off =
        Consent.decide(Map.of("DO_NOT_TRACK", "0"), false, null, false, null, null, ConsentMode.ON);

    assertThat((off.mode() == ConsentMode.ON)).isFalse();
    assertThat(off.source()).isEqualTo("disabled by the application");
    assertThat(off).hasToString("off (disabled by the application)");
  }

  @ParameterizedTest(name = "DO_NOT_TRACK=\"{0}\" keeps telemetry on")
  @ValueSource(strings = {"", "0", "false", "FALSE", "False", " 0 ", "  "})
  void valuesThatDoNotOptOut(String value) {
    for (String variable : new String[] {"DO_NOT_TRACK", "UPKEEP_OPTOUT", "MIGAS_OPTOUT"}) {
      Consent c =
          Consent.decide(Map.of(variable, value), true, null, true, null, null, ConsentMode.ON);

      assertThat((c.mode() == ConsentMode.ON)).as("%s=\"%s\"", variable, value).isTrue();
      assertThat(c.source()).isEqualTo(DEFAULT_SOURCE);
    }
  }

  @ParameterizedTest(name = "DO_NOT_TRACK=\"{0}\" opts out")
  @ValueSource(strings = {"1", "true", "TRUE", "yes", "on", "2"})
  void valuesThatOptOut(String value) {
    for (String variable : new String[] {"DO_NOT_TRACK", "UPKEEP_OPTOUT", "MIGAS_OPTOUT"}) {
      Consent c =
          Consent.decide(Map.of(variable, value), true, null, true, null, null, ConsentMode.ON);

      assertThat((c.mode() == ConsentMode.ON)).as("%s=\"%s\"", variable, value).isFalse();
      assertThat(c.source()).isEqualTo(variable + "=" + value);
    }
  }

  @Test
  void offForAnOutsideReason() {
    Consent c = Consent.off("no endpoint configured (set UPKEEP_ENDPOINT)");

    assertThat((c.mode() == ConsentMode.ON)).isFalse();
    assertThat(c).hasToString("off (no endpoint configured (set UPKEEP_ENDPOINT))");
  }

  @Test
  void theAppsVariableComesAfterTheOptOutsAndBeforeTheSavedDecision() {
    Map<String, String> env = Map.of("MYTOOL_TELEMETRY", "local");

    Consent variable =
        Consent.decide(env, false, "MYTOOL_TELEMETRY", true, ConsentMode.ON, "f", ConsentMode.ON);
    Consent optOut =
        Consent.decide(
            Map.of("MYTOOL_TELEMETRY", "on", "UPKEEP_OPTOUT", "1"),
            false,
            "MYTOOL_TELEMETRY",
            true,
            null,
            null,
            ConsentMode.ON);

    assertThat(variable.mode()).isEqualTo(ConsentMode.LOCAL);
    assertThat(variable.source()).isEqualTo("MYTOOL_TELEMETRY=local");
    assertThat(variable.undecided()).isFalse();
    assertThat(optOut.mode()).isEqualTo(ConsentMode.OFF);
    assertThat(optOut.source()).isEqualTo("UPKEEP_OPTOUT=1");
  }

  @Test
  void anUnknownValueOfTheAppsVariableMeansOff() {
    Consent c =
        Consent.decide(
            Map.of("MYTOOL_TELEMETRY", "maybe"),
            false,
            "MYTOOL_TELEMETRY",
            true,
            null,
            null,
            ConsentMode.ON);

    assertThat(c.mode()).isEqualTo(ConsentMode.OFF);
    assertThat(c.source()).isEqualTo("MYTOOL_TELEMETRY=maybe (not on, local or off: off)");
  }

  @Test
  void theSavedDecisionWinsOverTheDefaultAndIsNotUndecided() {
    Consent c =
        Consent.decide(
            Map.of(),
            false,
            "MYTOOL_TELEMETRY",
            true,
            ConsentMode.ON,
            "/c/consent",
            ConsentMode.LOCAL);

    assertThat(c.mode()).isEqualTo(ConsentMode.ON);
    assertThat(c.source()).isEqualTo("saved decision in /c/consent");
    assertThat(c.undecided()).isFalse();
  }

  @Test
  void theDefaultDecidesLastAndIsUndecided() {
    Consent c = Consent.decide(Map.of(), false, null, true, null, null, ConsentMode.LOCAL);

    assertThat(c.mode()).isEqualTo(ConsentMode.LOCAL);
    assertThat(c.undecided()).isTrue();
    assertThat(c).hasToString("local (the application's default (undecided))");
  }

  @ParameterizedTest(name = "\"{0}\" is a mode")
  @ValueSource(strings = {"on", "ON", " yes ", "1", "true", "enabled", "local", "off", "0", "no"})
  void modeNames(String value) {
    assertThat(ConsentMode.parse(value)).isNotNull();
  }
}

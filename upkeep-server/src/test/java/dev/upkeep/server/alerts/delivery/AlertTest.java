package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an alert accepts, and the errors that name what it refuses. */
class AlertTest {
  private static Alert.Builder valid() {
    return Alert.builder()
        .id("a-1")
        .project("owner/name")
        .rule("failure-rate")
        .state(Alert.State.FIRING)
        .at(Alerts.NOW)
        .summary("owner/name: something");
  }

  @Test
  void evidenceKeepsItsOrderAndCannotBeChanged() {
    List<Object> list = new ArrayList<>(List.of(1, 2));
    Alert alert = valid().evidence("z", 1).evidence("a", list).evidence("m", null).build();

    assertThat(alert.evidence().keySet()).containsExactly("z", "a", "m");
    list.add(3);
    assertThat(alert.evidence().get("a")).isEqualTo(List.of(1, 2));
    assertThatThrownBy(() -> alert.evidence().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void evidenceMustBeJson() {
    assertThatThrownBy(() -> valid().evidence("when", Thread.currentThread()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "evidence.when must be a JSON value (string, number, boolean, null, list or map), was"
                + " java.lang.Thread");
    assertThatThrownBy(() -> valid().evidence("rate", Double.NaN).build())
        .hasMessage("evidence.rate must be a finite number, was NaN");
    Map<Object, Object> badKeys = new HashMap<>();
    badKeys.put(1, "x");
    assertThatThrownBy(() -> valid().evidence("m", badKeys).build())
        .hasMessage("evidence.m keys must be strings, was java.lang.Integer");
    assertThatThrownBy(() -> valid().evidence("l", List.of(1, new Object())).build())
        .hasMessageStartingWith("evidence.l[1] must be a JSON value");
  }

  @Test
  void componentsAreValidatedByName() {
    assertThatThrownBy(() -> valid().id(null).build()).hasMessage("alert id is required, was null");
    assertThatThrownBy(() -> valid().project("name").build())
        .hasMessage("alert project must be owner/name, was name");
    assertThatThrownBy(() -> valid().version("2.8 .0").build())
        .hasMessage("alert version must be null or a version without spaces, was \"2.8 .0\"");
    assertThatThrownBy(() -> valid().summary("two\nlines").build())
        .hasMessage("alert summary must be one line, was \"two\nlines\"");
    assertThatThrownBy(() -> valid().state(null).build())
        .hasMessage("alert state is required (FIRING or RECOVERED)");
    assertThatThrownBy(() -> valid().link("ftp://x/y").build())
        .hasMessage("alert link must be an http or https URL, was ftp://x/y");
  }
}

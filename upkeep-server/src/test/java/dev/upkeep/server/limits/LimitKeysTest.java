package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitKeysTest {
  private final String secret = LimitKeys.newSecret();

  @Test
  void keysNeverHoldTheAddressAndDependOnTheSecret() {
    LimitKeys keys = LimitKeys.fromSecret(secret);
    String key = keys.requests("203.0.113.7");

    assertThat(key).hasSize(24).startsWith("r:").doesNotContain("203").doesNotContain("113");
    assertThat(LimitKeys.fromSecret(secret).requests("203.0.113.7")).isEqualTo(key);
    assertThat(LimitKeys.random().requests("203.0.113.7")).isNotEqualTo(key);
  }

  @Test
  void eachCounterHasItsOwnKey() {
    LimitKeys keys = LimitKeys.fromSecret(secret);

    assertThat(keys.requests("10.0.0.1")).isNotEqualTo(keys.requests("10.0.0.2"));
    assertThat(keys.clientEvents("10.0.0.1")).startsWith("c:");
    assertThat(keys.clientEvents("10.0.0.1").substring(2))
        .isNotEqualTo(keys.requests("10.0.0.1").substring(2));
    assertThat(keys.projectEvents(1)).startsWith("p:").isNotEqualTo(keys.projectEvents(2));
    assertThat(keys.projectDay(1)).startsWith("d:").hasSize(24);
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> LimitKeys.fromSecret("c2hvcnQ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 bytes");
  }
}

package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret references: their forms, what they print, and errors that never repeat a secret. */
class SecretRefTest {
  @Test
  void anEnvironmentSecretIsReadWhenRevealed() {
    SecretRef ref = SecretRef.parse("env:UPKEEP_HOOK_SECRET");

    assertThat(ref.isEnv()).isTrue();
    assertThat(ref.text()).isEqualTo("env:UPKEEP_HOOK_SECRET");
    assertThat(ref).hasToString("env:UPKEEP_HOOK_SECRET");
    assertThat(ref.reveal(Map.of("UPKEEP_HOOK_SECRET", "s3cret")::get, null)).isEqualTo("s3cret");
  }

  @Test
  void anUnsetOrEmptyVariableIsNamed() {
    SecretRef ref = SecretRef.env("UPKEEP_HOOK_SECRET");

    assertThatThrownBy(() -> ref.reveal(Map.<String, String>of()::get, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "environment variable UPKEEP_HOOK_SECRET is not set; set it in the collector's"
                + " environment (the secret env:UPKEEP_HOOK_SECRET is read from it)");
    assertThatThrownBy(() -> ref.reveal(Map.of("UPKEEP_HOOK_SECRET", "")::get, null))
        .hasMessageStartingWith("environment variable UPKEEP_HOOK_SECRET is empty");
  }

  @Test
  void anEncryptedSecretPrintsWithoutItsCiphertext() {
    SecretRef ref = SecretRef.parse("enc:v1:" + "A".repeat(40));
    assertThat(ref).hasToString("enc:v1:…");
    assertThat(ref.text()).isEqualTo("enc:v1:" + "A".repeat(40));
  }

  @Test
  void aSecretPastedInClearIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> SecretRef.parse("hunter2-pasted-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be env:NAME")
        .hasMessageContaining("a value of 21 characters")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void badForms() {
    assertThatThrownBy(() -> SecretRef.parse("env:1BAD"))
        .hasMessage(
            "a secret's environment variable must be a name like UPKEEP_WEBHOOK_SECRET, was"
                + " \"1BAD\"");
    assertThatThrownBy(() -> SecretRef.parse("enc:v1:not base64!"))
        .hasMessageContaining("must be base64")
        .hasMessageNotContaining("not base64!");
    assertThatThrownBy(() -> SecretRef.parse("enc:v1:AAAA"))
        .hasMessageContaining("holds at least 28 bytes, this one 3");
  }
}

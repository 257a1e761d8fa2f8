package dev.upkeep.server.installs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PkceTest {
  /** RFC 7636 appendix B. */
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  @Test
  void challengeOfTheRfcExample() {
    assertThat(Pkce.challenge(VERIFIER)).isEqualTo(CHALLENGE);
    assertThat(Pkce.CHALLENGE.matcher(CHALLENGE).matches()).isTrue();
  }

  @Test
  void matchesOnlyTheRightVerifier() {
    assertThat(Pkce.matches(VERIFIER, CHALLENGE)).isTrue();
    assertThat(Pkce.matches(VERIFIER.replace('d', 'e'), CHALLENGE)).isFalse();
    assertThat(Pkce.matches(VERIFIER, CHALLENGE.replace('E', 'F'))).isFalse();
  }

  @Test
  void malformedVerifiersNeverMatch() {
    String short42 = VERIFIER.substring(1);
    assertThat(Pkce.matches(short42, Pkce.challenge(short42))).isFalse();
    String spaced = "a".repeat(42) + " ";
    assertThat(Pkce.matches(spaced, Pkce.challenge(spaced))).isFalse();
    String long129 = "a".repeat(129);
    assertThat(Pkce.matches(long129, Pkce.challenge(long129))).isFalse();
    String max = "a~._-".repeat(25) + "abc";
    assertThat(Pkce.matches(max, Pkce.challenge(max))).isTrue();
  }
}

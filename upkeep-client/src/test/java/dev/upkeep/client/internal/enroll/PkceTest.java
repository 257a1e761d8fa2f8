package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkceTest {
  /** RFC 7636 Appendix B: the 32 octets behind the example verifier. */
  private static final byte[] APPENDIX_B_OCTETS = {
    116,
    24,
    (byte) 223,
    (byte) 180,
    (byte) 151,
    (byte) 153,
    (byte) 224,
    37,
    79,
    (byte) 250,
    96,
    125,
    (byte) 216,
    (byte) 173,
    (byte) 187,
    (byte) 186,
    22,
    (byte) 212,
    37,
    77,
    105,
    (byte) 214,
    (byte) 191,
    (byte) 240,
    91,
    88,
    5,
    88,
    83,
    (byte) 132,
    (byte) 141,
    121
  };

  /** A "random" source that hands out fixed bytes, for the RFC's vector. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(APPENDIX_B_OCTETS, 0, bytes, 0, bytes.length);
    }
  }

  @Test
  void rfc7636AppendixBChallenge() {
    assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void rfc7636AppendixBVerifierFromItsOctets() {
    Pkce pkce = Pkce.create(new FixedRandom());

    assertThat(pkce.verifier()).isEqualTo("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    assertThat(pkce.challenge()).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void verifierStateAndChallengeAre43UnpaddedBase64UrlCharacters() {
    Pkce pkce = Pkce.create();

    assertThat(pkce.verifier()).matches("[A-Za-z0-9_-]{43}");
    assertThat(pkce.challenge()).matches("[A-Za-z0-9_-]{43}");
    assertThat(pkce.state()).matches("[A-Za-z0-9_-]{43}");
    assertThat(pkce.challenge()).isEqualTo(Pkce.challenge(pkce.verifier()));
    assertThat(pkce.state()).isNotEqualTo(pkce.verifier());
  }

  @Test
  void eachPairIsFresh() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Pkce pkce = Pkce.create();
      assertThat(seen.add(pkce.verifier())).isTrue();
      assertThat(seen.add(pkce.state())).isTrue();
    }
  }

  @Test
  void toStringShowsNoSecret() {
    Pkce pkce = Pkce.create();

    assertThat(pkce.toString())
        .doesNotContain(pkce.verifier())
        .doesNotContain(pkce.state())
        .contains("S256");
  }
}

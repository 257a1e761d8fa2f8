package dev.upkeep.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void rawTokenIsPrefixAnd43UrlSafeCharacters() {
    String token = Tokens.generate();

    assertThat(token).startsWith(Tokens.PREFIX).hasSize(2 + 43).matches("m_[A-Za-z0-9_-]{43}");
  }

  @Test
  void generatedTokensDiffer() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      tokens.add(Tokens.generate());
    }
    assertThat(tokens).hasSize(1000);
  }

  @Test
  void hashIsLowercaseHexSha256() {
    // FIPS 180-2 test vector for "abc"
    assertThat(Tokens.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Tokens.hash(Tokens.generate())).matches("[0-9a-f]{64}");
  }

  @Test
  void hashIsDeterministic() {
    String token = Tokens.generate();

    assertThat(Tokens.hash(token)).isEqualTo(Tokens.hash(new String(token)));
  }

  @Test
  void differentTokensHaveDifferentHashes() {
    String a = Tokens.generate();
    String b = Tokens.generate();

    assertThat(Tokens.hash(a)).isNotEqualTo(Tokens.hash(b));
    assertThat(Tokens.hash("m_a")).isNotEqualTo(Tokens.hash("m_b"));
  }

  @Test
  void shownPrefixKeepsTheFirstEightCharacters() {
    assertThat(Tokens.shownPrefix("m_abcdefghijk")).isEqualTo("m_abcdef");
    assertThat(Tokens.shownPrefix("m_ab")).isEqualTo("m_ab");
  }
}

package dev.upkeep.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionErrorTypeTest {
  @Test
  void aKeySplitsBackExactlyWhateverTheVersionHolds() {
    for (String version : new String[] {"2.8.0", "", "1.0 rc:2", "9:9 x", "1.0-\uD83D\uDE80"}) {
      VersionErrorType v = new VersionErrorType(version, "Value Error");
      assertThat(VersionErrorType.parse(v.key())).isEqualTo(v);
    }
    assertThat(new VersionErrorType("2.8.0", "ValueError").key()).isEqualTo("5:2.8.0 ValueError");
    assertThat(new VersionErrorType("1.0-\uD83D\uDE80", "E").key())
        .as("the length counts characters, as SQL's LENGTH does")
        .isEqualTo("5:1.0-\uD83D\uDE80 E");
  }

  @Test
  void whatIsNotAKeyIsRefusedNamingIt() {
    for (String bad : new String[] {"2.8.0 ValueError", "x:2.8.0 E", "9:2.8.0 E", "5:2.8.0E"}) {
      assertThatThrownBy(() -> VersionErrorType.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + bad + "\"");
    }
  }
}

package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void decodesUtf8KeepingAByteOrderMark() throws Exception {
    String text = "\uFEFFa\u00e9\u2603\uD83D\uDE00";
    assertThat(Utf8.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    assertThat(Utf8.decode(new byte[0])).isEmpty();
  }

  @Test
  void refusesMalformedInputInsteadOfReplacingIt() {
    byte[][] malformed = {
      {'a', (byte) 0xff},
      {(byte) 0xc3}, // truncated
      {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
    };
    for (byte[] bytes : malformed) {
      assertThatThrownBy(() -> Utf8.decode(bytes)).isInstanceOf(CharacterCodingException.class);
    }
  }

  @Test
  void aFailedBufferIsLeftAtTheFirstByteOfTheMalformedSequence() {
    ByteBuffer in = ByteBuffer.wrap(new byte[] {'o', 'k', (byte) 0xe2, (byte) 0x28, 'x'});
    assertThatThrownBy(() -> Utf8.decode(in)).isInstanceOf(CharacterCodingException.class);
    assertThat(in.position()).isEqualTo(2);
  }
}

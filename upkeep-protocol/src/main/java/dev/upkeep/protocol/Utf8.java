package dev.upkeep.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding: malformed input (an invalid or truncated sequence, an encoded surrogate,
 * an overlong form) is an error instead of becoming U+FFFD, as JSON text exchanged between systems
 * must be UTF-8 (RFC 8259 section 8.1). A byte-order mark is kept as the character U+FEFF. All
 * methods are static, stateless and thread-safe.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The text of {@code bytes}.
   *
   * @throws CharacterCodingException when they are not UTF-8
   * @throws NullPointerException if {@code bytes} is {@code null}
   */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    return decode(ByteBuffer.wrap(bytes));
  }

  /**
   * The text of the remaining bytes of {@code in}, which it consumes.
   *
   * @throws CharacterCodingException when they are not UTF-8; {@code in}'s position is then at the
   *     first byte of the malformed sequence
   * @throws NullPointerException if {@code in} is {@code null}
   */
  public static String decode(ByteBuffer in) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(in)
        .toString();
  }
}

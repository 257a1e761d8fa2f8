package dev.upkeep.signing.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A file's content as otumat 0.3's {@code hash_pkg} sees it: Python's {@code open(path, 'r')} on a
 * UTF-8 system — strict UTF-8 (a byte-order mark is kept as a character), universal newlines (CRLF
 * and lone CR become LF) — and its length in characters (code points), not bytes.
 */
final class OtumatText {
  private OtumatText() {}

  /**
   * The text otumat reads from {@code bytes}.
   *
   * @throws CharacterCodingException when the bytes are not UTF-8 (otumat fails on such a file)
   */
  static String read(byte[] bytes) throws CharacterCodingException {
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** Python's {@code len(text)}: the number of code points. */
  static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}

package dev.upkeep.signing.internal;

import dev.upkeep.protocol.Utf8;
import java.nio.charset.CharacterCodingException;

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
    String text = Utf8.decode(bytes);
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** Python's {@code len(text)}: the number of code points. */
  static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}

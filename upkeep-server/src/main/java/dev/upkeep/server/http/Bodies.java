package dev.upkeep.server.http;

import dev.upkeep.protocol.Utf8;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

/** Reads request bodies under a byte limit. Stateless, thread-safe. */
public final class Bodies {
  private Bodies() {}

  /**
   * The body's bytes.
   *
   * @throws ApiException 413 when the body is larger than {@code limit} bytes (checked on the
   *     declared Content-Length before reading, and on what arrived)
   */
  public static byte[] read(Context ctx, int limit) {
    long declared = ctx.contentLength();
    if (declared > limit) {
      throw ApiException.tooLarge(limit);
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > limit) {
      throw ApiException.tooLarge(limit);
    }
    return body;
  }

  /**
   * The body as text, strictly UTF-8.
   *
   * @throws ApiException 400 naming the byte offset when the body is not valid UTF-8, 413 over
   *     {@code limit} bytes
   */
  public static String utf8(Context ctx, int limit) {
    return utf8(read(ctx, limit));
  }

  /**
   * Decodes strictly: malformed or unmappable UTF-8 is refused, never replaced by U+FFFD. Linear.
   *
   * @throws ApiException 400 {@code The body is not valid UTF-8 (byte 12).}
   */
  public static String utf8(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      return Utf8.decode(in);
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("The body is not valid UTF-8 (byte " + in.position() + ").");
    }
  }
}

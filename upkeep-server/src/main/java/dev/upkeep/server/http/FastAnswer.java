package dev.upkeep.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link FastPost}'s answer: a status and a JSON body ({@code Content-Type: application/json}).
 * Immutable; the body is shared by every answer made from it and never written to.
 */
public final class FastAnswer {
  private final int status;
  private final byte[] body;

  private FastAnswer(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  /** An answer with {@code status} and the UTF-8 bytes of {@code json}. */
  public static FastAnswer json(int status, String json) {
    return new FastAnswer(status, json.getBytes(StandardCharsets.UTF_8));
  }

  /** The HTTP status, e.g. 202. */
  public int status() {
    return status;
  }

  /** The body's length in bytes. */
  public int length() {
    return body.length;
  }

  /** A read-only view of the body (a new buffer each call, for one write). */
  public ByteBuffer body() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  /** A copy of the body's bytes (for Javalin, which takes an array). */
  public byte[] bytes() {
    return body.clone();
  }
}

package dev.upkeep.server.http;

import io.javalin.http.Context;

/** Reads request bodies under a byte limit. */
public final class Bodies {
  private Bodies() {}

  /**
   * The body's bytes.
   *
   * @throws ApiException 413 when the body is larger than {@code limit} bytes
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
}

package dev.upkeep.server.http;

/**
 * What the collector answers for a refused or failed request, decided once by {@link
 * HttpErrors#rejection} for Javalin's routes and for the {@link FastPosts} alike: the status, the
 * metric tag of {@code upkeep.http.rejected}, the {@code detail} of the {@code {"detail": ...}}
 * body (a String or a list of problem maps), {@code Retry-After} in seconds (0: none) and whether
 * the connection is closed after the answer (a request whose framing the client broke).
 */
record Rejection(int status, String reason, Object detail, long retryAfterSeconds, boolean close) {
  static Rejection of(ApiException e, boolean close) {
    return new Rejection(e.status(), e.reason(), e.detail(), e.retryAfterSeconds(), close);
  }
}

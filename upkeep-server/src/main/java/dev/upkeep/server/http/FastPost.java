package dev.upkeep.server.http;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@code POST} route answered by {@link FastPosts} on Jetty's core API, ahead of Javalin's
 * servlet: for the few routes every client calls at a high rate (the breadcrumb). The route sees
 * the body, the client address and the query, never the framework; the same object serves the
 * Javalin route for whatever {@link FastPosts} leaves to Javalin, so both answer alike.
 *
 * <p>Implementations are thread-safe: {@link #answer} is called by many request threads at once.
 */
public interface FastPost {
  /** The path this route answers, exactly (e.g. {@code /api/breadcrumb}). */
  String path();

  /**
   * The largest body it reads, in bytes; a larger declared {@code Content-Length} (413) and a body
   * of unknown length (chunked) are left to the Javalin route, which reads under the same limit.
   */
  int maxBodyBytes();

  /**
   * Handles one request.
   *
   * @param body the request body, at most {@link #maxBodyBytes()} bytes
   * @param client the client address ({@link ClientAddress}: the limits and the fair share count
   *     it)
   * @param query the first value of a query parameter, or null
   * @return the answer, possibly completing later (e.g. after a commit), or exceptionally with what
   *     {@link HttpErrors} answers
   * @throws RuntimeException what {@link HttpErrors} answers (e.g. {@link ApiException})
   */
  CompletableFuture<FastAnswer> answer(byte[] body, String client, Function<String, String> query);
}

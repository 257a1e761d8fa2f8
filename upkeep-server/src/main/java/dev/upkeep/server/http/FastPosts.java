package dev.upkeep.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The hot {@code POST} routes on Jetty's core API, in front of Javalin's servlet: a request to one
 * of the {@link FastPost} paths with a {@code Content-Length} within the route's limit is answered
 * here, everything else goes on to Javalin unchanged. What Javalin's path does for such a request
 * is done here in the same order with the same objects: the {@code X-Backend-Server} header, the
 * {@link ClientAddress client address}, the request rate limit (429), the body read under the
 * route's limit, the route, and every refusal or failure answered as {@link HttpErrors} answers it
 * ({@link HttpErrors#rejection}, counted in {@code upkeep.http.rejected}). The security headers
 * come from the connector, as for every answer.
 *
 * <p>Why: Javalin's servlet path (servlet context, session handler, async context, its context
 * object, response copy through an output stream) cost more CPU per breadcrumb than the commit
 * itself; see docs/benchmarks.md, "Ingest beside bare Jetty (issue 17)".
 *
 * <p>The body is read without blocking a thread (Jetty's demand), and the answer is written when
 * the route's future completes, from whichever thread completes it. Thread-safe.
 */
public final class FastPosts extends Handler.Wrapper {
  private static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());

  private final Map<String, FastPost> routes;
  private final HttpField backend;
  private final ClientAddress clients;
  private final ToLongFunction<String> rateLimit;
  private final ObjectMapper json;
  private final MeterRegistry registry;

  /**
   * @param routes the routes, by {@link FastPost#path()}
   * @param backendHeader the value of {@code X-Backend-Server} on every answer
   * @param clients resolves the client address
   * @param rateLimit seconds the client must wait, taking one request from its allowance when 0
   *     (the request rate limit, as Javalin's before-handler applies it; {@code c -> 0} when off)
   * @param json writes the {@code {"detail": ...}} bodies of refusals
   * @param registry counts refusals
   */
  public FastPosts(
      List<FastPost> routes,
      String backendHeader,
      ClientAddress clients,
      ToLongFunction<String> rateLimit,
      ObjectMapper json,
      MeterRegistry registry) {
    this.routes =
        Map.copyOf(
            routes.stream().collect(java.util.stream.Collectors.toMap(FastPost::path, r -> r)));
    this.backend = new PreEncodedHttpField("X-Backend-Server", backendHeader);
    this.clients = clients;
    this.rateLimit = rateLimit;
    this.json = json;
    this.registry = registry;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    FastPost route =
        HttpMethod.POST.is(request.getMethod())
            ? routes.get(Request.getPathInContext(request))
            : null;
    long length = route == null ? -1 : request.getLength();
    if (length < 0 || length > route.maxBodyBytes()) {
      return super.handle(request, response, callback);
    }
    // Content-Type first: the order Javalin's answers have their headers in
    response.getHeaders().put(JSON);
    response.getHeaders().put(backend);
    String client;
    try {
      client = clients.of(peer(request), request.getHeaders().getValuesList("X-Forwarded-For"));
      long wait = rateLimit.applyAsLong(client);
      if (wait > 0) {
        throw ApiException.rateLimited(wait);
      }
    } catch (RuntimeException e) {
      reject(request, response, callback, e);
      return true;
    }
    new Exchange(route, request, response, callback, client, new byte[(int) length]).read();
    return true;
  }

  /** The socket peer's address (what {@link ClientAddress} otherwise parses from its text). */
  private static InetAddress peer(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress();
    }
    throw new IllegalStateException("a connection without an IP peer: " + remote);
  }

  /** One request of a fast route: its body being read, then its answer. */
  private final class Exchange implements Runnable {
    private final FastPost route;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String client;
    private final byte[] body;
    private int filled;

    Exchange(
        FastPost route,
        Request request,
        Response response,
        Callback callback,
        String client,
        byte[] body) {
      this.route = route;
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.client = client;
      this.body = body;
    }

    /** Reads what has arrived; asks to be called again ({@link #run}) when more can be read. */
    void read() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          reject(request, response, callback, chunk.getFailure());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int n = Math.min(bytes.remaining(), body.length - filled);
        bytes.get(body, filled, n);
        filled += n;
        boolean last = chunk.isLast();
        chunk.release();
        if (last) {
          answer();
          return;
        }
      }
    }

    @Override
    public void run() {
      read();
    }

    private void answer() {
      CompletableFuture<FastAnswer> answer;
      try {
        answer = route.answer(body, client, this::query);
      } catch (RuntimeException e) {
        reject(request, response, callback, e);
        return;
      }
      answer.whenComplete(
          (a, failure) -> {
            if (failure != null) {
              reject(request, response, callback, failure);
            } else {
              response.setStatus(a.status());
              response.getHeaders().put(HttpHeader.CONTENT_LENGTH, a.length());
              response.write(true, a.body(), callback);
            }
          });
    }

    private String query(String name) {
      if (request.getHttpURI().getQuery() == null) {
        return null;
      }
      Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      Fields.Field f = fields.get(name);
      return f == null ? null : f.getValue();
    }
  }

  private void reject(Request request, Response response, Callback callback, Throwable e) {
    Rejection r =
        HttpErrors.rejection(
            e,
            request.getMethod(),
            Request.getPathInContext(request),
            Request.getRemoteAddr(request));
    HttpErrors.count(registry, r.reason());
    byte[] body;
    try {
      body = json.writeValueAsBytes(Map.of("detail", r.detail()));
    } catch (JsonProcessingException impossible) {
      callback.failed(impossible);
      return;
    }
    if (r.close()) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    if (r.retryAfterSeconds() > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(r.retryAfterSeconds()));
    }
    response.setStatus(r.status());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}

package dev.upkeep.server.http;

import dev.upkeep.server.ingest.IngestRefusedException;
import dev.upkeep.server.ingest.QueueFullException;
import dev.upkeep.server.projects.ProjectExistsException;
import dev.upkeep.server.projects.UnknownProjectException;
import dev.upkeep.server.projects.UnknownVersionException;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper: validation and domain errors become 4xx with {@code {"detail": ...}}, a
 * full ingest queue or a store that cannot write (disk full, read-only) 503 and an ingest limit
 * 429, all with {@code Retry-After} (no log line: the pipeline logs an outage). A store that is
 * unavailable to any other call ({@link StorageUnavailableException}: its database unreachable,
 * timed out, out of connections, its disk failing; thrown by the route or found among the causes of
 * what it threw) is 503 with {@code Retry-After: }{@value #STORE_RETRY_AFTER_SECONDS}, reason
 * {@code storage_unavailable} and a message naming the condition, never 500, and no log line (the
 * store logs an outage once). A request the client broke (bad chunk sizes, a body shorter than its
 * Content-Length, a client gone mid-body: Jetty's {@code BadMessageException}, {@code EofException}
 * or another {@code IOException} Jetty throws while reading, see {@link UnreadableRequest}) is 400
 * (413, 431 where Jetty says so) with a fixed message, one DEBUG line and no stack trace. Anything
 * else is 500 with a fixed message and one WARN line with the stack trace; no answer ever holds an
 * exception's text, a class name or SQL. Two protocols keep their own error bodies, mapped by the
 * packages that speak them ({@code api.otumat.OtumatApi}: a refused install access token; {@code
 * api.oauth.OAuthApi}: an OAuth error), which count them here too ({@link #count(MeterRegistry,
 * String)}). Every rejection is counted in {@code upkeep.http.rejected{reason}}.
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  /** {@code Retry-After} of a route whose store is unavailable, in seconds: {@value}. */
  public static final int STORE_RETRY_AFTER_SECONDS = 2;

  private final MeterRegistry registry;

  private HttpErrors(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the mapper of every exception that no more specific mapper answers. */
  public static void install(RoutesConfig routes, MeterRegistry registry) {
    HttpErrors errors = new HttpErrors(registry);
    routes.exception(
        Exception.class,
        (e, ctx) -> errors.answer(ctx, rejection(e, ctx.method().name(), ctx.path(), ctx.ip())));
  }

  /**
   * What any exception but the two with bodies of their own ({@code InstallTokenException}, {@code
   * OAuthException}) is answered with, logging what the class comment says: {@link ApiException} as
   * it says, {@link IngestRefusedException} with its status, reason and {@code Retry-After}, an
   * unavailable store 503, unknown projects and versions 404, an existing project 409, other {@link
   * IllegalArgumentException}s 400 with their message, a request the client broke its 4xx (closing
   * the connection), anything else 500 with a fixed message and one WARN line.
   *
   * @param method the request's method, for the log line
   * @param path the request's path, for the log line
   * @param ip the socket peer, for the DEBUG line of an unreadable request
   */
  static Rejection rejection(Throwable thrown, String method, String path, String ip) {
    Throwable e =
        thrown instanceof CompletionException && thrown.getCause() != null
            ? thrown.getCause()
            : thrown;
    if (e instanceof ApiException api) {
      return Rejection.of(api, false);
    }
    if (e instanceof IngestRefusedException refused) {
      String message =
          e instanceof QueueFullException ? e.getMessage() + "; retry later." : e.getMessage();
      return new Rejection(
          refused.status(), refused.reason(), message, refused.retryAfterSeconds(), false);
    }
    if (e instanceof StorageUnavailableException u) {
      return unavailable(method, path, u);
    }
    if (e instanceof UnknownProjectException || e instanceof UnknownVersionException) {
      return new Rejection(404, "not_found", e.getMessage(), 0, false);
    }
    if (e instanceof ProjectExistsException) {
      return new Rejection(409, "conflict", e.getMessage(), 0, false);
    }
    if (e instanceof IllegalArgumentException) {
      Optional<ApiException> client =
          e instanceof HttpException ? UnreadableRequest.of(e) : Optional.empty();
      return client.isPresent()
          ? unreadable(method, path, ip, e, client.get())
          : new Rejection(400, "bad_request", e.getMessage(), 0, false);
    }
    Optional<ApiException> client = UnreadableRequest.of(e);
    if (client.isPresent()) {
      return unreadable(method, path, ip, e, client.get());
    }
    Optional<StorageUnavailableException> store = unavailableCause(e);
    if (store.isPresent()) {
      return unavailable(method, path, store.get());
    }
    LOG.warn("{} {} failed: {}", method, path, e.toString(), e);
    return new Rejection(
        500, "internal", "Internal error; the server log has the details.", 0, false);
  }

  /** The store cannot serve the request: 503 with Retry-After, naming the condition. */
  private static Rejection unavailable(String method, String path, StorageUnavailableException e) {
    LOG.debug("{} {}: store unavailable: {}", method, path, e.getMessage());
    return new Rejection(
        503, "storage_unavailable", storeUnavailableMessage(e), STORE_RETRY_AFTER_SECONDS, false);
  }

  /**
   * What a client is told when the store is unavailable: the condition, never the exception's text,
   * e.g. {@code The collector's store is unavailable (unreachable); retry in 2 s.}
   */
  public static String storeUnavailableMessage(StorageUnavailableException e) {
    return "The collector's store is unavailable ("
        + e.condition()
        + "); retry in "
        + STORE_RETRY_AFTER_SECONDS
        + " s.";
  }

  /** The {@link StorageUnavailableException} among {@code e} and its causes, if any. */
  public static Optional<StorageUnavailableException> unavailableCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StorageUnavailableException u) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  /** A request the client broke: its 4xx, the connection closed after it, one DEBUG line. */
  private static Rejection unreadable(
      String method, String path, String ip, Throwable e, ApiException answer) {
    LOG.debug("{} {}: unreadable request from {}: {}", method, path, ip, e.toString());
    return Rejection.of(answer, true);
  }

  private void answer(Context ctx, Rejection r) {
    count(r.reason());
    if (r.close()) {
      ctx.header("Connection", "close");
    }
    if (r.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Long.toString(r.retryAfterSeconds()));
    }
    ctx.status(r.status()).json(Map.of("detail", r.detail()));
  }

  private void count(String reason) {
    count(registry, reason);
  }

  /** Counts a rejection in {@code upkeep.http.rejected{reason}}. */
  public static void count(MeterRegistry registry, String reason) {
    registry.counter("upkeep.http.rejected", "reason", reason).increment();
  }
}

package dev.upkeep.server.api.migas;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.Bodies;
import dev.upkeep.server.http.ClientAddress;
import dev.upkeep.server.http.FastAnswer;
import dev.upkeep.server.http.FastPost;
import dev.upkeep.server.http.FastPosts;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.ingest.IngestRefusedException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * migas REST {@code POST /api/breadcrumb[?wait=true]}, as migas-py main sends it.
 *
 * <p>Answers 202 (or 200 with {@code wait=true}) with {@code {"success": true, "message": ""}} only
 * after the crumb is committed, so a 2xx always means stored; 400 for a malformed or unregistered
 * project with migas-server's exact messages; 422 for schema errors; 500 {@code {"success": false,
 * "message": ...}} when the commit failed.
 *
 * <p>Served by {@link FastPosts} on Jetty's core API for a body of known length, and by Javalin
 * (the same {@link #answer}) for a chunked one or one declared over the limit. Thread-safe.
 */
public final class BreadcrumbRoute implements Handler, FastPost {
  private static final Logger LOG = LoggerFactory.getLogger(BreadcrumbRoute.class);
  private static final String PATH = "/api/breadcrumb";
  private static final FastAnswer STORED =
      FastAnswer.json(202, "{\"success\":true,\"message\":\"\"}");
  private static final FastAnswer STORED_WAIT =
      FastAnswer.json(200, "{\"success\":true,\"message\":\"\"}");
  private static final FastAnswer NOT_STORED =
      FastAnswer.json(
          500,
          "{\"success\":false,\"message\":\"The breadcrumb could not be stored; retry later.\"}");

  private final RestCrumbDecoder decoder;
  private final ProjectRegistry registry;
  private final IngestPipeline pipeline;
  private final Clock clock;
  private final int maxBodyBytes;

  public BreadcrumbRoute(
      ObjectMapper json,
      ProjectRegistry registry,
      IngestPipeline pipeline,
      Clock clock,
      int maxBodyBytes) {
    this.decoder = new RestCrumbDecoder(json);
    this.registry = registry;
    this.pipeline = pipeline;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) {
    CompletableFuture<FastAnswer> answer =
        answer(Bodies.read(ctx, maxBodyBytes), ClientAddress.of(ctx), ctx::queryParam);
    ctx.future(
        () ->
            answer.thenAccept(
                a -> ctx.status(a.status()).contentType("application/json").result(a.bytes())));
  }

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  @Override
  public CompletableFuture<FastAnswer> answer(
      byte[] body, String client, Function<String, String> query) {
    MigasCrumb crumb = decoder.decode(body);
    if (!crumb.projectFormatValid()) {
      throw ApiException.badRequest(MigasCrumb.INVALID_PROJECT);
    }
    Project project =
        registry
            .find(crumb.project())
            .orElseThrow(() -> ApiException.badRequest(MigasCrumb.NOT_REGISTERED));
    boolean wait = isTrue(query.apply("wait"));
    CompletableFuture<Integer> stored =
        pipeline.submit(client, List.of(crumb.toEvent(project.id(), clock.instant())));
    return stored.handle(
        (n, failure) -> {
          Throwable cause =
              failure != null && failure.getCause() != null ? failure.getCause() : failure;
          if (failure == null) {
            return wait ? STORED_WAIT : STORED;
          } else if (cause instanceof IngestRefusedException refused) {
            // answered by HttpErrors, as every other refusal (status, Retry-After, metric)
            throw new CompletionException(refused);
          }
          LOG.warn("breadcrumb of {} not stored: {}", crumb.project(), failure.toString());
          return NOT_STORED;
        });
  }

  private static boolean isTrue(String value) {
    return value != null
        && switch (value.toLowerCase(java.util.Locale.ROOT)) {
          case "true", "1", "yes", "on" -> true;
          default -> false;
        };
  }
}

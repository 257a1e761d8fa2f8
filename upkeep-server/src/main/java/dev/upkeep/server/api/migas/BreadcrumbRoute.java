package dev.upkeep.server.api.migas;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.Bodies;
import dev.upkeep.server.http.ClientAddress;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.ingest.IngestRefusedException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * migas REST {@code POST /api/breadcrumb[?wait=true]}, as migas-py main sends it.
 *
 * <p>Answers 202 (or 200 with {@code wait=true}) with {@code {"success": true, "message": ""}} only
 * after the crumb is committed, so a 2xx always means stored; 400 for a malformed or unregistered
 * project with migas-server's exact messages; 422 for schema errors; 500 {@code {"success": false,
 * "message": ...}} when the commit failed.
 */
public final class BreadcrumbRoute implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(BreadcrumbRoute.class);
  private static final byte[] OK =
      "{\"success\":true,\"message\":\"\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_STORED =
      "{\"success\":false,\"message\":\"The breadcrumb could not be stored; retry later.\"}"
          .getBytes(StandardCharsets.UTF_8);

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
    MigasCrumb crumb = decoder.decode(Bodies.read(ctx, maxBodyBytes));
    if (!crumb.projectFormatValid()) {
      throw ApiException.badRequest(MigasCrumb.INVALID_PROJECT);
    }
    Project project =
        registry
            .find(crumb.project())
            .orElseThrow(() -> ApiException.badRequest(MigasCrumb.NOT_REGISTERED));
    boolean wait = isTrue(ctx.queryParam("wait"));
    CompletableFuture<Integer> stored =
        pipeline.submit(
            ClientAddress.of(ctx), List.of(crumb.toEvent(project.id(), clock.instant())));
    ctx.future(
        () ->
            stored.handle(
                (n, failure) -> {
                  Throwable cause =
                      failure != null && failure.getCause() != null ? failure.getCause() : failure;
                  if (failure == null) {
                    ctx.status(wait ? 200 : 202).contentType("application/json").result(OK);
                  } else if (cause instanceof IngestRefusedException refused) {
                    // answered by HttpErrors, as every other refusal (status, Retry-After, metric)
                    throw new CompletionException(refused);
                  } else {
                    LOG.warn(
                        "breadcrumb of {} not stored: {}", crumb.project(), failure.toString());
                    ctx.status(500).contentType("application/json").result(NOT_STORED);
                  }
                  return null;
                }));
  }

  private static boolean isTrue(String value) {
    return value != null
        && switch (value.toLowerCase(java.util.Locale.ROOT)) {
          case "true", "1", "yes", "on" -> true;
          default -> false;
        };
  }
}

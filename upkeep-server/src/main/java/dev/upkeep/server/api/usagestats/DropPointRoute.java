package dev.upkeep.server.api.usagestats;

import dev.upkeep.server.http.ClientAddress;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.TimeWindow;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UsageEventBuilder;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The usagestats drop point, {@code /usagestats/{owner}/{name}}, answering as usagestats' reference
 * server does (PROTOCOLS.md section 2.3), all in {@code text/plain}:
 *
 * <ul>
 *   <li>any method but POST: 403 {@code invalid request};
 *   <li>no or a malformed {@code Content-Length}: 400 {@code invalid content length};
 *   <li>a body over 512 KiB: 403 {@code report too big};
 *   <li>no {@code date:} line, or one not matching {@code ^[0-9]{2,12}\.[0-9]{1,3}$}: 400 {@code
 *       missing date field} / {@code invalid date} (the reference server answers 500; usagestats
 *       drops a report on any error status, so 400 changes nothing for it);
 *   <li>a body that is not UTF-8: 400 {@code invalid encoding}; more than 1000 lines: 400 {@code
 *       too many lines (the limit is 1000)};
 *   <li>a {@code date} outside {@link TimeWindow} (later than one day after the server's clock):
 *       422 {@code date must be from ... , was ...};
 *   <li>an unregistered project: 404 {@code project owner/name is not registered};
 *   <li>else 200 {@code stored}, after the report is committed.
 * </ul>
 *
 * <p>Each report becomes one event of kind {@code report} holding every pair in order, duplicates
 * included; its time is the report's {@code date} (the server's time if later), its version the
 * {@code version} pair, its user the {@code user} pair. Thread-safe.
 */
public final class DropPointRoute {
  /** Largest report accepted: 512 KiB, as the reference server. */
  public static final int MAX_REPORT_BYTES = 512 * 1024;

  /** The event kind of a usagestats report: {@value}. */
  public static final String KIND = "report";

  private final ProjectRegistry registry;
  private final IngestPipeline pipeline;
  private final Clock clock;

  public DropPointRoute(ProjectRegistry registry, IngestPipeline pipeline, Clock clock) {
    this.registry = registry;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  /** Every method but POST. */
  public void refuse(Context ctx) {
    text(ctx, 403, "invalid request");
  }

  /** POST: store the report. */
  public void post(Context ctx) {
    String declared = ctx.header("Content-Length");
    long length;
    try {
      length = declared == null ? -1 : Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0) {
      text(ctx, 400, "invalid content length");
      return;
    }
    if (length > MAX_REPORT_BYTES) {
      text(ctx, 403, "report too big");
      return;
    }
    Report report;
    long date;
    try {
      report = Report.parse(ctx.bodyAsBytes());
      date = report.dateMillis();
    } catch (IllegalArgumentException | IllegalStateException e) {
      text(ctx, 400, e.getMessage());
      return;
    }
    String name = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    Optional<Project> project = registry.find(name);
    if (project.isEmpty()) {
      text(ctx, 404, "project " + name + " is not registered");
      return;
    }
    Instant now = clock.instant();
    Instant at = Instant.ofEpochMilli(date);
    String badDate = TimeWindow.checkEvent(at, now);
    if (badDate != null) {
      text(ctx, 422, "date " + badDate);
      return;
    }
    String version = report.first("version");
    String platform = report.platform();
    String python = report.pythonVersion();
    UsageEventBuilder event =
        UsageEvent.builder(project.get().id(), KIND, TimeWindow.stored(at, now))
            .language(python == null ? null : "python")
            .languageVersion(python)
            .userId(report.first("user"))
            .status(RunStatus.C)
            .attributes(report.pairs());
    if (version != null && !version.isBlank()) {
      event.version(version);
    }
    if (platform != null) {
      event.platform(platform);
    }
    CompletableFuture<Integer> stored =
        pipeline.submit(ClientAddress.of(ctx), List.of(event.build()));
    ctx.future(() -> stored.thenAccept(n -> text(ctx, 200, "stored")));
  }

  private static void text(Context ctx, int status, String body) {
    ctx.status(status).contentType("text/plain; charset=utf-8").result(body);
  }
}

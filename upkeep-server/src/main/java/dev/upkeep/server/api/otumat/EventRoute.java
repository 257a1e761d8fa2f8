package dev.upkeep.server.api.otumat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UserType;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.InstallTokenException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * otumat's event POST, {@code /otumat/{owner}/{name}/api/usage-event} (PROTOCOLS.md section 3, item
 * 3), with {@code Authorization: Bearer <access token>} and the body otumat 0.3 sends:
 *
 * <pre>{@code
 * {"installId": "in_...", "headers": ["install_id", "event_date", "event_type"],
 *  "rows": [["2024-05-01 10:00:00.123456", "start"], ...]}
 * }</pre>
 *
 * <p>Each row becomes one event of kind {@value #KIND}, status C, at {@code event_date} read as UTC
 * (the server's time if later), with the install's {@code packageVersion} (or {@code unknown}) as
 * version, the install id as user id, {@code [["event_type", type]]} as attributes, and the
 * install's {@code operatingSystem} as platform and {@code platform}/{@code platformVersion} as
 * language. Each event gets an id derived from the install, date, type and its occurrence in the
 * request, so a request resent after a lost answer is not stored twice.
 *
 * <p>Answers, all JSON (otumat parses every error body): 200 {@code {"stored": n}} after the commit
 * (n counts events not stored before), with {@code "rejected": [{"index", "field": "event_date",
 * "reason"}]} when rows dated outside {@link dev.upkeep.server.ingest.TimeWindow} were left out;
 * 422 naming each row when every row was; 401 with {@link InstallTokenException}'s bodies for an
 * expired, unknown or revoked token, a token of another project or another install id; 400 naming
 * the field or {@code rows[i]} for a bad body, nothing of it stored; 404 for an unregistered
 * project; 413 over {@code max-batch-body-bytes}. Thread-safe.
 */
public final class EventRoute implements Handler {
  /** The event kind of an otumat event: {@value}. */
  public static final String KIND = "event";

  private final ProjectRegistry registry;
  private final InstallAccess access;
  private final IngestPipeline pipeline;
  private final Clock clock;
  private final JsonBodies bodies;

  public EventRoute(
      ProjectRegistry registry,
      InstallAccess access,
      IngestPipeline pipeline,
      Clock clock,
      JsonBodies bodies) {
    this.registry = registry;
    this.access = access;
    this.pipeline = pipeline;
    this.clock = clock;
    this.bodies = bodies;
  }

  @Override
  public void handle(Context ctx) {
    String name = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    Project project = registry.require(name);
    Install install = access.authenticate(ctx.header("Authorization"));
    if (install.projectId() != project.id()) {
      throw InstallTokenException.invalid(
          "this access token was issued for another project, not " + name);
    }
    JsonNode body = bodies.object(ctx);
    String installId = JsonBodies.text(body, "installId");
    if (!installId.equals(install.id())) {
      throw InstallTokenException.invalid(
          "installId is not the install this access token was issued to");
    }
    Instant now = clock.instant();
    List<EventRows.Row> decoded = EventRows.decode(body, installId);
    List<Map<String, Object>> refused = EventRows.refusals(decoded, now);
    List<EventRows.Row> rows = EventRows.inWindow(decoded, now);
    if (rows.isEmpty() && !refused.isEmpty()) {
      throw EventRows.allRefused(refused);
    }
    if (rows.isEmpty()) {
      ctx.json(Map.of("stored", 0));
      return;
    }
    List<UsageEvent> events = events(project, install, rows, now);
    CompletableFuture<Integer> stored = pipeline.submit(events);
    ctx.future(
        () ->
            stored.thenAccept(
                n ->
                    ctx.status(200)
                        .json(
                            refused.isEmpty()
                                ? Map.of("stored", n)
                                : EventRows.answer(n, refused))));
  }

  private static List<UsageEvent> events(
      Project project, Install install, List<EventRows.Row> rows, Instant now) {
    Map<String, String> m = install.metadata();
    String version = install.packageVersion() == null ? "unknown" : install.packageVersion();
    String platform = m.getOrDefault("operatingSystem", "unknown");
    String language = m.get("platform") == null ? null : m.get("platform").toLowerCase(Locale.ROOT);
    String languageVersion = m.get("platformVersion");
    Map<String, Integer> seen = new HashMap<>();
    List<UsageEvent> events = new ArrayList<>(rows.size());
    for (EventRows.Row r : rows) {
      String key = r.eventDate() + "\n" + r.eventType();
      int occurrence = seen.merge(key, 1, Integer::sum);
      events.add(
          new UsageEvent(
              eventId(install.id() + "\n" + key + "\n" + occurrence),
              project.id(),
              KIND,
              r.at().isAfter(now) ? now : r.at(),
              version,
              language,
              languageVersion,
              install.id(),
              null,
              UserType.GENERAL,
              platform,
              "unknown",
              false,
              RunStatus.C,
              null,
              null,
              null,
              List.of(Map.entry("event_type", r.eventType()))));
    }
    return events;
  }

  /** {@code ot_} and the URL-safe Base64 SHA-256 of the row's identity. */
  private static String eventId(String identity) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return "ot_" + Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}

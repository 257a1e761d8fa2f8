package dev.upkeep.server.api.otumat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upkeep.server.digest.Sha256;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.ClientAddress;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.TimeWindow;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UsageEventBuilder;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.InstallTokenException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * <p><b>Uploads larger than one commit: accepted in parts.</b> otumat sends its whole cache of
 * events in one request and deletes it only after a 2xx; on anything else it sends the same cache
 * again at its next upload, so a 4xx for size would block it forever (otumat 0.3 with more than 10
 * 000 cached events met exactly that). So every row up to {@link UploadLimits#maxRows()} (setting
 * {@code otumat-max-rows}, default 50 000) is stored: the rows are split into parts of at most
 * {@link UploadLimits#partSize()} events (setting {@code max-batch}), each submitted to the ingest
 * pipeline after the one before is committed, so one upload never holds more than one group
 * commit's room in the queue and other clients' requests interleave with it; the answer comes once
 * every part is committed. Rows past {@code otumat-max-rows} are counted, not stored, and the
 * answer is still 200 with {@code "dropped"}, so that otumat clears its cache: a bounded loss of
 * the oldest-cached overflow is better than an install that can never upload again. If a part fails
 * (queue full: 503; store unavailable), the parts committed before it stay stored; otumat resends
 * the whole cache later and the event ids (derived from install, date, type and occurrence) keep
 * those rows from being stored twice. The body is read as a stream ({@link EventUpload}): memory is
 * bounded by the rows kept, and the body by {@link UploadLimits#maxBodyBytes()} (setting {@code
 * otumat-max-body-bytes}, default 32 MiB: about 700 000 rows as otumat writes them, far more than
 * {@code otumat-max-rows}), so that this route is not cut off by {@code max-batch-body-bytes}.
 *
 * <p>Rows dated outside {@link dev.upkeep.server.ingest.TimeWindow} (1970 to one day after the
 * server's clock) are left out and named, the rest stored; even when every row is, the answer is a
 * 200 (not the 422 of the other protocols), for the same reason: otumat would resend them forever.
 *
 * <p>Answers, all JSON (otumat parses every error body): 200 {@code {"stored": n}} after the last
 * commit (n counts events not stored before), with {@code "dropped": m} added when m rows past
 * {@code otumat-max-rows} were not stored and {@code "rejected": [{"index", "field": "event_date",
 * "reason"}]} when rows dated outside the window were left out; 401 with {@link
 * InstallTokenException}'s bodies for an expired, unknown or revoked token, a token of another
 * project or another install id; 400 naming the field or {@code rows[i]} for a bad body, nothing of
 * it stored; 404 for an unregistered project; 413 over {@code otumat-max-body-bytes}; 503 with
 * {@code Retry-After} when the ingest queue is full. Thread-safe.
 */
public final class EventRoute implements Handler {
  /** The event kind of an otumat event: {@value}. */
  public static final String KIND = "event";

  private final ProjectRegistry registry;
  private final InstallAccess access;
  private final IngestPipeline pipeline;
  private final Clock clock;
  private final UploadLimits limits;

  public EventRoute(
      ProjectRegistry registry,
      InstallAccess access,
      IngestPipeline pipeline,
      Clock clock,
      UploadLimits limits) {
    this.registry = registry;
    this.access = access;
    this.pipeline = pipeline;
    this.clock = clock;
    this.limits = limits;
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
    if (ctx.contentLength() > limits.maxBodyBytes()) {
      throw ApiException.tooLarge(limits.maxBodyBytes());
    }
    EventUpload.Body body;
    try {
      body = EventUpload.read(ctx.req().getInputStream(), limits.maxBodyBytes(), limits.maxRows());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
    ObjectNode id = JsonNodeFactory.instance.objectNode();
    if (body.installId() != null) {
      id.set("installId", body.installId());
    }
    String installId = JsonBodies.text(id, "installId");
    if (!installId.equals(install.id())) {
      throw InstallTokenException.invalid(
          "installId is not the install this access token was issued to");
    }
    if (body.rows() == null) {
      throw ApiException.badRequest(
          "\"rows\" must be an array of rows like [\"2024-05-01 10:00:00.123456\", \"start\"], was"
              + " missing.");
    }
    Instant now = clock.instant();
    List<EventRows.Row> decoded = EventRows.decode(body.headers(), body.rows(), installId);
    List<Map<String, Object>> refused = EventRows.refusals(decoded, now);
    List<EventRows.Row> rows = EventRows.inWindow(decoded, now);
    int dropped = body.dropped();
    if (rows.isEmpty()) {
      ctx.json(answer(0, dropped, refused));
      return;
    }
    List<UsageEvent> events = events(project, install, rows, now);
    CompletableFuture<Integer> stored =
        pipeline.submitInParts(ClientAddress.of(ctx), events, limits.partSize());
    ctx.future(() -> stored.thenAccept(n -> ctx.status(200).json(answer(n, dropped, refused))));
  }

  private static Map<String, Object> answer(
      int stored, int dropped, List<Map<String, Object>> refused) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stored", stored);
    if (dropped > 0) {
      m.put("dropped", dropped);
    }
    if (!refused.isEmpty()) {
      m.put("rejected", refused);
    }
    return m;
  }

  private static List<UsageEvent> events(
      Project project, Install install, List<EventRows.Row> rows, Instant now) {
    Map<String, String> m = install.metadata();
    String language = m.get("platform") == null ? null : m.get("platform").toLowerCase(Locale.ROOT);
    UsageEventBuilder event =
        UsageEvent.builder(project.id(), KIND, now)
            .language(language)
            .languageVersion(m.get("platformVersion"))
            .userId(install.id())
            .status(RunStatus.C);
    if (install.packageVersion() != null) {
      event.version(install.packageVersion());
    }
    if (m.containsKey("operatingSystem")) {
      event.platform(m.get("operatingSystem"));
    }
    Map<String, Integer> seen = new HashMap<>();
    List<UsageEvent> events = new ArrayList<>(rows.size());
    for (EventRows.Row r : rows) {
      String key = r.eventDate() + "\n" + r.eventType();
      int occurrence = seen.merge(key, 1, Integer::sum);
      events.add(
          event
              .eventId(eventId(install.id() + "\n" + key + "\n" + occurrence))
              .timestamp(TimeWindow.stored(r.at(), now))
              .attributes(List.of(Map.entry("event_type", r.eventType())))
              .build());
    }
    return events;
  }

  /** {@code ot_} and the URL-safe Base64 SHA-256 of the row's identity. */
  private static String eventId(String identity) {
    return "ot_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.ofUtf8(identity));
  }
}

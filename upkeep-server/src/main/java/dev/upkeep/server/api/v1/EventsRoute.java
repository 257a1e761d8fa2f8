package dev.upkeep.server.api.v1;

import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.JsonException;
import dev.upkeep.protocol.WireEvent;
import dev.upkeep.protocol.WireFormatException;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.Bodies;
import dev.upkeep.server.http.ClientAddress;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.TimeWindow;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UserType;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.InstallTokenException;
import dev.upkeep.server.projects.IngestKeys;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/events}: a batch of Upkeep events, a JSON array or NDJSON (see {@link
 * EventBatch}), at most {@link EventBatch#MAX_EVENTS} events and {@code max-batch-body-bytes}.
 *
 * <p>A body that is not UTF-8 or not JSON is 400 and a schema problem 422, naming every problem
 * with its event index; nothing of such a batch is stored. Events of unregistered projects and
 * events whose {@code timestamp} is outside {@link TimeWindow} (1970-01-01 to one day after the
 * server's clock) are refused one by one and listed in {@code rejected} as {@code {"index", "id",
 * "field", "reason"}}, the rest stored. When none is left the batch is 422 (some timestamp was
 * refused; {@code detail} names {@code ["body", index, "timestamp"]} of each) or 400 (only
 * unregistered projects). Events are stored once per event id, however often a client resends them.
 * The answer, 200 {@code {"received", "stored", "duplicates", "rejected"}}, comes after the commit.
 * Timestamps later than the server's clock, within the day allowed, are stored as the server's
 * time.
 *
 * <p>The route needs no token. But when the request carries {@code Authorization: Bearer}, the
 * token must be a valid, unexpired install access token (Upkeep's own enrollment, or otumat's) of
 * the project of every event; otherwise the request is 401 with the bodies of {@link
 * InstallTokenException} and nothing is stored. Events are stored as sent either way.
 *
 * <p>A project with an ingest key ({@link IngestKeys}) takes events without an install token only
 * from requests whose {@code X-Upkeep-Ingest-Key} is its key; others are listed in {@code
 * rejected}.
 */
public final class EventsRoute implements Handler {
  private final ProjectRegistry registry;
  private final IngestKeys ingestKeys;
  private final InstallAccess installs;
  private final IngestPipeline pipeline;
  private final Clock clock;
  private final int maxBodyBytes;

  public EventsRoute(
      ProjectRegistry registry,
      IngestKeys ingestKeys,
      InstallAccess installs,
      IngestPipeline pipeline,
      Clock clock,
      int maxBodyBytes) {
    this.registry = registry;
    this.ingestKeys = ingestKeys;
    this.installs = installs;
    this.pipeline = pipeline;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(Context ctx) {
    String authorization = ctx.header("Authorization");
    Install install =
        InstallAccess.isBearer(authorization) ? installs.authenticate(authorization) : null;
    String body = Bodies.utf8(ctx, maxBodyBytes);
    List<WireEvent> batch;
    try {
      batch = EventBatch.decode(body);
    } catch (WireFormatException e) {
      throw ApiException.unprocessable(e.problems());
    } catch (JsonException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (install != null) {
      requireProjectOf(install, batch);
    }
    Instant now = clock.instant();
    List<UsageEvent> events = new ArrayList<>(batch.size());
    List<Map<String, Object>> rejected = new ArrayList<>();
    List<Map<String, Object>> badTimes = new ArrayList<>();
    String ingestKey = ctx.header(IngestKeys.HEADER);
    for (int i = 0; i < batch.size(); i++) {
      WireEvent w = batch.get(i);
      Optional<Project> project = registry.find(w.project());
      String badTime = w.timestamp() == null ? null : TimeWindow.checkEvent(w.timestamp(), now);
      if (project.isEmpty()) {
        rejected.add(
            rejection(i, w, "project", "Project \"" + w.project() + "\" is not registered."));
      } else if (install == null && !ingestKeys.admits(project.get(), ingestKey)) {
        rejected.add(rejection(i, w, "project", IngestKeys.refusal(w.project(), ingestKey)));
      } else if (badTime != null) {
        String reason = "events[" + i + "].timestamp " + badTime;
        rejected.add(rejection(i, w, "timestamp", reason));
        badTimes.add(problem(i, reason));
      } else {
        events.add(toEvent(w, project.get().id(), now));
      }
    }
    if (events.isEmpty() && !badTimes.isEmpty()) {
      throw ApiException.unprocessable(badTimes);
    }
    if (events.isEmpty()) {
      throw ApiException.badRequest(
          "No event was stored: "
              + rejected.get(0).get("reason")
              + " ("
              + rejected.size()
              + " of "
              + batch.size()
              + " events refused)");
    }
    CompletableFuture<Integer> stored = pipeline.submit(ClientAddress.of(ctx), events);
    int received = batch.size();
    ctx.future(
        () ->
            stored.thenAccept(
                n -> {
                  Map<String, Object> out = new LinkedHashMap<>();
                  out.put("received", received);
                  out.put("stored", n);
                  out.put("duplicates", events.size() - n);
                  out.put("rejected", rejected);
                  ctx.status(200).json(out);
                }));
  }

  private static Map<String, Object> rejection(
      int index, WireEvent w, String field, String reason) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("index", index);
    r.put("id", w.id());
    r.put("field", field);
    r.put("reason", reason);
    return r;
  }

  /** A FastAPI-style problem, as the 422s of malformed events. */
  private static Map<String, Object> problem(int index, String msg) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "timestamp_out_of_range");
    p.put("loc", List.of("body", index, "timestamp"));
    p.put("msg", msg);
    return p;
  }

  /** Every event must be of the token's project: 401 naming the first one that is not. */
  private void requireProjectOf(Install install, List<WireEvent> batch) {
    for (int i = 0; i < batch.size(); i++) {
      Optional<Project> p = registry.find(batch.get(i).project());
      if (p.isEmpty() || p.get().id() != install.projectId()) {
        throw InstallTokenException.invalid(
            "events["
                + i
                + "] is of project \""
                + batch.get(i).project()
                + "\", but this access token sends events of another project");
      }
    }
  }

  static UsageEvent toEvent(WireEvent w, long projectId, Instant now) {
    Instant ts = w.timestamp() == null ? now : TimeWindow.stored(w.timestamp(), now);
    return UsageEvent.builder(projectId, w.kind(), ts)
        .eventId(w.id())
        .version(w.version())
        .language(w.language())
        .languageVersion(w.languageVersion())
        .userId(w.userId())
        .sessionId(w.sessionId())
        .userType(UserType.fromWire(w.userType()))
        .platform(w.platform())
        .container(w.container())
        .ci(w.isCi())
        .status(RunStatus.valueOf(w.status()))
        .statusDesc(w.statusDesc())
        .errorType(w.errorType())
        .errorDesc(w.errorDesc())
        .attributes(w.attributes())
        .build();
  }
}

package dev.upkeep.server.api.v1;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.privacy.UserDigest;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.StoredUser;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * What the collector holds about one person, master token: {@code DELETE
 * /v1/users/{user_id}[?project=owner/name]} forgets it ({@link #forget}); {@code GET
 * /v1/users/{user_id}[?project=owner/name]} answers everything stored under that user id, for the
 * operator who must hand it over (the GDPR's right of access), as one JSON document written while
 * it is read:
 *
 * <pre>{@code
 * {"user_id": "...", "project": null | "owner/name", "exported_at": "2026-12-07T10:00:00Z",
 *  "users": [{"project", "first_seen", "platform", "container"}],
 *  "events": [{"project", "event_id", "kind", "timestamp", "version", "language",
 *              "language_version", "session_id", "user_type", "platform", "container", "is_ci",
 *              "status", "status_desc", "error_type", "error_desc", "attributes": [[k, v], ...]}],
 *  "event_count": N}
 * }</pre>
 *
 * Users rows by project name, events by project and time. If the store fails after the first byte
 * the document ends early and does not parse (its status was already 200): the CLI says so. The
 * audit log records {@code privacy.export} with the first 16 hex digits of the user id's SHA-256,
 * never the id. {@code Cache-Control: no-store}. Thread-safe.
 */
public final class UserRoutes {
  private static final JsonFactory JSON = new JsonFactory();

  private final ProjectRegistry registry;
  private final PrivacyStore privacy;
  private final Guard guard;
  private final Clock clock;

  public UserRoutes(ProjectRegistry registry, PrivacyStore privacy, Guard guard, Clock clock) {
    this.registry = registry;
    this.privacy = privacy;
    this.guard = guard;
    this.clock = clock;
  }

  /**
   * {@code DELETE /v1/users/{user_id}[?project=owner/name]}: removes everything stored under the
   * user id ({@link PrivacyStore#forget}) and answers what was removed: {@code {"user": "sha256:<16
   * hex>", "project", "events", "users", "days"}} (the id itself is not repeated). The audit log
   * records {@code privacy.forget} with the same digest and the counts.
   */
  public void forget(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String userId = userId(ctx);
    String project = ctx.queryParam("project");
    Long projectId = project == null ? null : registry.require(project).id();
    PrivacyStore.Forgotten f = privacy.forget(userId, projectId);
    String who = UserDigest.audited(userId);
    actor.did(
        "privacy.forget",
        who
            + (project == null ? "" : " of " + project)
            + ": "
            + f.events()
            + " events, "
            + f.users()
            + " users rows, "
            + f.days()
            + " days recomputed");
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("user", UserDigest.of(userId));
    out.put("project", project);
    out.put("events", f.events());
    out.put("users", f.users());
    out.put("days", f.days());
    ctx.json(out);
  }

  private static String userId(Context ctx) {
    String userId = ctx.pathParam("user_id");
    if (userId.isBlank() || userId.length() > 64) {
      throw ApiException.badRequest("A user id is 1 to 64 characters, as events carry it.");
    }
    return userId;
  }

  /** {@code GET /v1/users/{user_id}[?project=owner/name]}. */
  public void export(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String userId = userId(ctx);
    String project = ctx.queryParam("project");
    Long projectId = project == null ? null : registry.require(project).id();
    ctx.contentType("application/json");
    ctx.header("Cache-Control", "no-store");
    try (JsonGenerator g = JSON.createGenerator(ctx.outputStream())) {
      g.writeStartObject();
      g.writeStringField("user_id", userId);
      g.writeStringField("project", project);
      g.writeStringField("exported_at", clock.instant().toString());
      Document document = new Document(g);
      document.finish(privacy.export(userId, projectId, document));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    actor.did(
        "privacy.export", UserDigest.audited(userId) + (project == null ? "" : " of " + project));
  }

  private static void writeEvent(JsonGenerator g, String project, UsageEvent e) throws IOException {
    g.writeStartObject();
    g.writeStringField("project", project);
    g.writeStringField("event_id", e.eventId());
    g.writeStringField("kind", e.kind());
    g.writeStringField("timestamp", e.timestamp().toString());
    g.writeStringField("version", e.version());
    g.writeStringField("language", e.language());
    g.writeStringField("language_version", e.languageVersion());
    g.writeStringField("session_id", e.sessionId());
    g.writeStringField("user_type", e.userType().wireName());
    g.writeStringField("platform", e.platform());
    g.writeStringField("container", e.container());
    g.writeBooleanField("is_ci", e.ci());
    g.writeStringField("status", e.status().name());
    g.writeStringField("status_desc", e.statusDesc());
    g.writeStringField("error_type", e.errorType());
    g.writeStringField("error_desc", e.errorDesc());
    g.writeArrayFieldStart("attributes");
    for (Map.Entry<String, String> a : e.attributes()) {
      g.writeStartArray();
      g.writeString(a.getKey());
      g.writeString(a.getValue());
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * Writes an export's {@code "users"} and then its {@code "events"} as the store hands them over;
   * an event's project is named from the users rows (every event with a user id has one).
   */
  private static final class Document implements PrivacyStore.UserData {
    private final JsonGenerator g;
    private final Map<Long, String> names = new HashMap<>();
    private boolean inEvents;

    Document(JsonGenerator g) throws IOException {
      this.g = g;
      g.writeArrayFieldStart("users");
    }

    @Override
    public void user(StoredUser u) {
      names.put(u.projectId(), u.project());
      try {
        g.writeStartObject();
        g.writeStringField("project", u.project());
        g.writeStringField("first_seen", u.firstSeen().toString());
        g.writeStringField("platform", u.platform());
        g.writeStringField("container", u.container());
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void event(UsageEvent e) {
      try {
        startEvents();
        writeEvent(g, names.getOrDefault(e.projectId(), "#" + e.projectId()), e);
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    }

    private void startEvents() throws IOException {
      if (!inEvents) {
        g.writeEndArray();
        g.writeArrayFieldStart("events");
        inEvents = true;
      }
    }

    /** Closes the lists and the document with its {@code event_count}. */
    void finish(long events) throws IOException {
      startEvents();
      g.writeEndArray();
      g.writeNumberField("event_count", events);
      g.writeEndObject();
    }
  }
}

package dev.upkeep.server.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.InstallTokenException;
import dev.upkeep.server.privacy.UserDigest;
import dev.upkeep.server.projects.IngestKeys;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.PrivacyStore.ForgetRequest;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/projects/{owner}/{name}/forget} with {@code {"user_id": "..."}}: a person's own
 * request, sent by their client when they turn telemetry off ({@code
 * UpkeepClient.Builder.forgetOnDisable}), to forget what the project holds under their user id. It
 * takes the credentials that may send the project events ({@link EventsRoute}): none for a project
 * without an ingest key, else its key in {@code X-Upkeep-Ingest-Key} or an access token of one of
 * its enrolled installs, which is then revoked (the install left). Anyone who may send a user's
 * events may so ask to remove them; the user id is the secret.
 *
 * <p>Answered 202 {@code {"user": "sha256:<16 hex>", "project", "queued": true|false}} ({@code
 * false}: it was waiting already) once the request is stored ({@link PrivacyStore#requestForget});
 * the collector's hourly maintenance carries it out ({@link
 * dev.upkeep.server.privacy.ForgetRequests}). 400 for a body without a user id of 1 to 64
 * characters, 404 for an unknown project, 401 for missing or wrong credentials (an install token's
 * with otumat's bodies, {@link InstallTokenException}), 503 while {@value
 * PrivacyStore#MAX_FORGET_REQUESTS} requests wait. Thread-safe.
 */
public final class ForgetRoute implements Handler {
  private final ProjectRegistry registry;
  private final IngestKeys ingestKeys;
  private final InstallAccess installAccess;
  private final InstallStore installs;
  private final PrivacyStore privacy;
  private final JsonBodies bodies;
  private final Clock clock;

  public ForgetRoute(
      ProjectRegistry registry,
      IngestKeys ingestKeys,
      InstallAccess installAccess,
      InstallStore installs,
      PrivacyStore privacy,
      JsonBodies bodies,
      Clock clock) {
    this.registry = registry;
    this.ingestKeys = ingestKeys;
    this.installAccess = installAccess;
    this.installs = installs;
    this.privacy = privacy;
    this.bodies = bodies;
    this.clock = clock;
  }

  @Override
  public void handle(Context ctx) {
    String name = ProjectRoutes.projectName(ctx);
    Project project = registry.require(name);
    String authorization = ctx.header("Authorization");
    Install install = null;
    if (InstallAccess.isBearer(authorization)) {
      install = installAccess.authenticate(authorization);
      if (install.projectId() != project.id()) {
        throw InstallTokenException.invalid(
            "this access token is of another project than \"" + name + "\"");
      }
    } else {
      String key = ctx.header(IngestKeys.HEADER);
      if (!ingestKeys.admits(project, key)) {
        throw ApiException.unauthorized(IngestKeys.refusal(name, key));
      }
    }
    JsonNode body = bodies.object(ctx);
    String userId = JsonBodies.text(body, "user_id");
    if (userId.length() > 64) {
      throw ApiException.badRequest("Field \"user_id\" is 1 to 64 characters, as events carry it.");
    }
    Instant now = clock.instant();
    PrivacyStore.Queued queued =
        privacy.requestForget(new ForgetRequest(project.id(), userId, now));
    if (queued == PrivacyStore.Queued.FULL) {
      throw ApiException.of(
          503,
          "forget_queue_full",
          "Too many requests to forget users are waiting; ask again in an hour.");
    }
    if (install != null) {
      installs.revoke(install.id(), now);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", UserDigest.of(userId));
    out.put("project", name);
    out.put("queued", queued == PrivacyStore.Queued.NEW);
    ctx.status(202).json(out);
  }
}

package dev.upkeep.server.api.v1;

import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.releasehealth.HealthJson;
import dev.upkeep.server.releasehealth.HealthReader;
import dev.upkeep.server.releasehealth.ReleaseHealth;
import dev.upkeep.server.releasehealth.VersionHealth;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.versions.VersionCheck;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/projects/{owner}/{name}/health[?version=V][&days=N]}: the project's {@link
 * ReleaseHealth} over the last {@code days} UTC days (default {@value ReleaseHealth#DEFAULT_DAYS},
 * 1 to 366) as {@link HealthJson} writes it; with {@code version}, that version alone (404 when it
 * had no events in the window). Needs the master token or a token of the project, like the usage
 * questions other than counts. Thread-safe.
 */
final class HealthRoute implements Handler {
  private final ProjectRegistry registry;
  private final VersionCheck versions;
  private final HealthReader reader;
  private final Guard guard;

  HealthRoute(ProjectRegistry registry, VersionCheck versions, HealthReader reader, Guard guard) {
    this.registry = registry;
    this.versions = versions;
    this.reader = reader;
    this.guard = guard;
  }

  @Override
  public void handle(Context ctx) {
    String name = ProjectRoutes.projectName(ctx);
    Optional<Project> found = registry.find(name);
    guard.requireUsage(ctx, name, found, false);
    Project project = found.orElseGet(() -> registry.require(name));
    int days = days(ctx.queryParam("days"));
    ReleaseHealth health = reader.read(project, versions.versions(name), days);
    String version = ctx.queryParam("version");
    List<VersionHealth> shown = health.versions();
    if (version != null) {
      shown =
          List.of(
              health
                  .version(version)
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              "Version \""
                                  + version
                                  + "\" of "
                                  + name
                                  + " has no events in the last "
                                  + days
                                  + " days.")));
    }
    ctx.json(HealthJson.of(health, shown));
  }

  private static int days(String text) {
    if (text == null) {
      return ReleaseHealth.DEFAULT_DAYS;
    }
    try {
      int days = Integer.parseInt(text);
      if (days >= 1 && days <= 366) {
        return days;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(
        "days must be a whole number from 1 to 366, was \"" + text + "\"");
  }
}

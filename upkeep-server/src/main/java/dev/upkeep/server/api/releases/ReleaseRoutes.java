package dev.upkeep.server.api.releases;

import dev.upkeep.archive.BlobId;
import dev.upkeep.archive.RecordYaml;
import dev.upkeep.archive.ReleaseFile;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.VersionExpression;
import dev.upkeep.archive.Workspace;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.blobs.BlobStore;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.Bodies;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.HostedRelease;
import dev.upkeep.server.store.NewRelease;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ReleaseStore;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The release records the collector hosts (issue 16), under {@code
 * /v1/releases/{workspace}/{title}}: list, read, publish, yank, and count a completed pull
 * (docs/api.md, "Releases"). Records travel as rmellipse's YAML ({@code application/yaml}), exactly
 * as a file-system archive stores them; their blobs travel through {@link BlobRoutes}.
 *
 * <p>Each title belongs to the registered project its first release was published under, whose
 * visibility decides who reads it: anyone when public, else a token of the project or the master
 * token; to anyone else its releases are not there (an empty list, 404). Publishing and yanking
 * take a publish token of that project or the master token. A record is published atomically, and
 * only when every blob it names is stored and readable by its project: the 422 answer lists each
 * one missing.
 */
public final class ReleaseRoutes {
  /** The largest record taken, in bytes: {@value} (a tree of about 200 000 files). */
  static final int MAX_RECORD_BYTES = RecordYaml.MAX_RECORD_CHARS;

  private static final String YAML = "application/yaml; charset=utf-8";

  private final ReleaseStore releases;
  private final BlobStore blobs;
  private final ProjectRegistry registry;
  private final Guard guard;
  private final JsonBodies bodies;
  private final Clock clock;

  public ReleaseRoutes(
      ReleaseStore releases,
      BlobStore blobs,
      ProjectRegistry registry,
      Guard guard,
      JsonBodies bodies,
      Clock clock) {
    this.releases = releases;
    this.blobs = blobs;
    this.registry = registry;
    this.guard = guard;
    this.bodies = bodies;
    this.clock = clock;
  }

  /**
   * {@code GET /v1/releases/{workspace}/{title}[?constraint=EXPR]}: the releases the caller may
   * read, oldest first by SemVer precedence, each as {@link #describe}; {@code constraint} is a
   * version expression ({@code >=1.0.0, <2.0.0}). An unknown title answers an empty list.
   */
  public void list(Context ctx) {
    String workspace = workspace(ctx);
    Title title = title(ctx);
    VersionExpression constraint = null;
    String c = ctx.queryParam("constraint");
    if (c != null && !c.isBlank()) {
      try {
        constraint = VersionExpression.parse(c);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("constraint: " + e.getMessage());
      }
    }
    Optional<Project> owner = readableOwner(ctx, workspace, title);
    List<Map<String, Object>> out = new ArrayList<>();
    if (owner.isPresent()) {
      List<HostedRelease> all = new ArrayList<>(releases.list(workspace, title.value()));
      all.sort(Comparator.comparing(r -> ReleaseVersion.of(r.version())));
      for (HostedRelease r : all) {
        if (constraint == null || constraint.matches(ReleaseVersion.of(r.version()))) {
          out.add(describe(r));
        }
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspace", workspace);
    body.put("title", title.value());
    body.put("project", owner.map(Project::name).orElse(null));
    body.put("releases", out);
    ctx.json(body);
  }

  /** {@code GET /v1/releases/{workspace}/{title}/{version}}: the record, as rmellipse's YAML. */
  public void read(Context ctx) {
    HostedRelease release = readable(ctx);
    String record =
        releases
            .record(release.id())
            .orElseThrow(() -> ApiException.notFound("release " + release.version() + " is gone"));
    ctx.header("Upkeep-Project", release.project());
    ctx.contentType(YAML);
    ctx.result(record);
  }

  /**
   * {@code PUT /v1/releases/{workspace}/{title}/{version}[?project=OWNER/NAME]}: publishes the
   * record in the body (rmellipse's YAML) under the title's project: the one that holds the title,
   * else {@code project}, else the registered project whose name (after the owner) is the title.
   * 201 with the release as {@link #describe}; 400 for a record that is not valid or names another
   * release; 403 when the token does not publish that project or the title is another project's;
   * 409 when the version exists; 422 listing each blob missing.
   */
  public void publish(Context ctx) throws IOException {
    Guard.Publisher publisher = guard.requirePublisher(ctx);
    ReleaseId id = id(ctx);
    Optional<Project> owner = releases.owner(id.workspace(), id.title().value());
    Project project = projectFor(ctx.queryParam("project"), id, owner);
    publisher.of(project.name());
    ReleaseRecord record = body(ctx, id);
    Map<BlobId, Boolean> held = new HashMap<>();
    List<Map<String, Object>> missing = new ArrayList<>();
    long bytes = 0;
    for (ReleaseFile f : record.files()) {
      bytes += f.bytes();
      Boolean here = held.get(f.blob());
      if (here == null) {
        here = held(f, project, publisher.master());
        held.put(f.blob(), here);
      }
      if (!here) {
        missing.add(
            Map.of(
                "type",
                "missing_blob",
                "loc",
                List.of("project", f.path()),
                "msg",
                "blob " + f.blob().hex() + " of " + f.path() + " is not stored; upload it first"));
      }
    }
    if (!missing.isEmpty()) {
      throw ApiException.unprocessable(missing);
    }
    NewRelease release =
        new NewRelease(
            project.id(),
            id.workspace(),
            id.title().value(),
            id.version().toString(),
            RecordYaml.write(record),
            record.files().size(),
            bytes,
            record.signature().isPresent(),
            held.keySet().stream().map(BlobId::hex).collect(Collectors.toSet()),
            clock.instant());
    switch (releases.publish(release)) {
      case EXISTS ->
          throw ApiException.conflict(
              "release " + id + " is already published; versions are final");
      case TITLE_TAKEN -> throw titleTaken(id, releases.owner(id.workspace(), id.title().value()));
      case PUBLISHED -> {}
    }
    publisher.actor().did("release.publish", project.name() + " " + id);
    ctx.status(201);
    ctx.json(
        describe(
            releases
                .find(id.workspace(), id.title().value(), id.version().toString())
                .orElseThrow()));
  }

  /**
   * {@code POST /v1/releases/{workspace}/{title}/{version}/yank {"reason": "…"}}: marks the release
   * yanked, keeping every other field of its record; answers the yanked record as YAML. A publish
   * token of its project or the master token.
   */
  public void yank(Context ctx) throws IOException {
    Guard.Publisher publisher = guard.requirePublisher(ctx);
    ReleaseId id = id(ctx);
    HostedRelease release =
        releases
            .find(id.workspace(), id.title().value(), id.version().toString())
            .orElseThrow(() -> ApiException.notFound("release " + id + " is not published here"));
    publisher.of(release.project());
    String reason = JsonBodies.text(bodies.object(ctx), "reason").strip();
    String stored = releases.record(release.id()).orElseThrow();
    Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String yaml =
        RecordYaml.write(
            RecordYaml.read(
                    new ByteArrayInputStream(stored.getBytes(StandardCharsets.UTF_8)),
                    id.workspace(),
                    "release " + id)
                .yanked(reason, at));
    releases.yank(release.id(), yaml, reason, at);
    publisher.actor().did("release.yank", release.project() + " " + id);
    ctx.contentType(YAML);
    ctx.result(yaml);
  }

  /**
   * {@code POST /v1/releases/{workspace}/{title}/{version}/downloads}: counts one completed pull of
   * the release for today (UTC), with nothing of who pulled; 204. Same access as reading it.
   */
  public void downloaded(Context ctx) {
    HostedRelease release = readable(ctx);
    releases.countDownload(release.id(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    ctx.status(204);
  }

  /**
   * A release as listed: {@code workspace}, {@code title}, {@code version}, {@code project}, {@code
   * published_at}, {@code files}, {@code bytes}, {@code signed}, {@code yanked} ({@code {"reason",
   * "at"}} or null).
   */
  static Map<String, Object> describe(HostedRelease r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workspace", r.workspace());
    m.put("title", r.title());
    m.put("version", r.version());
    m.put("project", r.project());
    m.put("published_at", r.publishedAt().toString());
    m.put("files", r.files());
    m.put("bytes", r.bytes());
    m.put("signed", r.signed());
    m.put(
        "yanked",
        r.yanked() ? Map.of("reason", r.yankReason(), "at", r.yankedAt().toString()) : null);
    return m;
  }

  /** The release of the path, if the caller may read it; else 404, whether it exists or not. */
  private HostedRelease readable(Context ctx) {
    ReleaseId id = id(ctx);
    return readableOwner(ctx, id.workspace(), id.title())
        .flatMap(p -> releases.find(id.workspace(), id.title().value(), id.version().toString()))
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "release "
                        + id
                        + " is not published here"
                        + (ctx.header("Authorization") == null
                            ? " (or its project is private: send a token of it)"
                            : "")));
  }

  private Optional<Project> readableOwner(Context ctx, String workspace, Title title) {
    return releases.owner(workspace, title.value()).filter(p -> guard.mayRead(ctx, p));
  }

  /** Whether a blob is stored and, unless the master token publishes, readable by the project. */
  private boolean held(ReleaseFile f, Project project, boolean master) throws IOException {
    if (blobs.size(f.blob()).isEmpty()) {
      return false;
    }
    return master
        || releases.blobReaders(f.blob().hex()).stream()
            .anyMatch(p -> p.id() == project.id() || p.isPublic());
  }

  private Project projectFor(String requested, ReleaseId id, Optional<Project> owner) {
    if (requested != null && !requested.isBlank()) {
      Project p = registry.require(requested.strip());
      if (owner.isPresent() && owner.get().id() != p.id()) {
        throw titleTaken(id, owner);
      }
      return p;
    }
    if (owner.isPresent()) {
      return owner.get();
    }
    List<Project> named =
        registry.list().stream().filter(p -> id.title().equals(titleOf(p.name()))).toList();
    if (named.size() == 1) {
      return named.get(0);
    }
    throw ApiException.badRequest(
        named.isEmpty()
            ? "no registered project is named "
                + id.title()
                + ": name the project the release belongs to (--project OWNER/NAME)"
            : "projects "
                + String.join(", ", named.stream().map(Project::name).toList())
                + " are all named "
                + id.title()
                + ": name the one the release belongs to (--project OWNER/NAME)");
  }

  /** The title a project's name stands for: its part after the owner, normalised; null if none. */
  private static Title titleOf(String projectName) {
    try {
      return Title.of(projectName.substring(projectName.indexOf('/') + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ApiException titleTaken(ReleaseId id, Optional<Project> owner) {
    return ApiException.forbidden(
        "title "
            + id.title()
            + " in workspace "
            + id.workspace()
            + " belongs to project "
            + owner.map(Project::name).orElse("(another)")
            + "; publish it with a publish token of that project");
  }

  private static ReleaseRecord body(Context ctx, ReleaseId id) throws IOException {
    byte[] body = Bodies.read(ctx, MAX_RECORD_BYTES);
    ReleaseRecord record;
    try {
      record = RecordYaml.read(new ByteArrayInputStream(body), id.workspace(), "the record sent");
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (!record.id().equals(id)) {
      throw ApiException.badRequest(
          "the record sent is release " + record.id() + ", not " + id + " as the path says");
    }
    return record;
  }

  private static ReleaseId id(Context ctx) {
    String version = ctx.pathParam("version");
    try {
      return new ReleaseId(workspace(ctx), title(ctx), ReleaseVersion.of(version));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("version: " + e.getMessage());
    }
  }

  private static String workspace(Context ctx) {
    try {
      return Workspace.check(ctx.pathParam("workspace"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("workspace: " + e.getMessage());
    }
  }

  private static Title title(Context ctx) {
    try {
      return Title.of(ctx.pathParam("title"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}

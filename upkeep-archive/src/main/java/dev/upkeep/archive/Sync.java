package dev.upkeep.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code upkeep release sync}: brings a project's required releases into place, as rmellipse's
 * {@code sync} does, and better.
 *
 * <ol>
 *   <li>Reads {@code requires-releases} of {@code rmeproject.yml} and of the workflow file.
 *   <li>Resolves them transitively ({@link Resolver}), keeping the versions of the lock file
 *       ({@code <workflow>.lock}) that still satisfy them, unless asked to update.
 *   <li>Pulls each release into the user cache ({@code <cache>/<sha1(archive)>/<workspace>/
 *       <title>-v<version>/}), verified and resumable ({@link Releases#pull}); a release already
 *       there complete is not fetched again.
 *   <li>Links them into the project's {@code data_env/} ({@link DataEnv}) and writes the lock.
 * </ol>
 *
 * Not thread-safe; one per sync.
 */
public final class Sync {
  private final Releases releases;
  private final String host;
  private final Path cache;

  /**
   * @param releases the engine on the archive releases come from
   * @param host the archive as the user named it, written in the lock ({@code host})
   * @param cache the user cache of pulled releases
   */
  public Sync(Releases releases, String host, Path cache) {
    this.releases = Objects.requireNonNull(releases, "releases");
    this.host = Objects.requireNonNull(host, "host");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /**
   * What a sync did.
   *
   * @param lock the lock file written
   * @param releases each release synced and the directory it was pulled into
   */
  public record Result(Path lock, Map<ReleaseRecord, Path> releases) {}

  /**
   * Syncs {@code project}.
   *
   * @param workflow the workflow file; {@code null} for the project's only {@code *.rme.yml}, or
   *     {@code rmeproject.yml} alone when it has none
   * @param update resolve afresh, ignoring the lock
   * @throws ResolutionException when no set of releases satisfies every requirement
   * @throws IOException when the project file is missing, or a release cannot be pulled
   */
  public Result run(Path project, Path workflow, boolean update) throws IOException {
    Path projectFile = project.resolve(ProjectFiles.PROJECT_FILE);
    if (!Files.isRegularFile(projectFile)) {
      throw new NoSuchFileException(
          projectFile.toString(),
          null,
          "no " + ProjectFiles.PROJECT_FILE + "; is this an rmellipse project?");
    }
    Path workflowFile =
        workflow == null
            ? ProjectFiles.onlyWorkflow(project)
            : ProjectFiles.workflowFile(project, workflow);
    List<Resolver.Demand> demands = new ArrayList<>(ProjectFiles.requirements(projectFile));
    if (workflowFile != null) {
      demands.addAll(ProjectFiles.requirements(workflowFile));
    }
    Path lock = LockFile.of(workflowFile != null ? workflowFile : projectFile);
    Map<Resolver.Key, ReleaseVersion> locked = new LinkedHashMap<>();
    if (!update) {
      for (LockFile.Entry e : LockFile.read(lock)) {
        if (e.host().equals(host)) {
          locked.put(new Resolver.Key(e.id().workspace(), e.id().title()), e.id().version());
        }
      }
    }
    Resolver.Resolution resolution = new Resolver(releases).resolve(demands, locked);

    Map<ReleaseRecord, Path> pulled = new LinkedHashMap<>();
    Map<ReleaseRecord, List<String>> requiredBy = new LinkedHashMap<>();
    for (Map.Entry<Resolver.Key, ReleaseRecord> e : resolution.releases().entrySet()) {
      ReleaseRecord record = e.getValue();
      Path into = cacheDir(record.id());
      releases.pull(record, into);
      pulled.put(record, into);
      List<String> who = new ArrayList<>();
      for (Resolver.Demand d : resolution.demands().get(e.getKey())) {
        who.add(d.requester() + " (" + d.requirement() + ")");
      }
      requiredBy.put(record, who);
    }
    DataEnv.link(project, pulled, TransferListener.NONE);
    LockFile.write(lock, host, requiredBy);
    return new Result(lock, pulled);
  }

  /**
   * The archive a project uses when none is given: the one its {@code rme.yml} (or the user's
   * {@code ~/.rmellipse/rme.yml}) marks {@code default: true}, as written there (a relative path is
   * relative to the project, as rmellipse reads it).
   */
  public static Optional<String> defaultArchive(Path project) throws IOException {
    return RmeSettings.defaultArchive(project, Path.of(System.getProperty("user.home")))
        .map(RmeSettings.Entry::host);
  }

  /** Where a release is pulled in the cache. */
  public Path cacheDir(ReleaseId id) {
    return cache
        .resolve(sha1(host))
        .resolve(Workspace.check(id.workspace()))
        .resolve(id.versionedTitle());
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }
}

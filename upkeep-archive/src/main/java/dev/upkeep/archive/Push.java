package dev.upkeep.archive;

import dev.upkeep.signing.Keys;
import dev.upkeep.signing.Signatures;
import dev.upkeep.signing.TreeHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One push: select, hash, upload what the archive lacks, publish. */
final class Push {
  private static final int BUFFER = 1 << 16;

  private final Releases engine;
  private final Archive archive;
  private final TransferListener listener;

  Push(Releases engine, Archive archive, TransferListener listener) {
    this.engine = engine;
    this.archive = archive;
    this.listener = listener;
  }

  private record Hashed(Selection.Entry entry, long size, BlobId blob, String gitBlob) {}

  ReleaseRecord run(Path dir, ReleaseId id, FileSelection selection, PrivateKey key)
      throws IOException {
    if (archive.read(id).isPresent()) {
      throw new ReleaseExistsException(id, archive.describe());
    }
    Selection selected = selection.select(dir);
    selected.warnings().forEach(listener::warning);
    List<Hashed> hashed = hash(selected, key != null);

    ReleaseRecord.Builder builder = ReleaseRecord.builder(id);
    for (Hashed h : hashed) {
      builder.file(ReleaseFile.of(h.entry().path(), h.blob(), h.size()));
    }
    selected.directories().forEach(builder::directory);
    describeProject(dir, builder);
    if (key != null) {
      Map<String, String> gitBlobs = new LinkedHashMap<>();
      hashed.forEach(h -> gitBlobs.put(h.entry().path(), h.gitBlob()));
      String treeHash = TreeHash.ofGitBlobs(gitBlobs).hex();
      builder.signed(
          treeHash, Signatures.sign(key, treeHash), Keys.fingerprint(Keys.publicOf(key)));
    }
    ReleaseRecord record = builder.build();

    upload(id, hashed);
    archive.publish(record);
    return record;
  }

  /**
   * rmellipse's project metadata: {@code requires-releases} of {@code rmeproject.yml} and of the
   * workflow file become the record's {@code requirements}, the workflow's {@code datasets} its
   * datasets — when the directory has exactly one {@code *.rme.yml}.
   */
  private void describeProject(Path dir, ReleaseRecord.Builder builder) throws IOException {
    List<Resolver.Demand> demands = new ArrayList<>();
    Path projectFile = dir.resolve(ProjectFiles.PROJECT_FILE);
    if (Files.isRegularFile(projectFile)) {
      demands.addAll(ProjectFiles.requirements(projectFile));
    }
    Path workflow;
    try {
      workflow = ProjectFiles.onlyWorkflow(dir);
    } catch (IllegalArgumentException several) {
      listener.warning(
          several.getMessage().replace("; name one with --workflow", "")
              + "; the release takes its requirements from "
              + ProjectFiles.PROJECT_FILE
              + " only");
      workflow = null;
    }
    if (workflow != null) {
      demands.addAll(ProjectFiles.requirements(workflow));
      ProjectFiles.datasets(workflow).forEach(builder::dataset);
      builder.workflow(new LinkedHashMap<>(), workflow.getFileName().toString());
    }
    demands.stream().map(d -> d.requirement().toString()).distinct().forEach(builder::requirement);
  }

  /**
   * Hashes every file; with {@code git}, its git blob id too (for a signed release's tree hash).
   */
  private List<Hashed> hash(Selection selected, boolean git) throws IOException {
    long total = 0;
    List<Parallel.Task<Hashed>> tasks = new ArrayList<>();
    for (Selection.Entry e : selected.files()) {
      long size = Files.size(e.file());
      total += size;
      tasks.add(() -> hash(e, size, git));
    }
    listener.started("hash", tasks.size(), total);
    try {
      return Parallel.run(engine.threads(), tasks);
    } finally {
      listener.finished();
    }
  }

  private Hashed hash(Selection.Entry e, long size, boolean git) throws IOException {
    BlobDigest digest = new BlobDigest(git ? size : -1);
    try (InputStream in = Files.newInputStream(e.file())) {
      byte[] buffer = new byte[BUFFER];
      boolean first = true;
      for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
        if (first) {
          first = false;
          warnIfPrivateKey(e.path(), buffer, n);
        }
        digest.update(buffer, 0, n);
        listener.advanced(0, n);
      }
    } catch (IOException x) {
      throw new IOException(e.path() + ": cannot read it (" + x.getMessage() + ")", x);
    }
    if (digest.count() != size) {
      throw new IOException(
          e.path()
              + ": changed while it was hashed ("
              + size
              + " bytes, then "
              + digest.count()
              + "); push again when it is quiet");
    }
    listener.advanced(1, 0);
    return new Hashed(e, size, digest.blob(), git ? digest.gitBlob() : null);
  }

  private void warnIfPrivateKey(String path, byte[] head, int n) {
    String text = new String(head, 0, Math.min(n, 4096), StandardCharsets.ISO_8859_1);
    if (text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----")) {
      listener.warning(
          path + " holds a private key and will be published; exclude it unless that is meant");
    }
  }

  private void upload(ReleaseId id, List<Hashed> hashed) throws IOException {
    Map<BlobId, Hashed> unique = new LinkedHashMap<>();
    for (Hashed h : hashed) {
      unique.putIfAbsent(h.blob(), h);
    }
    List<Parallel.Task<Void>> tasks = new ArrayList<>();
    long total = 0;
    for (Hashed h : unique.values()) {
      total += h.size();
      tasks.add(() -> upload(id, h));
    }
    listener.started("push", tasks.size(), total);
    try {
      Parallel.run(engine.threads(), tasks);
    } finally {
      listener.finished();
    }
  }

  private Void upload(ReleaseId id, Hashed h) throws IOException {
    if (!archive.has(id, h.blob())) {
      try (InputStream in = new CountingInput(Files.newInputStream(h.entry().file()), listener)) {
        archive.put(id, h.blob(), h.size(), in);
      } catch (ArchiveException e) {
        throw new ArchiveException(h.entry().path() + ": " + e.getMessage(), e);
      }
    } else {
      listener.advanced(0, h.size());
    }
    listener.advanced(1, 0);
    return null;
  }
}

package dev.upkeep.archive;

import dev.upkeep.signing.Keys;
import dev.upkeep.signing.Signatures;
import dev.upkeep.signing.TreeHash;
import dev.upkeep.signing.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One verification of a release in its archive. */
final class Verify {
  private final Releases engine;
  private final Archive archive;
  private final TransferListener listener;

  Verify(Releases engine, Archive archive, TransferListener listener) {
    this.engine = engine;
    this.archive = archive;
    this.listener = listener;
  }

  /** A blob's check: its git id when right, else the problem. */
  private record Checked(String gitBlob, String problem) {}

  String run(ReleaseRecord record, PublicKey key) throws IOException {
    ReleaseId id = record.id();
    Map<BlobId, ReleaseFile> unique = new LinkedHashMap<>();
    long total = 0;
    for (ReleaseFile f : record.files()) {
      if (unique.putIfAbsent(f.blob(), f) == null) {
        total += f.bytes();
      }
    }
    List<Parallel.Task<Checked>> tasks = new ArrayList<>();
    List<BlobId> order = new ArrayList<>(unique.keySet());
    for (BlobId b : order) {
      tasks.add(() -> check(id, unique.get(b), record.treeHash().isPresent()));
    }
    listener.started("verify", order.size(), total);
    List<Checked> checked;
    try {
      checked = Parallel.run(engine.threads(), tasks);
    } finally {
      listener.finished();
    }
    Map<BlobId, Checked> byBlob = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      byBlob.put(order.get(i), checked.get(i));
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> gitBlobs = new LinkedHashMap<>();
    for (ReleaseFile f : record.files()) {
      Checked c = byBlob.get(f.blob());
      if (c.problem() != null) {
        problems.add(f.path() + " (" + f.blob().abbreviated() + "): " + c.problem());
      } else {
        gitBlobs.put(f.path(), c.gitBlob());
      }
    }
    Collections.sort(problems);
    String treeHash = record.treeHash().orElse(null);
    if (problems.isEmpty() && treeHash != null) {
      String actual = TreeHash.ofGitBlobs(gitBlobs).hex();
      if (!actual.equals(treeHash)) {
        problems.add("the files' tree hash is " + actual + ", the record says " + treeHash);
      }
    }
    String signed = "";
    if (key != null) {
      if (record.signature().isEmpty() || treeHash == null) {
        problems.add("the release is not signed; it was pushed without --key");
      } else {
        Verdict verdict = Signatures.verify(key, treeHash, record.signature().get());
        if (!verdict.valid()) {
          problems.add("signature: " + verdict.message());
        } else {
          signed = ", signature by " + Keys.fingerprint(key) + " valid";
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ArchiveException(
          "release "
              + id
              + " in "
              + archive.describe()
              + " failed verification: "
              + String.join("; ", problems));
    }
    return "release "
        + id
        + ": "
        + record.files().size()
        + " files verified (size and SHA-256)"
        + (treeHash == null ? "" : ", tree hash " + treeHash)
        + signed;
  }

  /** Checks one blob; with {@code git}, computes its git blob id for the tree hash. */
  private Checked check(ReleaseId id, ReleaseFile f, boolean git) throws IOException {
    BlobDigest digest = new BlobDigest(git ? f.bytes() : -1);
    try (InputStream in = archive.get(id, f.blob(), 0)) {
      digest.readAll(in, listener);
    } catch (BlobNotFoundException e) {
      return new Checked(null, "blob is missing");
    } finally {
      listener.advanced(1, 0);
    }
    if (digest.count() != f.bytes()) {
      return new Checked(
          null, "blob has " + digest.count() + " bytes, the record says " + f.bytes());
    }
    if (!digest.blob().equals(f.blob())) {
      return new Checked(
          null, "blob's bytes changed: their SHA-256 is " + digest.blob().abbreviated());
    }
    return new Checked(git ? digest.gitBlob() : null, null);
  }
}

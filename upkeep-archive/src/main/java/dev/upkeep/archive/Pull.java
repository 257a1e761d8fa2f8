package dev.upkeep.archive;

import dev.upkeep.signing.FileDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pull into a directory. The directory's state lives in rmellipse's {@code .rme/}: {@code
 * .rme/record.yml}, the completion marker, is written last; {@code .rme/upkeep-pull.yml} names the
 * release while a pull is under way, so an interrupted pull is resumed and never taken for a
 * complete one. A pull into a directory that was empty writes every file without looking for
 * earlier work; a resumed one keeps each file already right and continues each part file.
 */
final class Pull {
  static final String PART = ".upkeep-part";
  private static final int BUFFER = 1 << 16;

  /** Files from this size on are hashed on a second thread ({@link #copyHashingAside}). */
  private static final long HASH_ASIDE = 8L << 20;

  private static final int BLOCK = 1 << 18;
  private static final int BLOCKS = 4;

  private final Releases engine;
  private final Archive archive;
  private final TransferListener listener;

  Pull(Releases engine, Archive archive, TransferListener listener) {
    this.engine = engine;
    this.archive = archive;
    this.listener = listener;
  }

  /** What happened to one distinct blob: its first file fetched or found right, or a problem. */
  private record Outcome(boolean fetched, long bytes, String problem) {}

  Releases.PullResult run(ReleaseRecord record, Path into) throws IOException {
    ReleaseId id = record.id();
    Path rme = into.resolve(".rme");
    Path marker = rme.resolve("record.yml");
    Path pending = rme.resolve("upkeep-pull.yml");
    if (Files.isRegularFile(marker) && !Files.exists(pending)) {
      if (sameRelease(marker, id)) {
        return new Releases.PullResult(record, into, record.files().size(), 0, 0, 0, true);
      }
      throw new IOException(
          into + " already holds another release (.rme/record.yml); pull into another directory");
    }
    boolean resumed = start(id, into, pending);
    makeDirectories(record, into, resumed);
    // The marker's YAML (0.3 to 0.7 s for 10 000 files) is made while the files transfer.
    CompletableFuture<String> markerYaml =
        CompletableFuture.supplyAsync(() -> RecordYaml.write(record));

    Map<BlobId, List<ReleaseFile>> byBlob = new LinkedHashMap<>();
    long total = 0;
    for (ReleaseFile f : record.files()) {
      List<ReleaseFile> twins = byBlob.computeIfAbsent(f.blob(), b -> new ArrayList<>());
      if (twins.isEmpty()) {
        total += f.bytes();
      }
      twins.add(f);
    }
    List<Parallel.Task<Outcome>> tasks = new ArrayList<>();
    for (List<ReleaseFile> twins : byBlob.values()) {
      tasks.add(() -> fetch(id, twins, into, resumed));
    }
    listener.started("pull", record.files().size(), total);
    List<Outcome> outcomes;
    try {
      outcomes = Parallel.run(engine.threads(), tasks);
    } finally {
      listener.finished();
    }
    List<String> problems = new ArrayList<>();
    int fetched = 0;
    long bytes = 0;
    for (Outcome o : outcomes) {
      if (o.problem() != null) {
        problems.add(o.problem());
      } else if (o.fetched()) {
        fetched++;
        bytes += o.bytes();
      }
    }
    if (!problems.isEmpty()) {
      Collections.sort(problems);
      throw new ArchiveException(
          "release "
              + id
              + ": "
              + String.join("; ", problems)
              + ". The archive is incomplete: re-push the release. The other "
              + (record.files().size() - problems.size())
              + " files are pulled and verified in "
              + into
              + "; no completion marker was written");
    }
    Path temp = rme.resolve("record.yml" + PART);
    Files.writeString(temp, markerYaml.join(), StandardCharsets.UTF_8);
    Files.move(temp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.delete(pending);
    try {
      archive.pulled(id);
    } catch (IOException e) {
      listener.warning("the pull of " + id + " was not counted: " + e.getMessage());
    }
    int files = record.files().size();
    return new Releases.PullResult(record, into, files, fetched, files - fetched, bytes, false);
  }

  /**
   * Claims {@code into} for the release: refuses a directory holding anything else, writes the
   * pull's intent.
   *
   * @return whether an earlier pull of the same release is resumed
   */
  private static boolean start(ReleaseId id, Path into, Path pending) throws IOException {
    String intent = "release: " + id.versionedTitle() + "\nworkspace: " + id.workspace() + "\n";
    boolean resumed = Files.isRegularFile(pending);
    if (resumed) {
      if (!Files.readString(pending, StandardCharsets.UTF_8).equals(intent)) {
        throw new IOException(
            into
                + " holds a partial pull of another release (.rme/upkeep-pull.yml); pull into"
                + " another directory or delete it");
      }
    } else if (!isEmptyOrMissing(into)) {
      throw new IOException(into + " is not empty; pull into a new or empty directory");
    }
    Files.createDirectories(pending.getParent());
    Files.writeString(pending, intent, StandardCharsets.UTF_8);
    return resumed;
  }

  /** Every directory of the release and every file's parent, each made once, parents first. */
  private static void makeDirectories(ReleaseRecord record, Path into, boolean resumed)
      throws IOException {
    TreeSet<String> dirs = new TreeSet<>(record.directories());
    for (ReleaseFile f : record.files()) {
      int slash = f.path().lastIndexOf('/');
      for (String p = f.path(); slash > 0; slash = p.lastIndexOf('/')) {
        p = p.substring(0, slash);
        if (!dirs.add(p)) {
          break;
        }
      }
    }
    for (String d : dirs) {
      Path dir = into.resolve(d);
      if (resumed) {
        Files.createDirectories(dir);
      } else {
        try {
          Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
          if (!Files.isDirectory(dir)) {
            throw e;
          }
        }
      }
    }
  }

  private static boolean sameRelease(Path marker, ReleaseId id) throws IOException {
    try (InputStream in = Files.newInputStream(marker)) {
      return RecordYaml.read(in, id.workspace(), marker.toString()).id().equals(id);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isEmptyOrMissing(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }

  /** Gets the first file of {@code twins} right, then copies it to the others. */
  private Outcome fetch(ReleaseId id, List<ReleaseFile> twins, Path into, boolean resumed)
      throws IOException {
    ReleaseFile first = twins.get(0);
    Path target = into.resolve(first.path());
    boolean fetched = false;
    if (first.bytes() == 0) {
      Files.write(target, new byte[0]);
    } else if (resumed && isRight(target, first)) {
      listener.advanced(0, first.bytes());
    } else {
      String problem = download(id, first, target, resumed);
      if (problem != null) {
        listener.advanced(twins.size(), 0);
        return new Outcome(false, 0, problem);
      }
      fetched = true;
    }
    listener.advanced(1, 0);
    for (ReleaseFile twin : twins.subList(1, twins.size())) {
      Path other = into.resolve(twin.path());
      if (!(resumed && isRight(other, twin))) {
        Path part = other.resolveSibling(other.getFileName() + PART);
        Files.copy(target, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            part, other, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      listener.advanced(1, 0);
    }
    return new Outcome(fetched, fetched ? first.bytes() : 0, null);
  }

  /** Whether {@code file} already holds exactly the bytes of {@code f}. */
  private static boolean isRight(Path file, ReleaseFile f) throws IOException {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        && Files.size(file) == f.bytes()
        && FileDigest.sha256(file).equals(f.blob().hex());
  }

  /**
   * Downloads into a part file — continuing one left by an interrupted pull when {@code resumed} —
   * checks it and renames it into place.
   *
   * @return a problem naming the file, blob and archive, or null when the file is in place
   */
  private String download(ReleaseId id, ReleaseFile f, Path target, boolean resumed)
      throws IOException {
    Path part = target.resolveSibling(target.getFileName() + PART);
    BlobDigest digest = new BlobDigest(-1);
    long have = resumed ? resumable(part, f, digest) : 0;
    try (InputStream in = archive.get(id, f.blob(), have);
        OutputStream out =
            Files.newOutputStream(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
      long left = f.bytes() - have;
      left =
          left >= HASH_ASIDE
              ? copyHashingAside(in, out, digest, left)
              : copy(in, out, digest, left);
      // One byte more than the record says means the blob is longer than its file.
      if (left == 0 && in.read() >= 0) {
        digest.update(new byte[1], 0, 1);
      }
    } catch (BlobNotFoundException | NoSuchFileException e) {
      Files.deleteIfExists(part);
      return "blob "
          + f.path()
          + " ("
          + f.blob().abbreviated()
          + ") is missing from archive "
          + archive.describe();
    }
    BlobId got = digest.blob();
    if (digest.count() != f.bytes() || !got.equals(f.blob())) {
      Files.deleteIfExists(part);
      return "blob "
          + f.path()
          + " ("
          + f.blob().abbreviated()
          + ") in archive "
          + archive.describe()
          + " is corrupt: "
          + (digest.count() != f.bytes()
              ? "its size is not " + f.bytes() + " bytes"
              : "its SHA-256 is " + got.abbreviated());
    }
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return null;
  }

  /**
   * Copies up to {@code left} bytes, hashing each block before it is written; returns what is left.
   */
  private long copy(InputStream in, OutputStream out, BlobDigest digest, long left)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
      left -= n;
      listener.advanced(0, n);
    }
    return left;
  }

  /**
   * {@link #copy}, with the hashing on a second thread while this one reads the next block and
   * writes: SHA-256 (about 1.6 GiB/s on one core) otherwise adds its time to the network's and the
   * disk's for a big file. {@value #BLOCKS} blocks of {@value #BLOCK} bytes go round; a block is
   * read into again once its hash is done, and the hashes are done in order by one thread.
   */
  private long copyHashingAside(InputStream in, OutputStream out, BlobDigest digest, long left)
      throws IOException {
    ExecutorService hasher =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "upkeep-hash");
              t.setDaemon(true);
              return t;
            });
    byte[][] blocks = new byte[BLOCKS][BLOCK];
    List<Future<?>> hashed = new ArrayList<>(Collections.nCopies(BLOCKS, null));
    try {
      for (int i = 0; left > 0; i = (i + 1) % BLOCKS) {
        if (hashed.get(i) != null) {
          hashed.get(i).get();
        }
        byte[] block = blocks[i];
        int n = in.readNBytes(block, 0, (int) Math.min(block.length, left));
        if (n == 0) {
          break;
        }
        out.write(block, 0, n);
        left -= n;
        hashed.set(i, hasher.submit(() -> digest.update(block, 0, n)));
        listener.advanced(0, n);
      }
      for (Future<?> h : hashed) {
        if (h != null) {
          h.get();
        }
      }
      return left;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("pull interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("hashing failed", e.getCause());
    } finally {
      hasher.shutdownNow();
    }
  }

  /** How many bytes of an earlier part file to keep (hashed into {@code digest}); 0 for none. */
  private long resumable(Path part, ReleaseFile f, BlobDigest digest) throws IOException {
    if (!Files.isRegularFile(part)) {
      return 0;
    }
    if (Files.size(part) > f.bytes()) {
      Files.delete(part);
      return 0;
    }
    try (InputStream in = Files.newInputStream(part)) {
      digest.readAll(in, listener);
    }
    return digest.count();
  }
}

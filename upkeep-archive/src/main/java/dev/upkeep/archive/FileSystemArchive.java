package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A release archive in a directory, in rmellipse's layout exactly (PROTOCOLS.md §6.2):
 *
 * <pre>{@code
 * <root>/.rmearchive                                       marker (required)
 * <root>/<workspace>/<title>/<title>-v<version>.yml        record
 * <root>/<workspace>/<title>/blobs/<h[0:2]>/<h>            blob, h = SHA-256 hex
 * }</pre>
 *
 * <p>Where Upkeep is safer than rmellipse, in ways rmellipse does not see: a blob is written to a
 * temporary file beside it ({@code blobs/<h[0:2]>/.<h>.<random>.part}), checked for size and
 * SHA-256, then renamed into place, so a reader never sees a partial blob; a record is written in
 * full to a temporary file under {@code blobs/} and then hard-linked to its name, which fails if
 * the name exists, so of two concurrent pushes of one version exactly one wins (on a file system
 * without hard links it is created with {@code O_EXCL}); nothing is ever written directly in the
 * title's directory but records, because rmellipse loads every file there whose name contains the
 * title. A yank rewrites the record through a temporary file and an atomic rename.
 *
 * <p>Blobs are not fsync'ed: after a crash a blob may be short or empty, and every read checks size
 * and SHA-256, so it is found and named, never used. Thread-safe; several processes may push to and
 * pull from one archive at once.
 */
public final class FileSystemArchive implements Archive {
  /** The marker file that makes a directory a release archive: {@value}. */
  public static final String MARKER = ".rmearchive";

  /** What rmellipse writes into a new archive's marker. */
  static final String MARKER_CONTENT = "#made by rocky mountain ellipse";

  private static final int BUFFER = 1 << 16;

  private final Path root;
  private final Clock clock;

  private FileSystemArchive(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /**
   * Opens the archive at {@code root}.
   *
   * @throws IOException when {@code root} has no {@value #MARKER} marker, saying how to make one
   */
  public static FileSystemArchive open(Path root) throws IOException {
    return open(root, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock that dates yanks. */
  public static FileSystemArchive open(Path root, Clock clock) throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs.resolve(MARKER))) {
      if (!Files.isDirectory(abs)) {
        throw new NoSuchFileException(
            abs.toString(),
            null,
            "no such archive; create it with `upkeep release init " + root + "`");
      }
      throw new IOException(
          abs
              + " is not a release archive (no "
              + MARKER
              + " marker); create one with `upkeep release init "
              + root
              + "`");
    }
    return new FileSystemArchive(abs, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Makes {@code root} a release archive: creates the directory if needed and writes the marker as
   * rmellipse writes it. A directory that already is an archive is left as it is.
   */
  public static FileSystemArchive create(Path root) throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    Files.createDirectories(abs);
    Path marker = abs.resolve(MARKER);
    if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.writeString(
            marker, MARKER_CONTENT, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException raced) {
        // another process made it first
      }
    }
    return open(abs);
  }

  /** The archive's root directory. */
  public Path root() {
    return root;
  }

  @Override
  public String describe() {
    return root.toString();
  }

  private Path titleDir(String workspace, Title title) {
    return root.resolve(Workspace.check(workspace)).resolve(title.value());
  }

  private Path recordPath(ReleaseId id) {
    return titleDir(id.workspace(), id.title()).resolve(id.versionedTitle() + ".yml");
  }

  private Path blobPath(ReleaseId id, BlobId blob) {
    return titleDir(id.workspace(), id.title())
        .resolve("blobs")
        .resolve(blob.hex().substring(0, 2))
        .resolve(blob.hex());
  }

  @Override
  public List<ReleaseVersion> versions(String workspace, Title title) throws IOException {
    Path dir = titleDir(workspace, title);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String prefix = title.value() + "-v";
    List<ReleaseVersion> versions = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".yml") && Files.isRegularFile(p)) {
          ReleaseVersion.parse(name.substring(prefix.length(), name.length() - ".yml".length()))
              .ifPresent(versions::add);
        }
      }
    }
    versions.sort(null);
    return versions;
  }

  @Override
  public Optional<ReleaseRecord> read(ReleaseId id) throws IOException {
    Path file = recordPath(id);
    try (InputStream in = Files.newInputStream(file)) {
      ReleaseRecord record = RecordYaml.read(in, id.workspace(), file.toString());
      if (!record.id().equals(id)) {
        throw new IllegalArgumentException(
            file + ": holds release " + record.id() + ", not " + id + " as its name says");
      }
      return Optional.of(record);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void publish(ReleaseRecord record) throws IOException {
    ReleaseId id = record.id();
    Set<String> missing = new LinkedHashSet<>();
    for (ReleaseFile f : record.files()) {
      if (!has(id, f.blob())) {
        missing.add(f.path() + " (" + f.blob().abbreviated() + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new ArchiveException(
          "release "
              + id
              + " not published to "
              + root
              + ": blobs missing for "
              + String.join(", ", missing)
              + "; push them first");
    }
    Path target = recordPath(id);
    Path blobs = target.resolveSibling("blobs");
    Files.createDirectories(blobs);
    byte[] yaml = RecordYaml.write(record).getBytes(StandardCharsets.UTF_8);
    Path temp = blobs.resolve(".record-" + UUID.randomUUID() + ".part");
    Files.write(temp, yaml, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw new ReleaseExistsException(id, root.toString());
    } catch (UnsupportedOperationException | IOException noLinks) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new ReleaseExistsException(id, root.toString());
      }
      try {
        Files.write(target, yaml, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        throw new ReleaseExistsException(id, root.toString());
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public ReleaseRecord yank(ReleaseId id, String reason) throws IOException {
    ReleaseRecord record =
        read(id)
            .orElseThrow(
                () -> new ReleaseNotFoundException("release " + id + " is not in " + root));
    ReleaseRecord yanked = record.yanked(reason, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    Path target = recordPath(id);
    Path temp = target.resolveSibling("blobs").resolve(".record-" + UUID.randomUUID() + ".part");
    Files.createDirectories(temp.getParent());
    Files.writeString(temp, RecordYaml.write(yanked), StandardCharsets.UTF_8);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return yanked;
  }

  @Override
  public boolean has(ReleaseId id, BlobId blob) {
    return Files.isRegularFile(blobPath(id, blob));
  }

  @Override
  public void put(ReleaseId id, BlobId blob, long size, InputStream in) throws IOException {
    Path target = blobPath(id, blob);
    Path temp = target.resolveSibling("." + blob.hex() + "." + UUID.randomUUID() + ".part");
    boolean stored = false;
    try {
      BlobDigest digest = new BlobDigest(-1);
      try (OutputStream out = createNew(temp)) {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      if (digest.count() != size || !digest.blob().equals(blob)) {
        throw new ArchiveException(
            "blob "
                + blob.abbreviated()
                + " not stored in "
                + root
                + ": the bytes sent ("
                + digest.count()
                + " of "
                + size
                + ") do not hash to it; did the file change while it was pushed?");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      stored = true;
    } finally {
      if (!stored) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Creates {@code file} exclusively, and its directory when that is missing (once per blob dir).
   */
  private static OutputStream createNew(Path file) throws IOException {
    try {
      return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
    } catch (NoSuchFileException e) {
      Files.createDirectories(file.getParent());
      return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
    }
  }

  @Override
  public InputStream get(ReleaseId id, BlobId blob, long offset) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(blobPath(id, blob), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(blob, root.toString());
    }
    if (offset > 0) {
      channel.position(offset);
    }
    return Channels.newInputStream(channel);
  }
}

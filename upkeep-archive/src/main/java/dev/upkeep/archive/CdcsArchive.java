package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A release archive on a NIST CDCS (Configurable Data Curation System) server, through its REST API
 * as rmellipse uses it (PROTOCOLS.md §6.3). The server needs the global JSON-schema templates
 * {@value #RELEASE_TEMPLATE} and {@value #BLOB_TEMPLATE}, and the workspaces releases go to.
 *
 * <pre>{@code
 * Archive archive = CdcsArchive.open(URI.create("https://cdcs.example.org/"),
 *     CdcsAuth.basic("alice", password));
 * Releases.on(archive).push(tree, id, FileSelection.standard(), null);
 * }</pre>
 *
 * <ul>
 *   <li><b>Records</b>: a release is a data record of template {@value #RELEASE_TEMPLATE} titled
 *       {@code <title>-v<version>} whose content is the release record (the same document as the
 *       YAML record of a file-system archive) as a JSON string. Found with {@code POST
 *       /rest/data/query/} on {@code title_versionless}, every page read.
 *   <li><b>Blobs</b>: uploaded with {@code POST /rest/blob/} as {@code <sha256>.}{@link
 *       CdcsArchiveBuilder#blobExtension(String) bin}, assigned to the workspace, and found by a
 *       {@value #BLOB_TEMPLATE} record {@code {"sha1": "<sha256 hex>", "blob/PID/": "<url>",
 *       "/bytes/": n}} made once the upload is complete — stored once per workspace, whatever the
 *       title. Downloaded with {@code GET /rest/blob/download/<id>/} (or the PID URL, on this
 *       server only).
 * </ul>
 *
 * <p>Where it does better than rmellipse's CDCS back-end: every query is scoped to the workspace
 * (rmellipse's finds releases and blobs of every workspace the user can read) and answers from any
 * other are dropped; uploads stream from the file, are hashed on the way and refused before the
 * server holds a complete form when size or SHA-256 are wrong (rmellipse reads each file whole into
 * memory); downloads stream; no call can hang: the request timeout bounds each answer's headers and
 * each wait between two chunks of a body, and an upload fails once the server has taken no bytes
 * and sent no answer for that long (rmellipse waits forever on a failed upload); refusals — bad
 * credentials, no access to the workspace, a missing template or workspace, a blob file extension
 * the server does not allow — are {@link ArchiveException}s that say what to do.
 *
 * <p>Limits, from CDCS: it has no exclusive create, so {@link #publish} is exclusive only as far as
 * the server's queries see each other's writes: after posting a record it searches again and, when
 * two records of the version exist, keeps the oldest (lowest id) and deletes its own, throwing
 * {@link ReleaseExistsException} — best effort; on a CDCS indexing data asynchronously ({@code
 * MONGODB_ASYNC_SAVE}) two concurrent publications may both succeed, and readers then take the
 * oldest. It has no HTTP Range: {@link #get} with an offset downloads from the start and drops the
 * first bytes as they stream. A yank updates the record in place ({@code PATCH /rest/data/<id>/}).
 * Templates and workspaces are looked up once per archive and kept; a blob found once is taken to
 * stay.
 *
 * <p>Thread-safe: the engine calls it from several threads.
 */
public final class CdcsArchive implements Archive {
  /** The title of the global template releases are recorded with: {@value}. */
  public static final String RELEASE_TEMPLATE = "Release";

  /** The title of the global template blobs are recorded with: {@value}. */
  public static final String BLOB_TEMPLATE = "BlobMetadata";

  private final String name;
  private final CdcsHttp http;
  private final CdcsCatalog catalog;
  private final CdcsBlobs blobs;
  private final Clock clock;

  CdcsArchive(CdcsHttp http, String name, String blobExtension, Clock clock) {
    this.name = name;
    this.http = http;
    this.catalog = new CdcsCatalog(http, name);
    this.blobs = new CdcsBlobs(http, catalog, name, blobExtension);
    this.clock = clock;
  }

  /**
   * The archive on the CDCS at {@code base}, with the defaults of {@link CdcsArchiveBuilder}. Does
   * no I/O: the first call signs in. Over {@code http://} the credentials travel in clear: use
   * {@code https://} for anything but a server on the same machine.
   *
   * @param base the server's URL, {@code https://host[:port][/path]}
   * @throws IllegalArgumentException when {@code base} is not an http(s) URL without query,
   *     fragment or user information
   */
  public static CdcsArchive open(URI base, CdcsAuth auth) {
    return builder(base, auth).build();
  }

  /** A builder, to set timeouts, the HTTP client, the blob extension or the clock. */
  public static CdcsArchiveBuilder builder(URI base, CdcsAuth auth) {
    return new CdcsArchiveBuilder(base, auth);
  }

  /** {@code cdcs+} and the base URL, e.g. {@code cdcs+https://cdcs.example.org/}. */
  @Override
  public String describe() {
    return name;
  }

  /** The release records of {@code title} in {@code workspace}; of one version when given. */
  private List<CdcsQuery.Hit> releases(String workspace, Title title, String versionedTitle)
      throws IOException {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("title_versionless", title.value());
    List<CdcsQuery.Hit> hits =
        CdcsQuery.run(
            http,
            query,
            catalog.template(RELEASE_TEMPLATE).versions(),
            catalog.workspace(workspace),
            versionedTitle,
            "look for releases of "
                + title
                + (versionedTitle == null ? "" : " (" + versionedTitle + ")")
                + " in workspace '"
                + workspace
                + "'");
    if (versionedTitle == null) {
      return hits;
    }
    return hits.stream().filter(h -> h.title().equals(versionedTitle)).toList();
  }

  @Override
  public List<ReleaseVersion> versions(String workspace, Title title) throws IOException {
    Workspace.check(workspace);
    String prefix = title.value() + "-v";
    Set<ReleaseVersion> versions = new TreeSet<>();
    for (CdcsQuery.Hit hit : releases(workspace, title, null)) {
      if (hit.title().startsWith(prefix)) {
        ReleaseVersion.parse(hit.title().substring(prefix.length())).ifPresent(versions::add);
      }
    }
    return new ArrayList<>(versions);
  }

  private Optional<CdcsQuery.Hit> oldest(ReleaseId id) throws IOException {
    return CdcsQuery.oldest(releases(id.workspace(), id.title(), id.versionedTitle()));
  }

  private ReleaseRecord record(ReleaseId id, CdcsQuery.Hit hit) {
    String source = name + " data " + hit.id();
    ReleaseRecord record = ReleaseRecord.read(id.workspace(), hit.content(source), source);
    if (!record.id().equals(id)) {
      throw new IllegalArgumentException(
          source + ": holds release " + record.id() + ", not " + id + " as its title says");
    }
    return record;
  }

  @Override
  public Optional<ReleaseRecord> read(ReleaseId id) throws IOException {
    Optional<CdcsQuery.Hit> hit = oldest(id);
    return hit.isEmpty() ? Optional.empty() : Optional.of(record(id, hit.get()));
  }

  @Override
  public void publish(ReleaseRecord record) throws IOException {
    ReleaseId id = record.id();
    Set<String> missing = new LinkedHashSet<>();
    for (ReleaseFile f : record.files()) {
      if (!blobs.has(id.workspace(), f.blob())) {
        missing.add(f.path() + " (" + f.blob().abbreviated() + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new ArchiveException(
          "release "
              + id
              + " not published to "
              + name
              + ": blobs missing for "
              + String.join(", ", missing)
              + "; push them first");
    }
    if (oldest(id).isPresent()) {
      throw new ReleaseExistsException(id, name);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("title", id.versionedTitle());
    data.put("template", catalog.template(RELEASE_TEMPLATE).current());
    data.put("content", Json.write(record.document()));
    data.put("workspace", catalog.workspace(id.workspace()));
    Object mine =
        http.expect(
                http.request(http.uri("rest/data/"))
                    .header("Content-Type", "application/json")
                    .POST(CdcsHttp.json(data))
                    .build(),
                "publish release " + id)
            .object()
            .get("id");
    if (mine == null) {
      throw new IOException(name + " answered the publication of " + id + " without an id");
    }
    // No exclusive create in CDCS: of two records of this version, the oldest stands.
    Optional<CdcsQuery.Hit> first = oldest(id);
    if (first.isPresent() && CdcsQuery.compareIds(first.get().id(), mine) != 0) {
      try {
        http.send(
            http.request(http.uri("rest/data/" + mine + "/")).DELETE().build(),
            "withdraw the second record of release " + id);
      } catch (IOException e) {
        // readers take the oldest record; this one stays unseen
      }
      throw new ReleaseExistsException(id, name);
    }
  }

  @Override
  public ReleaseRecord yank(ReleaseId id, String reason) throws IOException {
    CdcsQuery.Hit hit =
        oldest(id)
            .orElseThrow(
                () -> new ReleaseNotFoundException("release " + id + " is not in " + name));
    ReleaseRecord yanked =
        record(id, hit).yanked(reason, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    http.expect(
        http.request(http.uri("rest/data/" + hit.id() + "/"))
            .header("Content-Type", "application/json")
            .method("PATCH", CdcsHttp.json(Map.of("content", Json.write(yanked.document()))))
            .build(),
        "yank release " + id);
    return yanked;
  }

  @Override
  public boolean has(ReleaseId id, BlobId blob) throws IOException {
    return blobs.has(id.workspace(), blob);
  }

  @Override
  public void put(ReleaseId id, BlobId blob, long size, InputStream in) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, was " + size);
    }
    blobs.put(id.workspace(), blob, size, in);
  }

  @Override
  public InputStream get(ReleaseId id, BlobId blob, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
    return blobs.get(id.workspace(), blob, offset);
  }

  @Override
  public String toString() {
    return name;
  }
}

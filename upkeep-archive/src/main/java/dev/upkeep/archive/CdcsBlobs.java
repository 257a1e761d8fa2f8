package dev.upkeep.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blobs on a CDCS (PROTOCOLS.md §6.3): each stored once per workspace, found by its {@code
 * BlobMetadata} record ({@code {"sha1": "<sha256 hex>", "blob/PID/": "<url>", "/bytes/": n}}),
 * uploaded as a stream and checked on the way, downloaded as a stream. A blob is visible only once
 * its metadata record exists, which is made after the upload is complete and checked. Thread-safe.
 */
final class CdcsBlobs {
  private static final Pattern DOWNLOAD =
      Pattern.compile("(?:^|/)rest/blob/download/([A-Za-z0-9_]+)/?$");
  private static final int MAX_REDIRECTS = 5;

  private final CdcsHttp http;
  private final CdcsCatalog catalog;
  private final String archive;
  private final String extension;

  /** Blobs seen in a workspace ({@code workspace + '/' + hex}): blobs are never taken back. */
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  CdcsBlobs(CdcsHttp http, CdcsCatalog catalog, String archive, String extension) {
    this.http = http;
    this.catalog = catalog;
    this.archive = archive;
    this.extension = extension;
  }

  /** The blob's metadata record in {@code workspace}: the oldest, if it was stored twice. */
  private Optional<CdcsQuery.Hit> find(String workspace, BlobId blob) throws IOException {
    List<CdcsQuery.Hit> hits =
        CdcsQuery.run(
            http,
            Map.of("sha1", blob.hex()),
            catalog.template(CdcsArchive.BLOB_TEMPLATE).versions(),
            catalog.workspace(workspace),
            null,
            "look for blob " + blob.abbreviated() + " in workspace '" + workspace + "'");
    return CdcsQuery.oldest(hits);
  }

  boolean has(String workspace, BlobId blob) throws IOException {
    String key = workspace + "/" + blob.hex();
    if (known.contains(key)) {
      return true;
    }
    boolean found = find(workspace, blob).isPresent();
    if (found) {
      known.add(key);
    }
    return found;
  }

  void put(String workspace, BlobId blob, long size, InputStream in) throws IOException {
    Object ws = catalog.workspace(workspace);
    Object template = catalog.template(CdcsArchive.BLOB_TEMPLATE).current();
    String name = blob.hex() + "." + extension;
    String what = "upload blob " + blob.abbreviated() + " (" + size + " bytes)";
    MultipartUpload body = new MultipartUpload(name, in, size, blob);
    HttpRequest request =
        http.unbounded(http.uri("rest/blob/"))
            .header("Content-Type", body.contentType())
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(body::once), body.length()))
            .build();
    CdcsHttp.Reply reply;
    try {
      reply = http.read(http.watch(request, body::sent, what), what);
    } catch (IOException e) {
      if (body.problem() != null) {
        throw mismatch(blob, size, body.problem(), e);
      }
      throw e;
    }
    Object id = reply.object().get("id");
    if (body.problem() != null) {
      // The server answered before the whole form came; if it kept something, take it back.
      if (reply.ok() && id != null) {
        deleteQuietly("rest/blob/" + id + "/");
      }
      throw mismatch(blob, size, body.problem(), null);
    }
    if (!reply.ok()) {
      String said = reply.message().toLowerCase(Locale.ROOT);
      if ((reply.status() == 400 || reply.status() == 500) && said.contains("extension")) {
        throw extensionRefused(blob, reply);
      }
      throw http.refusal(reply, what);
    }
    if (id == null) {
      throw new IOException(archive + " answered the upload of " + name + " without an id");
    }
    Object data = null;
    try {
      http.expect(
          http.request(http.uri("rest/blob/" + id + "/assign/" + ws))
              .method("PATCH", none())
              .build(),
          "assign blob " + blob.abbreviated() + " to workspace '" + workspace + "'");
      Map<String, Object> detail =
          http.expect(
                  http.request(http.uri("rest/blob/" + id + "/")).GET().build(),
                  "read blob " + blob.abbreviated() + "'s PID")
              .object();
      Object pid = detail.get("pid") != null ? detail.get("pid") : reply.object().get("handle");
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("sha1", blob.hex());
      content.put("blob/PID/", pid != null ? pid : "rest/blob/download/" + id + "/");
      content.put("/bytes/", size);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("title", name + "-meta");
      record.put("template", template);
      record.put("content", Json.write(content));
      record.put("workspace", ws);
      data =
          http.expect(
                  http.request(http.uri("rest/data/"))
                      .header("Content-Type", "application/json")
                      .POST(CdcsHttp.json(record))
                      .build(),
                  "record blob " + blob.abbreviated() + " in workspace '" + workspace + "'")
              .object()
              .get("id");
      http.expect(
          http.request(http.uri("rest/blob/" + id + "/metadata/" + data + "/"))
              .POST(none())
              .build(),
          "link blob " + blob.abbreviated() + " to its metadata");
    } catch (IOException | RuntimeException e) {
      if (data != null) {
        deleteQuietly("rest/data/" + data + "/");
      }
      deleteQuietly("rest/blob/" + id + "/");
      throw e;
    }
    known.add(workspace + "/" + blob.hex());
  }

  InputStream get(String workspace, BlobId blob, long offset) throws IOException {
    CdcsQuery.Hit hit =
        find(workspace, blob).orElseThrow(() -> new BlobNotFoundException(blob, archive));
    Object ref = hit.content("blob " + blob.abbreviated()).get("blob/PID/");
    if (ref == null) {
      throw new ArchiveException(
          "blob " + blob.abbreviated() + " in " + archive + " has no blob/PID/ in its metadata");
    }
    URI target;
    try {
      target = onServer(URI.create(String.valueOf(ref)));
    } catch (IllegalArgumentException e) {
      throw new ArchiveException(
          "blob "
              + blob.abbreviated()
              + " in "
              + archive
              + " has a blob/PID/ that is no URL: "
              + ref);
    }
    String what = "download blob " + blob.abbreviated();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      CdcsHttp.Opened opened = http.open(http.request(target).GET().build(), what);
      int status = opened.status();
      if (status / 100 == 2) {
        return skip(opened.body(), offset, blob);
      }
      Optional<String> location = opened.headers().firstValue("Location");
      if (status / 100 == 3 && location.isPresent()) {
        opened.body().close();
        target = onServer(target.resolve(location.get()));
        continue;
      }
      if (status == 404) {
        opened.body().close();
        throw new BlobNotFoundException(blob, archive);
      }
      throw http.refusal(http.read(opened, what), what);
    }
    throw new IOException(what + ": more than " + MAX_REDIRECTS + " redirects at " + archive);
  }

  /**
   * A blob URL on this server: a download handle becomes the download path under the archive's base
   * URL, anything else (a PID) keeps its path on the archive's host — never another host, so the
   * credentials go nowhere else, and a server that names itself wrongly (its {@code SERVER_URI}) is
   * still reached.
   */
  private URI onServer(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    Matcher m = DOWNLOAD.matcher(path);
    if (m.find()) {
      return http.uri("rest/blob/download/" + m.group(1) + "/");
    }
    String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
    return http.uri(path.startsWith("/") ? path + query : "/" + path + query);
  }

  /** CDCS has no Range: the first {@code offset} bytes are read and dropped, as they stream. */
  private InputStream skip(InputStream in, long offset, BlobId blob) throws IOException {
    try {
      in.skipNBytes(offset);
      return in;
    } catch (EOFException e) {
      in.close();
      throw new ArchiveException(
          "blob "
              + blob.abbreviated()
              + " in "
              + archive
              + " is shorter than "
              + offset
              + " bytes");
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private ArchiveException mismatch(BlobId blob, long size, String problem, Throwable cause) {
    return new ArchiveException(
        "blob "
            + blob.abbreviated()
            + " not stored in "
            + archive
            + ": "
            + problem
            + " where "
            + size
            + " bytes hashing to it were promised; did the file change while it was pushed?",
        cause);
  }

  private ArchiveException extensionRefused(BlobId blob, CdcsHttp.Reply reply) {
    return new ArchiveException(
        archive
            + " refused blob "
            + blob.abbreviated()
            + ": its file name ends in ."
            + extension
            + ", an extension not on the server's allow-list (HTTP "
            + reply.status()
            + ": "
            + reply.message()
            + "). Upkeep uploads every blob as <sha256>."
            + extension
            + "; ask the CDCS administrator to allow \""
            + extension
            + "\" (core_main_app's BLOB_EXTENSIONS setting), or open the archive with a blob"
            + " extension the server allows");
  }

  private void deleteQuietly(String path) {
    try {
      http.send(http.request(http.uri(path)).DELETE().build(), "delete " + path).status();
    } catch (IOException | RuntimeException ignored) {
      // best effort: the original failure is what the caller hears of
    }
  }

  private static HttpRequest.BodyPublisher none() {
    return HttpRequest.BodyPublishers.noBody();
  }
}

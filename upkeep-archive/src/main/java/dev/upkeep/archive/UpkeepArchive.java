package dev.upkeep.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A release archive hosted by an Upkeep collector ({@code upkeep serve}), through its routes {@code
 * /v1/releases/{workspace}/{title}/…} and {@code /v1/blobs/{sha256}} (docs/api.md, "Releases").
 * Records travel as rmellipse's YAML, blobs as raw bytes checked by the server before it keeps
 * them.
 *
 * <ul>
 *   <li>Uploads stream in 64 KiB blocks with a fixed length; an upload cut off stays on the
 *       collector and the next {@link #put} of the blob continues from its last byte ({@code
 *       Upload-Offset}).
 *   <li>Downloads stream, from any offset ({@code Range}), so an interrupted pull continues.
 *   <li>A completed pull is counted by the collector ({@link #pulled}), with nothing of who pulled.
 * </ul>
 *
 * <p>Reads send the token when one is given (a private project needs it); publishing and yanking
 * need a publish token of the release's project or the master token. Every connection has a connect
 * and a read timeout, so a collector that stops answering fails the call, never hangs it. TLS is
 * always verified, by the JVM's trust store or a {@link CaBundle}. Immutable and thread-safe.
 */
public final class UpkeepArchive implements Archive {
  /** Time to connect: {@value} ms. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

  /** Longest silence while reading an answer: {@value} ms. */
  public static final int DEFAULT_READ_TIMEOUT_MS = 60_000;

  private static final int BUFFER = 1 << 16;
  private static final String YAML = "application/yaml; charset=utf-8";

  private final String base;
  private final String token;
  private final String project;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;
  private final SSLContext trust;

  UpkeepArchive(UpkeepArchiveBuilder b) {
    String url = b.base.toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = b.token;
    this.project = b.project;
    this.connectTimeoutMs = b.connectTimeoutMs;
    this.readTimeoutMs = b.readTimeoutMs;
    this.trust = b.trust;
  }

  /**
   * A builder for the collector at {@code base}, e.g. {@code https://collector.example/}.
   *
   * @throws IllegalArgumentException when {@code base} is not an http or https URL
   */
  public static UpkeepArchiveBuilder at(URI base) {
    return new UpkeepArchiveBuilder(base);
  }

  @Override
  public String describe() {
    return base;
  }

  @Override
  public List<ReleaseVersion> versions(String workspace, Title title) throws IOException {
    HttpURLConnection c = open("GET", releasePath(workspace, title));
    int status = c.getResponseCode();
    if (status != 200) {
      throw refusal(c, "cannot list the releases of " + title);
    }
    Object body;
    try (InputStream in = c.getInputStream()) {
      body = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new IOException(base + " answered a release list that is not JSON: " + e.getMessage());
    }
    List<ReleaseVersion> versions = new ArrayList<>();
    if (body instanceof Map<?, ?> map && map.get("releases") instanceof List<?> list) {
      for (Object r : list) {
        if (r instanceof Map<?, ?> release && release.get("version") instanceof String v) {
          ReleaseVersion.parse(v).ifPresent(versions::add);
        }
      }
    }
    versions.sort(null);
    return versions;
  }

  @Override
  public Optional<ReleaseRecord> read(ReleaseId id) throws IOException {
    String path = recordPath(id);
    HttpURLConnection c = open("GET", path);
    int status = c.getResponseCode();
    if (status == 404) {
      drain(c);
      return Optional.empty();
    }
    if (status != 200) {
      throw refusal(c, "cannot read release " + id);
    }
    ReleaseRecord record;
    try (InputStream in = c.getInputStream()) {
      record = RecordYaml.read(in, id.workspace(), base + path);
    }
    if (!record.id().equals(id)) {
      throw new IllegalArgumentException(
          base + path + ": holds release " + record.id() + ", not " + id);
    }
    return Optional.of(record);
  }

  @Override
  public void publish(ReleaseRecord record) throws IOException {
    ReleaseId id = record.id();
    String path = recordPath(id);
    if (project != null) {
      path += "?project=" + Segments.encode(project);
    }
    HttpURLConnection c = open("PUT", path);
    send(c, YAML, RecordYaml.write(record).getBytes(StandardCharsets.UTF_8));
    int status = c.getResponseCode();
    if (status == 201) {
      drain(c);
      return;
    }
    if (status == 409) {
      drain(c);
      throw new ReleaseExistsException(id, base);
    }
    if (status == 422) {
      throw new ArchiveException(
          "release "
              + id
              + " not published to "
              + base
              + ": blobs missing for "
              + String.join(", ", missingBlobs(c))
              + "; push them first");
    }
    throw refusal(c, "release " + id + " not published");
  }

  /** The paths and blobs of a 422 answer to a publish: {@code data/a.txt (e3b0c44298fc…)}. */
  private static List<String> missingBlobs(HttpURLConnection c) throws IOException {
    List<String> missing = new ArrayList<>();
    Object detail = ApiError.body(c).get("detail");
    if (detail instanceof List<?> problems) {
      for (Object p : problems) {
        if (p instanceof Map<?, ?> m
            && m.get("loc") instanceof List<?> loc
            && m.get("msg") instanceof String msg) {
          String hex = msg.replaceFirst("^blob ([0-9a-f]{64}).*$", "$1");
          missing.add(
              loc.get(loc.size() - 1)
                  + (BlobId.isValid(hex) ? " (" + new BlobId(hex).abbreviated() + ")" : ""));
        }
      }
    }
    return missing;
  }

  @Override
  public ReleaseRecord yank(ReleaseId id, String reason) throws IOException {
    HttpURLConnection c = open("POST", recordPath(id) + "/yank");
    send(
        c,
        "application/json",
        Json.write(Map.of("reason", reason)).getBytes(StandardCharsets.UTF_8));
    int status = c.getResponseCode();
    if (status == 404) {
      drain(c);
      throw new ReleaseNotFoundException("release " + id + " is not in " + base);
    }
    if (status != 200) {
      throw refusal(c, "release " + id + " not yanked");
    }
    try (InputStream in = c.getInputStream()) {
      return RecordYaml.read(in, id.workspace(), base + recordPath(id));
    }
  }

  @Override
  public boolean has(ReleaseId id, BlobId blob) throws IOException {
    return uploadOffset(blob) < 0;
  }

  /**
   * Where the collector's upload of {@code blob} stands: -1 when the blob is stored (and readable
   * with this token), else the bytes received so far.
   */
  private long uploadOffset(BlobId blob) throws IOException {
    HttpURLConnection c = open("HEAD", blobPath(blob));
    int status = c.getResponseCode();
    drain(c);
    if (status == 200) {
      return -1;
    }
    if (status == 404) {
      String offset = c.getHeaderField("Upload-Offset");
      try {
        return offset == null ? 0 : Math.max(0, Long.parseLong(offset));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    throw refusal(c, "cannot look up blob " + blob.abbreviated());
  }

  @Override
  public void put(ReleaseId id, BlobId blob, long size, InputStream in) throws IOException {
    long offset = uploadOffset(blob);
    if (offset < 0) {
      return;
    }
    if (offset > 0 && offset <= size) {
      in.skipNBytes(offset);
    } else {
      offset = 0;
    }
    long length = size - offset;
    HttpURLConnection c = open("PUT", blobPath(blob));
    c.setRequestProperty("Content-Type", "application/octet-stream");
    if (offset > 0) {
      // every byte arrived but the collector's store failed: an empty last part stores them
      c.setRequestProperty(
          "Content-Range",
          offset == size ? "bytes */" + size : "bytes " + offset + "-" + (size - 1) + "/" + size);
    }
    c.setDoOutput(true);
    c.setFixedLengthStreamingMode(length);
    UploadWatchdog watchdog = new UploadWatchdog(c, readTimeoutMs);
    try (OutputStream out = c.getOutputStream()) {
      byte[] buffer = new byte[BUFFER];
      long left = length;
      for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
        out.write(buffer, 0, n);
        watchdog.progressed();
        left -= n;
      }
      if (left > 0 || in.read() >= 0) {
        c.disconnect();
        throw new ArchiveException(
            "blob "
                + blob.abbreviated()
                + " not stored in "
                + base
                + ": the file is not "
                + size
                + " bytes long any more; did it change while it was pushed?");
      }
    } catch (IOException e) {
      if (watchdog.fired()) {
        throw new IOException(
            "blob "
                + blob.abbreviated()
                + " not stored in "
                + base
                + ": nothing could be sent for "
                + readTimeoutMs
                + " ms, the collector or the network stopped reading; push again to continue"
                + " from the bytes it kept",
            e);
      }
      throw e;
    } finally {
      watchdog.stop();
    }
    int status = c.getResponseCode();
    if (status == 200 || status == 201) {
      drain(c);
      return;
    }
    if (status == 422) {
      throw new ArchiveException(
          "blob "
              + blob.abbreviated()
              + " not stored in "
              + base
              + ": the bytes sent do not hash to it ("
              + ApiError.detail(c)
              + "); did the file change while it was pushed?");
    }
    throw refusal(c, "blob " + blob.abbreviated() + " not stored");
  }

  @Override
  public InputStream get(ReleaseId id, BlobId blob, long offset) throws IOException {
    HttpURLConnection c = open("GET", blobPath(blob));
    if (offset > 0) {
      c.setRequestProperty("Range", "bytes=" + offset + "-");
    }
    int status = c.getResponseCode();
    if (status == 404) {
      drain(c);
      throw new BlobNotFoundException(blob, base);
    }
    if (status == 416) {
      // the offset is the blob's end: nothing is left to read
      drain(c);
      return new ByteArrayInputStream(new byte[0]);
    }
    if (status == 200 && offset > 0) {
      // a server that ignores Range sends it all: skip what was asked past
      InputStream in = new AnnouncedBody(c, 0, blob, base);
      in.skipNBytes(offset);
      return in;
    }
    if (status != 200 && status != 206) {
      throw refusal(c, "cannot read blob " + blob.abbreviated());
    }
    return new AnnouncedBody(c, offset, blob, base);
  }

  /** Tells the collector a pull completed, to count a download of the release. */
  @Override
  public void pulled(ReleaseId id) throws IOException {
    HttpURLConnection c = open("POST", recordPath(id) + "/downloads");
    send(c, "application/json", new byte[0]);
    int status = c.getResponseCode();
    if (status != 204) {
      throw refusal(c, "download of " + id + " not counted");
    }
  }

  /** Sends {@code body} as the request's whole body, with its length. */
  private static void send(HttpURLConnection c, String contentType, byte[] body)
      throws IOException {
    c.setRequestProperty("Content-Type", contentType);
    c.setDoOutput(true);
    c.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
  }

  private HttpURLConnection open(String method, String path) throws IOException {
    URL url = URI.create(base + path).toURL();
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    if (trust != null && c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(trust.getSocketFactory());
    }
    c.setRequestMethod(method);
    c.setConnectTimeout(connectTimeoutMs);
    c.setReadTimeout(readTimeoutMs);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    if (token != null) {
      c.setRequestProperty("Authorization", "Bearer " + token);
    }
    return c;
  }

  /** An error naming the collector, the status and its message, saying what to do for 401/403. */
  private IOException refusal(HttpURLConnection c, String what) throws IOException {
    int status = c.getResponseCode();
    String detail = ApiError.detail(c);
    String advice =
        switch (status) {
          case 401 ->
              token == null
                  ? "; send a token (--token, UPKEEP_TOKEN or upkeep login " + base + ")"
                  : "; the token is unknown or revoked";
          case 403 -> "";
          case 413 -> "; the collector's max-blob-size is smaller";
          default -> "";
        };
    String message = what + ": " + base + " answered " + status + " (" + detail + ")" + advice;
    return status == 401 || status == 403 || status == 413 || status == 400
        ? new ArchiveException(message)
        : new IOException(message);
  }

  private static void drain(HttpURLConnection c) {
    try (InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
      if (in != null) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      // nothing to keep: the connection is not reused
    }
  }

  private static String releasePath(String workspace, Title title) {
    return "/v1/releases/"
        + Segments.encode(Workspace.check(workspace))
        + "/"
        + Segments.encode(title.value());
  }

  private static String recordPath(ReleaseId id) {
    return releasePath(id.workspace(), id.title()) + "/" + Segments.encode(id.version().toString());
  }

  private static String blobPath(BlobId blob) {
    return "/v1/blobs/" + blob.hex();
  }
}

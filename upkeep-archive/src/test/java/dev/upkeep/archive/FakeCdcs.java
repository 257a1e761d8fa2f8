package dev.upkeep.archive;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A <b>fake</b> CDCS, for tests only: not CDCS, and not derived from its code. An in-memory HTTP
 * server ({@link FakeHttp}, on an ephemeral port of the loopback address) answering the REST calls
 * of PROTOCOLS.md §6.3 the way core_main_app's views and serializers answer them, as far as {@link
 * CdcsArchive} relies on it:
 *
 * <ul>
 *   <li>Basic and Token authentication (401 otherwise); users see the workspaces they own or may
 *       read, and write only where they may write (403 otherwise);
 *   <li>global template version managers ({@code current} and {@code versions} as text, as
 *       core_main _app gives them) and templates; workspaces;
 *   <li>the data query with its form fields {@code query} (equality on top-level content keys),
 *       {@code templates}, {@code workspaces} and {@code title}, paginated with a small page
 *       ({@link #pageSize}, 2 by default) and answering newest first; without {@code workspaces} it
 *       answers from every workspace the user can read, as CDCS does — so a query that forgets its
 *       workspace is caught;
 *   <li>data create, read, update ({@code PATCH}) and delete;
 *   <li>blob upload (multipart, with an allow-list of file extensions refused with 400 as Django's
 *       {@code FileExtensionValidator} words it), assign, detail (a PID on the server's {@code
 *       SERVER_URI}, which is deliberately not its real address), metadata link, delete, download,
 *       and PID resolution by redirect.
 * </ul>
 *
 * <p>Switches break it: {@link #failUploads}, {@link #stallDownloads}, {@link #dropTemplate}.
 * Thread-safe. Every request is recorded ({@link #requests()}), every query's form too.
 */
final class FakeCdcs implements AutoCloseable {
  /** The server's idea of its own address, as a misconfigured CDCS has: never reachable. */
  static final String SERVER_URI = "http://server-uri.invalid:8000/";

  /** How uploads break. */
  enum UploadFailure {
    NONE,
    /** Reads a little of the body, then closes the connection without an answer. */
    CLOSE_MID_UPLOAD,
    /** Reads the body and answers 500. */
    ANSWER_500,
    /** Answers 413 at once, without reading the body, as a proxy's size limit does. */
    ANSWER_AT_ONCE,
    /** Reads the whole body and never answers. */
    STALL
  }

  private record User(String name, String password) {}

  record Space(long id, String title, String owner, Set<String> readers, Set<String> writers) {}

  record Blob(long id, String owner, String filename, byte[] bytes, Long workspace) {}

  record Data(long id, long template, Long workspace, String owner, String title, String content) {}

  private final FakeHttp server;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  final Map<Long, Space> spaces = new LinkedHashMap<>();
  final Map<String, List<Long>> managers = new LinkedHashMap<>();
  final Map<Long, Data> data = new LinkedHashMap<>();
  final Map<Long, Blob> blobs = new LinkedHashMap<>();
  final Set<String> extensions = new LinkedHashSet<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();
  private long next = 1;
  int pageSize = 2;
  volatile UploadFailure uploadFailure = UploadFailure.NONE;
  volatile boolean stallDownloads;
  private final FakeCdcsData dataApi = new FakeCdcsData(this);
  private final FakeCdcsBlobs blobApi = new FakeCdcsBlobs(this);

  private FakeCdcs() throws IOException {
    server = new FakeHttp(this::handle);
  }

  /**
   * A fake with users {@code alice} (password {@code secret}, token {@code alice-token}) and {@code
   * bob} ({@code bob-secret}); workspaces {@value Workspace#DEFAULT} (everyone reads and writes),
   * {@code Lab Workspace} (alice's), {@code Bob's Workspace} (bob's, alice reads); the templates
   * {@code Release} and {@code BlobMetadata}; blob extensions {@code bin}, {@code txt}, {@code
   * csv}, {@code h5}.
   */
  static FakeCdcs start() throws IOException {
    FakeCdcs fake = new FakeCdcs();
    fake.user("alice", "secret").token("alice-token", "alice").user("bob", "bob-secret");
    fake.workspace(Workspace.DEFAULT, "admin", Set.of("*"), Set.of("*"));
    fake.workspace("Lab Workspace", "alice", Set.of(), Set.of());
    fake.workspace("Bob's Workspace", "bob", Set.of("alice"), Set.of());
    fake.template("Release");
    fake.template("BlobMetadata");
    fake.allowExtensions("bin", "txt", "csv", "h5");
    return fake;
  }

  /** The server's address, as a client uses it. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  synchronized FakeCdcs user(String name, String password) {
    users.put(name, new User(name, password));
    return this;
  }

  synchronized FakeCdcs token(String token, String user) {
    tokens.put(token, user);
    return this;
  }

  /** Adds a workspace; {@code "*"} in readers or writers means every user. */
  synchronized long workspace(
      String title, String owner, Set<String> readers, Set<String> writers) {
    long id = next++;
    spaces.put(id, new Space(id, title, owner, readers, writers));
    return id;
  }

  /** Adds a global template, or a new version of one. */
  synchronized void template(String title) {
    managers.computeIfAbsent(title, t -> new ArrayList<>()).add(next++);
  }

  /** Takes a global template away, as if never uploaded. */
  synchronized void dropTemplate(String title) {
    managers.remove(title);
  }

  synchronized void allowExtensions(String... allowed) {
    extensions.clear();
    extensions.addAll(List.of(allowed));
  }

  synchronized void pageSize(int size) {
    pageSize = size;
  }

  void failUploads(UploadFailure failure) {
    uploadFailure = failure;
  }

  /** Downloads send their headers and half the bytes, then nothing more. */
  void stallDownloads(boolean stall) {
    stallDownloads = stall;
  }

  /** Every request so far, as {@code METHOD /path?query}. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** The form of every data query so far. */
  List<Map<String, String>> queries() {
    return List.copyOf(queries);
  }

  synchronized int blobCount() {
    return blobs.size();
  }

  /** The titles of the data records, oldest first. */
  synchronized List<String> dataTitles() {
    return data.values().stream().map(Data::title).toList();
  }

  /** Adds a data record directly, as another client would. */
  synchronized long addData(String template, String workspace, String title, String content) {
    long id = next++;
    List<Long> versions = managers.get(template);
    data.put(
        id,
        new Data(
            id, versions.get(versions.size() - 1), spaceId(workspace), "admin", title, content));
    return id;
  }

  private long spaceId(String title) {
    return spaces.values().stream()
        .filter(s -> s.title().equals(title))
        .findFirst()
        .orElseThrow()
        .id();
  }

  @Override
  public void close() {
    closing.countDown();
    server.close();
  }

  // ---------------------------------------------------------------------------------- dispatch

  private static final Pattern TEMPLATE = Pattern.compile("/rest/template/(\\d+)/");
  private static final Pattern DATA = Pattern.compile("/rest/data/(\\d+)/");
  private static final Pattern BLOB = Pattern.compile("/rest/blob/(\\d+)/");
  private static final Pattern ASSIGN = Pattern.compile("/rest/blob/(\\d+)/assign/(\\d+)");
  private static final Pattern LINK = Pattern.compile("/rest/blob/(\\d+)/metadata/(\\d+)/");
  private static final Pattern DOWNLOAD = Pattern.compile("/rest/blob/download/(\\d+)/");
  private static final Pattern PID = Pattern.compile("/pid/rest/local/cdcs/(\\d+)");

  private void handle(FakeHttp.Exchange ex) throws IOException {
    String method = ex.method();
    String path = ex.uri().getRawPath();
    String query = ex.uri().getRawQuery();
    requests.add(method + " " + path + (query == null ? "" : "?" + query));
    try {
      String user = user(ex);
      if (user == null) {
        ex.responseHeader("WWW-Authenticate", "Basic realm=\"api\"");
        send(ex, 401, Map.of("detail", "Invalid username/password."));
        return;
      }
      Matcher m;
      if (method.equals("GET") && path.equals("/rest/template-version-manager/global/")) {
        send(ex, 200, managers(FakeCdcsForms.urlEncoded(query).get("title")));
      } else if (method.equals("GET") && (m = TEMPLATE.matcher(path)).matches()) {
        templateDetail(ex, Long.parseLong(m.group(1)));
      } else if (method.equals("GET") && path.equals("/rest/workspace/")) {
        send(ex, 200, workspaces(user));
      } else if (method.equals("POST") && path.equals("/rest/data/query/")) {
        dataApi.query(ex, user, FakeCdcsForms.urlEncoded(query));
      } else if (method.equals("POST") && path.equals("/rest/data/")) {
        dataApi.createData(ex, user);
      } else if ((m = DATA.matcher(path)).matches()) {
        dataApi.dataDetail(ex, user, Long.parseLong(m.group(1)));
      } else if (method.equals("POST") && path.equals("/rest/blob/")) {
        blobApi.upload(ex, user);
      } else if (method.equals("PATCH") && (m = ASSIGN.matcher(path)).matches()) {
        blobApi.assign(ex, user, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
      } else if (method.equals("POST") && (m = LINK.matcher(path)).matches()) {
        blobApi.link(ex, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
      } else if (method.equals("GET") && (m = DOWNLOAD.matcher(path)).matches()) {
        blobApi.download(ex, user, Long.parseLong(m.group(1)));
      } else if ((m = BLOB.matcher(path)).matches()) {
        blobApi.blobDetail(ex, user, Long.parseLong(m.group(1)));
      } else if (method.equals("GET") && (m = PID.matcher(path)).matches()) {
        ex.responseHeader("Location", SERVER_URI + "rest/blob/download/" + m.group(1) + "/");
        send(ex, 302, Map.of());
      } else {
        send(ex, 404, Map.of("detail", "Not found."));
      }
    } catch (RuntimeException e) {
      send(ex, 500, Map.of("message", String.valueOf(e)));
    }
  }

  private synchronized String user(FakeHttp.Exchange ex) {
    String auth = ex.header("Authorization");
    if (auth == null) {
      return null;
    }
    if (auth.startsWith("Token ")) {
      return tokens.get(auth.substring(6));
    }
    if (auth.startsWith("Basic ")) {
      String[] up =
          new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
              .split(":", 2);
      User u = users.get(up[0]);
      return u != null && up.length == 2 && u.password().equals(up[1]) ? u.name() : null;
    }
    return null;
  }

  boolean reads(String user, Long space) {
    Space s = space == null ? null : spaces.get(space);
    return s != null
        && (s.owner().equals(user)
            || s.readers().contains(user)
            || s.readers().contains("*")
            || writes(user, space));
  }

  boolean writes(String user, Long space) {
    Space s = space == null ? null : spaces.get(space);
    return s != null
        && (s.owner().equals(user) || s.writers().contains(user) || s.writers().contains("*"));
  }

  boolean sees(String user, Blob b) {
    return b.owner().equals(user) || reads(user, b.workspace());
  }

  synchronized long nextId() {
    return next++;
  }

  // --------------------------------------------------------------------- templates, workspaces

  private synchronized List<Object> managers(String title) {
    List<Object> out = new ArrayList<>();
    managers.forEach(
        (t, versions) -> {
          if (title == null || title.equals(t)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "tvm-" + t);
            m.put("title", t);
            m.put("user", null);
            m.put("is_disabled", false);
            m.put("current", String.valueOf(versions.get(versions.size() - 1)));
            m.put("versions", versions.stream().map(String::valueOf).toList());
            m.put("disabled_versions", List.of());
            out.add(m);
          }
        });
    return out;
  }

  private synchronized void templateDetail(FakeHttp.Exchange ex, long id) throws IOException {
    for (Map.Entry<String, List<Long>> e : managers.entrySet()) {
      if (e.getValue().contains(id)) {
        send(ex, 200, Map.of("id", id, "filename", e.getKey() + ".json", "format", "JSON"));
        return;
      }
    }
    send(ex, 404, Map.of("message", "Template not found."));
  }

  private synchronized List<Object> workspaces(String user) {
    List<Object> out = new ArrayList<>();
    for (Space s : spaces.values()) {
      if (reads(user, s.id())) {
        out.add(Map.of("id", s.id(), "title", s.title(), "owner", s.owner(), "is_public", false));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- plumbing

  void await() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String body(FakeHttp.Exchange ex) throws IOException {
    return new String(ex.body().readAllBytes(), StandardCharsets.UTF_8);
  }

  static void send(FakeHttp.Exchange ex, int status, Object json) throws IOException {
    if (json == null) {
      ex.respond(status, new byte[0]);
      return;
    }
    ex.responseHeader("Content-Type", "application/json");
    ex.respond(status, Json.write(json).getBytes(StandardCharsets.UTF_8));
  }
}

package dev.upkeep.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

  private record Space(
      long id, String title, String owner, Set<String> readers, Set<String> writers) {}

  private record Blob(long id, String owner, String filename, byte[] bytes, Long workspace) {}

  private record Data(
      long id, long template, Long workspace, String owner, String title, String content) {}

  private final FakeHttp server;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final Map<Long, Space> spaces = new LinkedHashMap<>();
  private final Map<String, List<Long>> managers = new LinkedHashMap<>();
  private final Map<Long, Data> data = new LinkedHashMap<>();
  private final Map<Long, Blob> blobs = new LinkedHashMap<>();
  private final Set<String> extensions = new LinkedHashSet<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();
  private long next = 1;
  private int pageSize = 2;
  private volatile UploadFailure uploadFailure = UploadFailure.NONE;
  private volatile boolean stallDownloads;

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
        query(ex, user, FakeCdcsForms.urlEncoded(query));
      } else if (method.equals("POST") && path.equals("/rest/data/")) {
        createData(ex, user);
      } else if ((m = DATA.matcher(path)).matches()) {
        dataDetail(ex, user, Long.parseLong(m.group(1)));
      } else if (method.equals("POST") && path.equals("/rest/blob/")) {
        upload(ex, user);
      } else if (method.equals("PATCH") && (m = ASSIGN.matcher(path)).matches()) {
        assign(ex, user, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
      } else if (method.equals("POST") && (m = LINK.matcher(path)).matches()) {
        link(ex, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
      } else if (method.equals("GET") && (m = DOWNLOAD.matcher(path)).matches()) {
        download(ex, user, Long.parseLong(m.group(1)));
      } else if ((m = BLOB.matcher(path)).matches()) {
        blobDetail(ex, user, Long.parseLong(m.group(1)));
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

  private boolean reads(String user, Long space) {
    Space s = space == null ? null : spaces.get(space);
    return s != null
        && (s.owner().equals(user)
            || s.readers().contains(user)
            || s.readers().contains("*")
            || writes(user, space));
  }

  private boolean writes(String user, Long space) {
    Space s = space == null ? null : spaces.get(space);
    return s != null
        && (s.owner().equals(user) || s.writers().contains(user) || s.writers().contains("*"));
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

  // -------------------------------------------------------------------------------------- data

  private void query(FakeHttp.Exchange ex, String user, Map<String, String> params)
      throws IOException {
    Map<String, String> form = FakeCdcsForms.urlEncoded(body(ex));
    queries.add(form);
    if (form.get("query") == null) {
      send(ex, 400, Map.of("message", "Expected parameters not provided."));
      return;
    }
    Map<String, Object> query = Json.parseObject(form.get("query"));
    Set<String> templates = ids(form.get("templates"));
    Set<String> workspaces = ids(form.get("workspaces"));
    String title = form.get("title");
    int page = Integer.parseInt(params.getOrDefault("page", "1"));
    List<Object> all = new ArrayList<>();
    int size;
    synchronized (this) {
      size = pageSize;
      for (Data d : data.values()) {
        if (reads(user, d.workspace())
            && (templates.isEmpty() || templates.contains(String.valueOf(d.template())))
            && (workspaces.isEmpty() || workspaces.contains(String.valueOf(d.workspace())))
            && (title == null || title.equals(d.title()))
            && matches(Json.parseObject(d.content()), query)) {
          all.add(0, json(d)); // newest first
        }
      }
    }
    int from = (page - 1) * size;
    if (page < 1 || from > 0 && from >= all.size()) {
      send(ex, 404, Map.of("detail", "Invalid page."));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("count", all.size());
    boolean more = from + size < all.size();
    answer.put("next", more ? SERVER_URI + "rest/data/query/?page=" + (page + 1) : null);
    answer.put("previous", page > 1 ? SERVER_URI + "rest/data/query/?page=" + (page - 1) : null);
    answer.put("results", all.subList(from, Math.min(all.size(), from + size)));
    send(ex, 200, answer);
  }

  private static Set<String> ids(String json) {
    Set<String> out = new LinkedHashSet<>();
    if (json != null && Json.parse(json) instanceof List<?> list) {
      for (Object o : list) {
        out.add(String.valueOf(((Map<?, ?>) o).get("id")));
      }
    }
    return out;
  }

  private static boolean matches(Map<String, Object> content, Map<String, Object> query) {
    return query.entrySet().stream()
        .allMatch(e -> e.getValue() != null && e.getValue().equals(content.get(e.getKey())));
  }

  private static Map<String, Object> json(Data d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("template", d.template());
    m.put("workspace", d.workspace());
    m.put("user_id", d.owner());
    m.put("title", d.title());
    m.put("checksum", null);
    m.put("creation_date", "2026-01-01T00:00:00Z");
    m.put("content", d.content());
    return m;
  }

  private void createData(FakeHttp.Exchange ex, String user) throws IOException {
    Map<String, Object> in = Json.parseObject(body(ex));
    synchronized (this) {
      String template = String.valueOf(in.get("template"));
      boolean known =
          managers.values().stream()
              .anyMatch(v -> v.stream().anyMatch(t -> t.toString().equals(template)));
      Long space =
          in.get("workspace") == null ? null : Long.valueOf(in.get("workspace").toString());
      if (!known || in.get("title") == null || !(in.get("content") instanceof String content)) {
        send(ex, 400, Map.of("message", Map.of("template", List.of("Invalid pk"))));
        return;
      }
      if (space != null && !spaces.containsKey(space)) {
        send(ex, 400, Map.of("message", Map.of("workspace", List.of("Invalid pk"))));
        return;
      }
      if (space != null && !writes(user, space)) {
        send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
        return;
      }
      Json.parseObject(content); // CDCS validates content against the template; here: JSON
      long id = next++;
      Data d =
          new Data(
              id, Long.parseLong(template), space, user, String.valueOf(in.get("title")), content);
      data.put(id, d);
      send(ex, 201, json(d));
    }
  }

  private void dataDetail(FakeHttp.Exchange ex, String user, long id) throws IOException {
    String body = body(ex);
    synchronized (this) {
      Data d = data.get(id);
      if (d == null || !reads(user, d.workspace())) {
        send(ex, 404, Map.of("message", "Data not found."));
      } else if (ex.method().equals("GET")) {
        send(ex, 200, json(d));
      } else if (!writes(user, d.workspace()) && !d.owner().equals(user)) {
        send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
      } else if (ex.method().equals("DELETE")) {
        data.remove(id);
        send(ex, 204, null);
      } else if (ex.method().equals("PATCH")) {
        Map<String, Object> in = Json.parseObject(body);
        String content = in.get("content") instanceof String c ? c : d.content();
        Json.parseObject(content);
        Data updated = new Data(id, d.template(), d.workspace(), d.owner(), d.title(), content);
        data.put(id, updated);
        send(ex, 200, json(updated));
      } else {
        send(ex, 405, Map.of("detail", "Method not allowed."));
      }
    }
  }

  // ------------------------------------------------------------------------------------- blobs

  private void upload(FakeHttp.Exchange ex, String user) throws IOException {
    switch (uploadFailure) {
      case CLOSE_MID_UPLOAD -> {
        ex.body().readNBytes(100);
        ex.abort(); // no answer: the connection is closed
        return;
      }
      case ANSWER_500 -> {
        ex.body().readAllBytes();
        send(ex, 500, Map.of("message", "Internal server error"));
        return;
      }
      case ANSWER_AT_ONCE -> {
        send(ex, 413, Map.of("detail", "Request Entity Too Large"));
        return;
      }
      case STALL -> {
        ex.body().readAllBytes();
        await();
        ex.abort();
        return;
      }
      case NONE -> {}
    }
    byte[] body = ex.body().readAllBytes();
    Map<String, FakeCdcsForms.Part> parts;
    try {
      parts = FakeCdcsForms.multipart(ex.header("Content-Type"), body);
    } catch (IllegalArgumentException e) {
      send(ex, 400, Map.of("message", "Malformed request: " + e.getMessage()));
      return;
    }
    FakeCdcsForms.Part part = parts.get("blob");
    if (part == null || part.filename() == null) {
      send(ex, 400, Map.of("message", Map.of("blob", List.of("No file was submitted."))));
      return;
    }
    String name = part.filename();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    synchronized (this) {
      if (!extensions.contains(ext.toLowerCase(Locale.ROOT))) {
        send(
            ex,
            400,
            Map.of(
                "message",
                List.of(
                    "File extension \u201c"
                        + ext
                        + "\u201d is not allowed. Allowed extensions are: "
                        + String.join(", ", extensions)
                        + ".")));
        return;
      }
      long id = next++;
      Blob b = new Blob(id, user, name, part.bytes(), null);
      blobs.put(id, b);
      Map<String, Object> answer = blobJson(b);
      answer.put("pid", null); // assigned after the upload, as core_linked_records_app does
      send(ex, 201, answer);
    }
  }

  private Map<String, Object> blobJson(Blob b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("user_id", b.owner());
    m.put("filename", b.filename());
    m.put("handle", SERVER_URI + "rest/blob/download/" + b.id() + "/");
    m.put("checksum", null);
    m.put("upload_date", "2026-01-01T00:00:00Z");
    m.put("pid", SERVER_URI + "pid/rest/local/cdcs/" + b.id());
    return m;
  }

  private boolean sees(String user, Blob b) {
    return b.owner().equals(user) || reads(user, b.workspace());
  }

  private synchronized void assign(FakeHttp.Exchange ex, String user, long blob, long space)
      throws IOException {
    Blob b = blobs.get(blob);
    if (b == null || !spaces.containsKey(space)) {
      send(ex, 404, Map.of("message", "Blob or workspace not found."));
    } else if (!writes(user, space)) {
      send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
    } else {
      blobs.put(blob, new Blob(b.id(), b.owner(), b.filename(), b.bytes(), space));
      send(ex, 200, Map.of());
    }
  }

  private synchronized void link(FakeHttp.Exchange ex, long blob, long metadata)
      throws IOException {
    if (!blobs.containsKey(blob) || !data.containsKey(metadata)) {
      send(ex, 404, Map.of("message", "Blob or data not found."));
    } else {
      send(ex, 200, Map.of());
    }
  }

  private synchronized void blobDetail(FakeHttp.Exchange ex, String user, long id)
      throws IOException {
    Blob b = blobs.get(id);
    if (b == null) {
      send(ex, 404, Map.of("message", "Blob not found."));
    } else if (!sees(user, b)) {
      send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
    } else if (ex.method().equals("DELETE")) {
      blobs.remove(id);
      send(ex, 204, null);
    } else {
      send(ex, 200, blobJson(b));
    }
  }

  private void download(FakeHttp.Exchange ex, String user, long id) throws IOException {
    Blob b;
    synchronized (this) {
      b = blobs.get(id);
      if (b == null) {
        send(ex, 404, Map.of("message", "Blob not found."));
        return;
      } else if (!sees(user, b)) {
        send(ex, 403, Map.of("message", "The user doesn't have enough rights."));
        return;
      }
    }
    ex.responseHeader("Content-Type", "application/octet-stream");
    ex.responseHeader("Content-Disposition", "attachment; filename=\"" + b.filename() + "\"");
    try (OutputStream out = ex.respond(200, b.bytes().length)) {
      if (stallDownloads) {
        out.write(b.bytes(), 0, b.bytes().length / 2);
        out.flush();
        await();
        return;
      }
      out.write(b.bytes());
    }
  }

  // ---------------------------------------------------------------------------------- plumbing

  private void await() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String body(FakeHttp.Exchange ex) throws IOException {
    return new String(ex.body().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void send(FakeHttp.Exchange ex, int status, Object json) throws IOException {
    if (json == null) {
      ex.respond(status, new byte[0]);
      return;
    }
    ex.responseHeader("Content-Type", "application/json");
    ex.respond(status, Json.write(json).getBytes(StandardCharsets.UTF_8));
  }
}

package dev.upkeep.client.internal.consent;

import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.PrivateFiles;
import dev.upkeep.client.internal.transport.Endpoints;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.protocol.Json;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The user's request, made when they turn telemetry off, that the server forget what it holds under
 * their user id in each project this app delivered events to: {@code POST {endpoint
 * base}/v1/projects/{owner}/{name}/forget} with {@code {"user_id": "..."}}, the app's ingest key
 * when it has one, and the enrolled project's access token while it is valid (an Upkeep collector
 * then revokes that install).
 *
 * <p>The projects delivered to are kept in {@code <config>/apps/<app>/projects} (one {@code
 * owner/name} per line), written when a project is new, not per batch. Requests wait in {@code
 * <config>/apps/<app>/forget} (one {@code project TAB user id} per line) until the server answered
 * them for good: 2xx, or a refusal that asking again cannot change (other 4xx; a migas-server,
 * which has no such route, answers 404). A network error, 408, 429 or 5xx leaves them for later.
 * Both files are 0600. Requests are sent on one daemon thread ({@code upkeep-forget}); what is left
 * when the JVM exits is sent by the app's next run, whatever its consent, since it carries nothing
 * but the request. Never throws (failures give a DEBUG line). Thread-safe.
 */
public final class ForgetOnDisable {
  /** The file of requests waiting, under the app's directory. */
  static final String FORGET = "forget";

  /** The file of projects delivered to, under the app's directory. */
  static final String PROJECTS = "projects";

  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+");

  private final Path dir;
  private final Http http;
  private final URI endpoint;
  private final String ingestKey;
  private final Supplier<String> derivedUserId;

  private Set<String> projects;
  private Thread sender;
  private boolean running;
  private boolean asked;
  private String userId;
  private String enrolled;
  private String token;

  /**
   * @param appDir the app's directory ({@link SavedConsent#dir()}), or null: nothing can be kept,
   *     so nothing is asked
   * @param endpoint the server's endpoint, as events are sent to it, or null: nothing is asked
   * @param ingestKey the app's ingest key, or null
   * @param derivedUserId the id events were sent under when no id file is left (the policy's
   *     derived id; another app may have deleted the shared file), run on the sender thread; null
   *     when there is none
   */
  public ForgetOnDisable(
      Path appDir, Http http, URI endpoint, String ingestKey, Supplier<String> derivedUserId) {
    this.dir = endpoint == null ? null : appDir;
    this.http = http;
    this.endpoint = endpoint;
    this.ingestKey = ingestKey;
    this.derivedUserId = derivedUserId;
  }

  /**
   * A client's forgetting, started: what an earlier run left unanswered is sent in the background
   * ({@link #resume}) and, with {@code exitHook}, the JVM's exit waits for the sender up to {@code
   * exitMillis} ({@link #awaitAtExit}). Arguments as the constructor's.
   */
  public static ForgetOnDisable start(
      Path appDir,
      Http http,
      URI endpoint,
      String ingestKey,
      Supplier<String> derivedUserId,
      boolean exitHook,
      long exitMillis) {
    ForgetOnDisable f = new ForgetOnDisable(appDir, http, endpoint, ingestKey, derivedUserId);
    f.resume();
    if (exitHook) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> f.awaitAtExit(exitMillis), "upkeep-forget-exit"));
    }
    return f;
  }

  /** Records the projects of events the server answered (the sender thread calls it). */
  public synchronized void delivered(List<WireEvent> batch) {
    if (dir == null) {
      return;
    }
    Set<String> all = projects();
    int known = all.size();
    for (WireEvent e : batch) {
      if (e.project() != null) {
        all.add(e.project());
      }
    }
    if (all.size() > known) {
      write(PROJECTS, all);
    }
  }

  /**
   * Asks, on the sender thread, that the user be forgotten in every project recorded so far, which
   * are then forgotten here. Returns at once.
   *
   * @param userId the user id in the id file, or null when there is none (then the derived one, if
   *     any)
   * @param enrolled the project this install is enrolled for, or null
   * @param token its access token while valid, or null
   */
  public synchronized void request(String userId, String enrolled, String token) {
    if (dir != null) {
      this.asked = true;
      this.userId = userId;
      this.enrolled = enrolled;
      this.token = token;
      start();
    }
  }

  /** Sends, in the background, what an earlier run left unanswered. */
  public synchronized void resume() {
    if (dir != null && !read(FORGET).isEmpty()) {
      start();
    }
  }

  /** Waits up to {@code millis} for the sender to finish (at JVM exit). */
  public void awaitAtExit(long millis) {
    Thread t;
    synchronized (this) {
      t = sender;
    }
    try {
      if (t != null) {
        t.join(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void start() {
    if (!running) { // else the running sender takes up the new request before it ends
      running = true;
      sender = new Thread(this::sendAll, "upkeep-forget");
      sender.setDaemon(true);
      sender.start();
    }
  }

  private void sendAll() {
    for (boolean first = true; ; first = false) {
      boolean request;
      String id;
      String project;
      String bearer;
      synchronized (this) {
        request = asked;
        id = userId;
        project = enrolled;
        bearer = token;
        asked = false;
        if (!request && !first) {
          running = false;
          return;
        }
      }
      try {
        if (request) {
          queue(id != null || derivedUserId == null ? id : derivedUserId.get());
        }
        send(project, bearer);
      } catch (RuntimeException e) {
        Log.debug("asking the server to forget the user: " + e);
      }
    }
  }

  /** Adds a request per recorded project for {@code id}, then forgets the projects. */
  private synchronized void queue(String id) {
    Set<String> lines = new LinkedHashSet<>(read(FORGET));
    for (String project : projects()) {
      if (id != null && PROJECT.matcher(project).matches()) {
        lines.add(project + "\t" + id);
      }
    }
    if (write(FORGET, lines)) {
      projects.clear();
      write(PROJECTS, projects);
    }
  }

  /** Sends every waiting request in order; stops at the first that must wait. */
  private void send(String project, String bearer) {
    List<String> waiting;
    synchronized (this) {
      waiting = read(FORGET);
    }
    List<String> left = new ArrayList<>(waiting);
    for (String line : waiting) {
      int tab = line.indexOf('\t');
      if (tab > 0 && !answered(line.substring(0, tab), line.substring(tab + 1), project, bearer)) {
        break; // the rest waits too; a line without a project is dropped
      }
      left.remove(line);
    }
    synchronized (this) {
      Set<String> now = new LinkedHashSet<>(read(FORGET)); // requests added meanwhile stay
      now.removeAll(waiting);
      now.addAll(left);
      write(FORGET, now);
    }
  }

  /** Whether the server answered the request for good. */
  private boolean answered(String project, String id, String enrolledProject, String bearer) {
    Map<String, String> headers = new HashMap<>();
    if (ingestKey != null) {
      headers.put("X-Upkeep-Ingest-Key", ingestKey);
    }
    if (bearer != null && project.equals(enrolledProject)) {
      headers.put("Authorization", "Bearer " + bearer);
    }
    byte[] body = Json.write(Map.of("user_id", id)).getBytes(StandardCharsets.UTF_8);
    URI uri = Endpoints.resolve(endpoint, "v1/projects/" + project + "/forget");
    try {
      Http.Response r = http.exchange("POST", uri, "application/json", body, headers);
      boolean later = r.retryable() || r.status == 408 || r.status >= 500;
      if (!r.ok() && !later) {
        Log.warn("the server refused to forget the user in " + project + ": " + r.body);
      }
      return !later;
    } catch (IOException e) {
      return false; // asked again by the next run
    }
  }

  private Set<String> projects() {
    if (projects == null) {
      projects = new LinkedHashSet<>(read(PROJECTS));
    }
    return projects;
  }

  /**
   * The non-blank lines of a file of the app's directory; none when it is missing or unreadable.
   */
  private List<String> read(String name) {
    List<String> out = new ArrayList<>();
    try {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            out.add(line.trim());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot read " + name + " in " + dir + ": " + e);
    }
    return out;
  }

  /** Replaces a file of the app's directory, deleting it when empty; false on failure. */
  private boolean write(String name, Collection<String> lines) {
    try {
      Path file = dir.resolve(name);
      if (lines.isEmpty()) {
        Files.deleteIfExists(file);
      } else {
        PrivateFiles.write(
            file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return true;
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot write " + name + " in " + dir + ": " + e);
      return false;
    }
  }
}

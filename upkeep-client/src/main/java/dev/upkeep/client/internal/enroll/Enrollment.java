package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.SecretStore;
import dev.upkeep.client.internal.transport.Endpoints;
import dev.upkeep.client.internal.transport.Http;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Enrolls this install with an Upkeep server: OAuth 2.0 authorization code with PKCE (RFC 7636,
 * {@code S256}) and a loopback redirect (RFC 8252 section 7.3), as issue 4's contract section B
 * describes.
 *
 * <ol>
 *   <li>Makes a {@link Pkce} verifier, challenge and {@code state}; opens a {@link
 *       LoopbackReceiver} on {@code http://127.0.0.1:<port>/callback}.
 *   <li>Hands {@code {endpoint}/oauth/authorize?response_type=code&client_id=<project>
 *       &redirect_uri=..&state=..&code_challenge=..&code_challenge_method=S256&scope=usage} to the
 *       {@code browser} (e.g. {@link Browsers#open}); the user allows or denies there.
 *   <li>Waits up to {@code timeout} for the callback. A {@code state} that does not match ends the
 *       enrollment without exchanging anything ({@link Outcome#STATE_MISMATCH}); {@code
 *       error=access_denied} ends it as {@link Outcome#DENIED}.
 *   <li>Exchanges the code at {@code {endpoint}/oauth/token} with the verifier, and saves the
 *       {@link Credentials} under {@code key} in the {@link SecretStore}.
 * </ol>
 *
 * The browser's page says whether enrollment succeeded only once the code is exchanged and saved.
 *
 * <p>Never throws: every failure is a {@link Result} with a reason. Blocks the calling thread for
 * up to {@code timeout} plus one token exchange: run it on a thread of its own or from a command
 * the user started, never from a tracking call. Stateless and thread-safe; each run has its own
 * port.
 */
public final class Enrollment {
  /** The scope asked for: {@value}. */
  public static final String SCOPE = "usage";

  private Enrollment() {}

  /** How an enrollment ended. */
  public enum Outcome {
    /** Credentials were issued and stored. */
    ENROLLED,
    /** The user declined on the consent page ({@code error=access_denied}). */
    DENIED,
    /** No answer came within the timeout. */
    TIMED_OUT,
    /** The answer's {@code state} did not match this request's: nothing was exchanged. */
    STATE_MISMATCH,
    /** The server refused the request or the code ({@code invalid_grant}, another error). */
    REFUSED,
    /** The server could not be reached or failed (network, 5xx, 429): try again later. */
    UNAVAILABLE,
    /** A local problem: bad arguments, no loopback socket, no browser, no place to store. */
    FAILED
  }

  /**
   * An enrollment's result: its {@link Outcome}, the install id when enrolled, and a reason a
   * person can read otherwise. Immutable, thread-safe.
   */
  public static final class Result {
    private final Outcome outcome;
    private final Credentials credentials;
    private final String reason;

    private Result(Outcome outcome, Credentials credentials, String reason) {
      this.outcome = outcome;
      this.credentials = credentials;
      this.reason = reason;
    }

    static Result enrolled(Credentials credentials) {
      return new Result(Outcome.ENROLLED, credentials, "enrolled as " + credentials.installId());
    }

    /** A failed enrollment: how it ended and why, in words a person can read. */
    public static Result failed(Outcome outcome, String reason) {
      return new Result(outcome, null, reason);
    }

    public Outcome outcome() {
      return outcome;
    }

    /** Whether the install is now enrolled (credentials issued and stored). */
    public boolean enrolled() {
      return outcome == Outcome.ENROLLED;
    }

    /** The install id; null unless enrolled. */
    public String installId() {
      return credentials == null ? null : credentials.installId();
    }

    /** The stored credentials (for {@link TokenKeeper#adopt}); null unless enrolled. */
    public Credentials credentials() {
      return credentials;
    }

    /** What happened, e.g. "enrolled as in_…" or "the server refused the code (invalid_grant)". */
    public String reason() {
      return reason;
    }

    @Override
    public String toString() {
      return outcome + ": " + reason;
    }
  }

  /**
   * Runs one enrollment (see the class description).
   *
   * @param http the client's HTTP exchange (proxy, timeouts, user agent)
   * @param endpoint the Upkeep server, as configured
   * @param project the project, {@code owner/name}: the OAuth client id
   * @param browser shows the authorization URL to the user, e.g. {@link Browsers#open}; if it
   *     throws, the enrollment fails at once
   * @param timeout how long to wait for the user, e.g. {@code
   *     UpkeepClient.DEFAULT_ENROLLMENT_TIMEOUT}
   * @param store where to save the credentials
   * @param key the credentials' key in {@code store}
   * @param clock the time the credentials' expiry counts from, epoch milliseconds
   * @return the result; never null
   */
  public static Result run(
      Http http,
      URI endpoint,
      String project,
      Consumer<URI> browser,
      Duration timeout,
      SecretStore store,
      String key,
      LongSupplier clock) {
    try {
      String missing = missing(http, endpoint, project, browser, timeout, store, key);
      if (missing != null) {
        return Result.failed(Outcome.FAILED, "cannot enroll: " + missing);
      }
      Pkce pkce = Pkce.create();
      try (LoopbackReceiver receiver = new LoopbackReceiver()) {
        URI authorize = authorizeUri(endpoint, project, receiver.redirectUri(), pkce);
        try {
          browser.accept(authorize);
        } catch (RuntimeException e) {
          return Result.failed(
              Outcome.FAILED, "cannot show the enrollment page " + authorize + ": " + e);
        }
        OAuthClient oauth = new OAuthClient(http);
        AtomicReference<Result> decided = new AtomicReference<>();
        Map<String, String> params =
            receiver.await(
                timeout,
                p -> {
                  Result r =
                      answer(
                          p,
                          pkce,
                          oauth,
                          endpoint,
                          project,
                          receiver.redirectUri(),
                          store,
                          key,
                          clock);
                  decided.set(r);
                  return r.enrolled() ? null : r.reason();
                });
        if (params == null) {
          return Result.failed(
              Outcome.TIMED_OUT,
              "no answer from the browser within "
                  + timeout.toSeconds()
                  + " s; open "
                  + authorize
                  + " to enroll, or try again");
        }
        Result r = decided.get();
        return r != null
            ? r
            : Result.failed(Outcome.FAILED, "the enrollment answer could not be handled");
      }
    } catch (IOException e) {
      return Result.failed(
          Outcome.FAILED, "cannot listen on 127.0.0.1 for the enrollment answer: " + e);
    } catch (RuntimeException e) {
      return Result.failed(Outcome.FAILED, "enrollment failed: " + e);
    }
  }

  /** Decides a callback: runs on the receiver's connection thread, before the page is sent. */
  static Result answer(
      Map<String, String> params,
      Pkce pkce,
      OAuthClient oauth,
      URI endpoint,
      String project,
      URI redirectUri,
      SecretStore store,
      String key,
      LongSupplier clock) {
    String state = params.get("state");
    if (state == null || !constantTimeEquals(state, pkce.state())) {
      return Result.failed(
          Outcome.STATE_MISMATCH,
          "the answer does not belong to this enrollment (state mismatch); nothing was exchanged");
    }
    String error = params.get("error");
    if (error != null) {
      String description = params.get("error_description");
      return "access_denied".equals(error)
          ? Result.failed(Outcome.DENIED, "enrollment was declined in the browser")
          : Result.failed(
              Outcome.REFUSED,
              "the server answered " + error + (description == null ? "" : ": " + description));
    }
    String code = params.get("code");
    if (code == null || code.isEmpty()) {
      return Result.failed(Outcome.REFUSED, "the answer holds no authorization code");
    }
    OAuthClient.TokenResponse t =
        oauth.exchange(endpoint, project, code, pkce.verifier(), redirectUri);
    if (t.retryLater()) {
      return Result.failed(
          Outcome.UNAVAILABLE, "cannot exchange the code; try again later: " + t.description());
    }
    if (t.refused()) {
      return Result.failed(
          Outcome.REFUSED,
          "the server refused the code ("
              + t.error()
              + (t.description().isEmpty() ? "" : ": " + t.description())
              + ")");
    }
    Credentials c;
    try {
      c = Credentials.from(t, null, clock.getAsLong());
    } catch (IllegalArgumentException e) {
      return Result.failed(
          Outcome.UNAVAILABLE, "the server's answer is incomplete: " + e.getMessage());
    }
    boolean saved;
    try {
      saved = store.save(key, c.toJson());
    } catch (RuntimeException | LinkageError e) {
      saved = false;
    }
    if (!saved) {
      return Result.failed(
          Outcome.FAILED,
          "enrolled as "
              + c.installId()
              + " but the credentials could not be stored in "
              + store.name()
              + "; check that directory's permissions and enroll again");
    }
    return Result.enrolled(c);
  }

  /** {@code {endpoint}/oauth/authorize?...} with every parameter of contract section B.1. */
  static URI authorizeUri(URI endpoint, String project, URI redirectUri, Pkce pkce) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", project);
    q.put("redirect_uri", redirectUri.toString());
    q.put("state", pkce.state());
    q.put("code_challenge", pkce.challenge());
    q.put("code_challenge_method", Pkce.METHOD);
    q.put("scope", SCOPE);
    StringJoiner query = new StringJoiner("&");
    for (Map.Entry<String, String> p : q.entrySet()) {
      query.add(p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
    }
    return URI.create(Endpoints.resolve(endpoint, "oauth/authorize") + "?" + query);
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String missing(
      Http http,
      URI endpoint,
      String project,
      Consumer<URI> browser,
      Duration timeout,
      SecretStore store,
      String key) {
    StringJoiner m = new StringJoiner(", ");
    if (http == null) {
      m.add("http is null");
    }
    if (endpoint == null) {
      m.add("endpoint is null");
    }
    if (project == null || project.isBlank()) {
      m.add("project must be owner/name, was " + (project == null ? "null" : "blank"));
    }
    if (browser == null) {
      m.add("browser is null");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      m.add("timeout must be positive, was " + timeout);
    }
    if (store == null) {
      m.add("store is null");
    }
    if (key == null || key.isEmpty()) {
      m.add("key is empty");
    }
    return m.length() == 0 ? null : m.toString();
  }
}

package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.SecretStore;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.client.internal.transport.InstallAuth;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps one enrolled install's {@link Credentials} (one endpoint and project, stored under one key
 * of a {@link SecretStore}) and hands out a current access token, refreshing it through {@link
 * OAuthClient#refresh} when it expires within {@link #DEFAULT_REFRESH_MARGIN_MILLIS}.
 *
 * <ul>
 *   <li><b>Single flight.</b> At most one refresh runs at a time. A thread that finds a refresh in
 *       progress gets the current token at once if it has not expired yet, else waits for that
 *       refresh (bounded by the {@link Http} timeouts) and takes its result; it never starts a
 *       second one.
 *   <li><b>Refused for good</b> (400/401, e.g. {@code invalid_grant}: the install was revoked or
 *       the refresh token was used elsewhere): the stored credentials are deleted, {@link
 *       #accessToken} returns null from then on, and {@code onRevoked} runs exactly once, on the
 *       refreshing thread (the caller falls back to local mode). Before giving up, the store is
 *       read again: if another process of the same app refreshed meanwhile (the server rotates
 *       refresh tokens), its newer credentials are adopted instead.
 *   <li><b>Try later</b> (network, timeout, 429, 5xx): the credentials are kept; the old token is
 *       returned while it has not actually expired, else null (the caller keeps its events on disk
 *       and tries again later; the next call tries to refresh again).
 * </ul>
 *
 * <p>A refresh that was under way when {@link #adopt} or {@link #forget} ran (the user enrolled
 * again or opted out) is dropped when it ends: it neither stores nor revokes anything.
 *
 * <p>Credentials are loaded from the store lazily, on the first call that needs them. Thread-safe;
 * never throws (a store or callback that throws is logged at DEBUG and treated as failed). Does
 * I/O: call it from the sender thread, not the application's calling thread.
 */
public final class TokenKeeper implements InstallAuth {
  /**
   * How long before expiry an access token is refreshed, in milliseconds: {@value} (one minute).
   */
  public static final long DEFAULT_REFRESH_MARGIN_MILLIS = 60_000;

  private final OAuthClient oauth;
  private final URI endpoint;
  private final String clientId;
  private final SecretStore store;
  private final String key;
  private final Runnable onRevoked;
  private final AtomicBoolean revokedReported = new AtomicBoolean();

  private final Object lock = new Object();
  private Credentials current; // guarded by lock
  private boolean loaded; // guarded by lock
  private boolean revoked; // guarded by lock
  private CompletableFuture<Void> refreshing; // guarded by lock

  /** Bumped by adopt, forget and revocation: a refresh begun earlier must not undo them. */
  private long generation; // guarded by lock

  /**
   * @param oauth the token endpoint client
   * @param endpoint the Upkeep server, as configured
   * @param clientId the project, {@code owner/name}
   * @param store where the credentials are kept
   * @param key the credentials' key in {@code store}
   * @param onRevoked run once when the server refuses a refresh for good; must not block long
   * @throws NullPointerException if an argument is null
   */
  public TokenKeeper(
      OAuthClient oauth,
      URI endpoint,
      String clientId,
      SecretStore store,
      String key,
      Runnable onRevoked) {
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.store = Objects.requireNonNull(store, "store");
    this.key = Objects.requireNonNull(key, "key");
    this.onRevoked = Objects.requireNonNull(onRevoked, "onRevoked");
  }

  /** The project, {@code owner/name} (the OAuth client id). */
  @Override
  public String project() {
    return clientId;
  }

  /**
   * A bearer token valid at {@code nowMillis}, refreshing first if the current one expires within
   * {@link #DEFAULT_REFRESH_MARGIN_MILLIS}.
   *
   * @param nowMillis the current time, epoch milliseconds (from the client's clock)
   * @return the access token, or null if there are no credentials (not enrolled, or revoked) or the
   *     token has expired and could not be refreshed now
   */
  @Override
  public String accessToken(long nowMillis) {
    CompletableFuture<Void> mine = null;
    CompletableFuture<Void> other = null;
    Credentials used;
    long gen;
    synchronized (lock) {
      gen = generation;
      if (revoked) {
        return null;
      }
      loadOnce();
      used = current;
      if (used == null) {
        return null;
      }
      if (!used.expiresWithin(DEFAULT_REFRESH_MARGIN_MILLIS, nowMillis)) {
        return used.accessToken();
      }
      if (refreshing == null) {
        mine = new CompletableFuture<>();
        refreshing = mine;
      } else if (used.expiresAtMillis() > nowMillis) {
        return used.accessToken();
      } else {
        other = refreshing;
      }
    }
    if (other != null) {
      return afterRefresh(other, nowMillis);
    }
    try {
      return refresh(used, gen, nowMillis);
    } finally {
      synchronized (lock) {
        refreshing = null;
      }
      mine.complete(null);
    }
  }

  /** The current credentials (loading them on first use), or null if there are none. */
  public Credentials credentials() {
    synchronized (lock) {
      if (revoked) {
        return null;
      }
      loadOnce();
      return current;
    }
  }

  /**
   * Adopts new credentials, e.g. from {@link Enrollment}: stores them and uses them from now on; a
   * later refusal reports {@code onRevoked} again.
   *
   * @return whether the store kept them (they are used in memory either way)
   */
  public boolean adopt(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    synchronized (lock) {
      generation++;
      current = credentials;
      loaded = true;
      revoked = false;
      revokedReported.set(false);
      return save(credentials);
    }
  }

  /** Deletes the stored credentials without reporting a revocation (the user left). */
  public void forget() {
    synchronized (lock) {
      generation++;
      current = null;
      loaded = true;
      delete();
    }
  }

  /** Whether the server refused a refresh for good since the last {@link #adopt}. */
  public boolean revoked() {
    synchronized (lock) {
      return revoked;
    }
  }

  private String afterRefresh(CompletableFuture<Void> other, long nowMillis) {
    try {
      other.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      return null;
    }
    synchronized (lock) {
      return currentToken(nowMillis);
    }
  }

  /**
   * Runs on the one refreshing thread, outside the lock. Its results are applied only if nothing
   * was adopted, forgotten or revoked since it began ({@code gen}); otherwise they are dropped.
   */
  private String refresh(Credentials used, long gen, long nowMillis) {
    Credentials stored = load();
    if (stored != null && !stored.refreshToken().equals(used.refreshToken())) {
      // another process of this app refreshed first; its tokens are the current ones
      synchronized (lock) {
        if (generation != gen) {
          return currentToken(nowMillis);
        }
        current = stored;
      }
      if (!stored.expiresWithin(DEFAULT_REFRESH_MARGIN_MILLIS, nowMillis)) {
        return stored.accessToken();
      }
      used = stored;
    }
    OAuthClient.TokenResponse r = oauth.refresh(endpoint, clientId, used.refreshToken());
    if (r.granted()) {
      Credentials fresh;
      try {
        fresh = Credentials.from(r, used.installId(), nowMillis);
      } catch (RuntimeException e) {
        Log.debug("cannot use the refreshed token of " + clientId + ": " + e);
        return used.expiresAtMillis() > nowMillis ? used.accessToken() : null;
      }
      synchronized (lock) {
        if (generation != gen) {
          return currentToken(nowMillis); // forgotten or replaced meanwhile: do not bring back
        }
        current = fresh;
        if (!save(fresh)) {
          if (Log.warning()) {
            Log.warn(
                "the refreshed credentials of "
                    + clientId
                    + " could not be stored in "
                    + describeStore()
                    + "; the next run of this app will have to enroll again");
          }
        }
      }
      return fresh.accessToken();
    }
    if (r.refused()) {
      return refused(used, gen, r, nowMillis);
    }
    Credentials kept = used;
    Log.debug("refreshing the token of " + clientId + " failed, trying later: " + r);
    return kept.expiresAtMillis() > nowMillis ? kept.accessToken() : null;
  }

  private String refused(Credentials used, long gen, OAuthClient.TokenResponse r, long nowMillis) {
    Credentials stored = load();
    synchronized (lock) {
      if (generation != gen) {
        return currentToken(nowMillis);
      }
      if (stored != null && !stored.refreshToken().equals(used.refreshToken())) {
        current = stored; // another process rotated the refresh token: not a revocation
        return stored.expiresAtMillis() > nowMillis ? stored.accessToken() : null;
      }
      generation++;
      current = null;
      revoked = true;
      delete();
    }
    Log.warn(
        "the server at "
            + endpoint
            + " refused to refresh the enrollment of "
            + clientId
            + " ("
            + r.error()
            + (r.description().isEmpty() ? "" : ": " + r.description())
            + "); its credentials were deleted and usage data stays on this machine until"
            + " it is enrolled again");
    if (revokedReported.compareAndSet(false, true)) {
      try {
        onRevoked.run();
      } catch (RuntimeException e) {
        Log.debug("the revocation callback failed: " + e);
      }
    }
    return null;
  }

  /** The current token if valid at {@code nowMillis}, else null. Call holding the lock. */
  private String currentToken(long nowMillis) {
    Credentials c = current;
    return !revoked && c != null && c.expiresAtMillis() > nowMillis ? c.accessToken() : null;
  }

  private void loadOnce() {
    if (!loaded) {
      current = load();
      loaded = true;
    }
  }

  private Credentials load() {
    String json;
    try {
      json = store.load(key);
    } catch (RuntimeException | LinkageError e) {
      if (Log.debugging()) {
        Log.debug(describeStore() + " failed to load " + key + ": " + e);
      }
      return null;
    }
    if (json == null) {
      return null;
    }
    try {
      return Credentials.fromJson(json);
    } catch (RuntimeException e) {
      Log.debug("the credentials under " + key + " are unreadable: " + e.getMessage());
      return null;
    }
  }

  private boolean save(Credentials c) {
    try {
      return store.save(key, c.toJson());
    } catch (RuntimeException | LinkageError e) {
      if (Log.debugging()) {
        Log.debug(describeStore() + " failed to save " + key + ": " + e);
      }
      return false;
    }
  }

  private void delete() {
    try {
      store.delete(key);
    } catch (RuntimeException | LinkageError e) {
      if (Log.debugging()) {
        Log.debug(describeStore() + " failed to delete " + key + ": " + e);
      }
    }
  }

  private String describeStore() {
    try {
      return store.name();
    } catch (RuntimeException | LinkageError e) {
      return store.getClass().getName();
    }
  }
}

package dev.upkeep.server.projects;

import dev.upkeep.server.changes.StoreCache;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Per-project ingest keys: an optional key that {@code POST /v1/events} requires, in {@code
 * X-Upkeep-Ingest-Key}, of every event of a project that has one (unless the request carries an
 * install token of that project). Like PostHog's project API key it is public — apps embed it — so
 * it does not authenticate anyone; it keeps events of other origins (a typo'd or copied project
 * name, a script posting at random) out of the project's Upkeep events, and rotating it cuts off
 * every copy of an app built with the old key. Off by default. Only {@code /v1/events} checks it:
 * migas, usagestats and otumat clients cannot send it, so their routes take the project's events as
 * before.
 *
 * <p>Keys are {@code upk_ik_} and 32 URL-safe Base64 characters (192 random bits). Each node keeps
 * a project's key in memory, dropped when it is rotated or removed: on this node at once, on the
 * other collectors of a shared database through {@link #forget} (their {@link
 * dev.upkeep.server.changes.ChangeWatcher}, within about a second), and in any case after {@link
 * #TTL}. Thread-safe.
 */
public final class IngestKeys {
  /** The request header that carries a project's ingest key. */
  public static final String HEADER = "X-Upkeep-Ingest-Key";

  /**
   * Why a request was refused for want of the project's key: {@code Project "owner/name" takes
   * events only with its ingest key (X-Upkeep-Ingest-Key is missing).} ({@code does not match} when
   * one was presented).
   */
  public static String refusal(String project, String presented) {
    return "Project \""
        + project
        + "\" takes events only with its ingest key ("
        + HEADER
        + (presented == null ? " is missing)." : " does not match).");
  }

  /** Longest a node keeps a project's key before reading it again: 5 minutes. */
  static final Duration TTL = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProjectStore store;
  private final ProjectRegistry registry;
  private final StoreCache<Long, Optional<String>> cache;

  public IngestKeys(ProjectStore store, ProjectRegistry registry, Clock clock) {
    this.store = store;
    this.registry = registry;
    this.cache = new StoreCache<>(TTL, clock);
  }

  /**
   * Whether a request presenting {@code presented} (the header's value, or null) may send events of
   * {@code project}: always when the project has no key, else only with that key (compared in
   * constant time).
   */
  public boolean admits(Project project, String presented) {
    Optional<String> key = cache.get(project.id(), store::ingestKey);
    if (key.isEmpty()) {
      return true;
    }
    return presented != null
        && MessageDigest.isEqual(
            key.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Gives the project a new ingest key, replacing any it had.
   *
   * @return the new key
   * @throws UnknownProjectException if the project is not registered
   */
  public String rotate(String name) {
    Project p = registry.require(name);
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    String key = "upk_ik_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    store.setIngestKey(name, key);
    cache.drop(p.id());
    return key;
  }

  /**
   * Removes the project's ingest key: its events are taken without one again.
   *
   * @throws UnknownProjectException if the project is not registered
   */
  public void remove(String name) {
    Project p = registry.require(name);
    store.setIngestKey(name, null);
    cache.drop(p.id());
  }

  /** Drops the cached key of a project whose row changed (on this node or another). */
  public void forget(long projectId) {
    cache.drop(projectId);
  }

  /** The project's key, if it has one (for its maintainer). */
  public Optional<String> of(String name) {
    return store.ingestKey(registry.require(name).id());
  }
}

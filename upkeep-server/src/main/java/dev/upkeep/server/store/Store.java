package dev.upkeep.server.store;

/**
 * The collector's storage: events, projects with their versions and release sources, tokens, and
 * enrolled installs. One instance per server; every method is thread-safe. Implementations: the
 * embedded SQLite store (default) and PostgreSQL, both in {@code dev.upkeep.server.store.jdbc},
 * tested by one contract suite.
 */
public interface Store extends AutoCloseable {
  EventStore events();

  ProjectStore projects();

  TokenStore tokens();

  /** Enrolled installs (otumat and Upkeep's own enrollment), their tokens and codes. */
  InstallStore installs();

  /** Release sources configured per project and their last good snapshots. */
  VersionSourceStore versionSources();

  /** Releases hosted by the collector: records, title owners, blob readers, downloads. */
  ReleaseStore releases();

  /** What the store holds about one person: exports of a user id's data. */
  PrivacyStore privacy();

  /** Release health alert rules, their alerts and delivery log. */
  AlertStore alerts();

  /**
   * Revisions of what collectors cache, for collectors sharing the store (see {@link ChangeLog}).
   */
  ChangeLog changes();

  /**
   * Health check: a trivial query on a pooled connection.
   *
   * @throws StoreException when the store cannot answer
   */
  void check();

  /** A short name for logs and health output, e.g. {@code sqlite:/srv/upkeep/upkeep.db}. */
  String describe();

  /** Closes every connection; idempotent. */
  @Override
  void close();
}

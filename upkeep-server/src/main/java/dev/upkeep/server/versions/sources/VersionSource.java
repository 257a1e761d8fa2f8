package dev.upkeep.server.versions.sources;

import dev.upkeep.server.store.SourceSnapshot;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a project's released versions, and possibly its bad versions, come from: one configured
 * source such as a Maven repository's {@code maven-metadata.xml} or a GitHub repository.
 *
 * <p>{@link #fetch} is blocking and is only ever called from {@link VersionSources}' background
 * threads, never on a request's thread, and never twice at once for one source; answers are cached
 * there (a TTL with stale-while-revalidate), so an implementation keeps no cache of its own.
 * Implementations are immutable apart from the HTTP client they share.
 */
public interface VersionSource {
  /** The kind of source; decides its place in the order of sources. */
  SourceKind kind();

  /** What is asked about: {@code groupId:artifactId}, {@code owner/repo}. */
  String reference();

  /** The URL the versions are read from, for people (e.g. {@code upkeep version sources}). */
  String url();

  /**
   * Fetches the source's current versions and flags.
   *
   * @param now the time stamped on the snapshot (the start of this fetch)
   * @param timeout the longest the whole fetch may take; beyond it the fetch fails
   * @return what the source lists now; versions with a leading {@code v} stripped
   * @throws SourceException when the source cannot answer: unreachable, too slow, rate-limited, or
   *     answering something that is not what it should be; the message says which
   */
  SourceSnapshot fetch(Instant now, Duration timeout) throws SourceException;
}

package dev.upkeep.server.versions.sources;

import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.SourceSnapshot;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The versions of {@code groupId:artifactId} in a Maven repository: {@code <base>/<groupId with
 * dots as slashes>/<artifactId>/maven-metadata.xml}. Every listed version is a release here; which
 * are pre-releases is the Maven version scheme's decision. A Maven repository flags nothing.
 */
final class MavenSource implements VersionSource {
  /** {@code groupId:artifactId}: Maven's characters for both. */
  static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$");

  private final String reference;
  private final URI url;
  private final SourceHttp http;

  /**
   * @param repository the repository's base URL, no trailing slash
   * @throws IllegalArgumentException if the reference is not {@code groupId:artifactId}
   */
  MavenSource(String reference, URI repository, SourceHttp http) {
    requireReference(reference);
    this.reference = reference;
    int colon = reference.indexOf(':');
    String path =
        "/"
            + reference.substring(0, colon).replace('.', '/')
            + "/"
            + reference.substring(colon + 1)
            + "/maven-metadata.xml";
    this.url = URI.create(repository.toString() + path);
    this.http = http;
  }

  /**
   * Checks a Maven reference.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  static void requireReference(String reference) {
    if (reference == null || !REFERENCE.matcher(reference).matches()) {
      throw new IllegalArgumentException(
          "a maven source is \"groupId:artifactId\" (e.g. info.picocli:picocli), was \""
              + reference
              + "\"");
    }
  }

  @Override
  public SourceKind kind() {
    return SourceKind.MAVEN;
  }

  @Override
  public String reference() {
    return reference;
  }

  @Override
  public String url() {
    return url.toString();
  }

  @Override
  public SourceSnapshot fetch(Instant now, Duration timeout) throws SourceException {
    SourceHttp.Response r =
        http.get(
            url, Map.of("Accept", "application/xml"), SourceHttp.Deadline.after(timeout), false);
    List<SourceRelease> releases =
        MavenMetadata.versions(r.body(), url.toString()).stream()
            .map(v -> new SourceRelease(v, false))
            .toList();
    return new SourceSnapshot(now, releases, List.of());
  }
}

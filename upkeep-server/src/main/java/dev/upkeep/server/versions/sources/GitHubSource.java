package dev.upkeep.server.versions.sources;

import dev.upkeep.server.store.SourceFlag;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.SourceSnapshot;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The versions of a GitHub repository {@code owner/repo} from the REST API at a configurable base
 * URL: {@code GET /repos/{owner}/{repo}/releases} (drafts skipped, {@code prerelease} respected),
 * {@code GET /repos/{owner}/{repo}/tags}, both 100 a page following {@code Link: rel="next"} up to
 * {@link #MAX_PAGES} pages, and the flags of {@code bad_versions} in the repository's {@code
 * .migas.json} on its default branch ({@code GET /repos/{owner}/{repo}/contents/.migas.json}; 404
 * means no flags). Names that are not versions (a digit first after a leading {@code v}) are
 * skipped. A release's pre-release flag wins over its tag. With a token, every request sends {@code
 * Authorization: Bearer <token>}. The whole fetch shares one timeout.
 */
final class GitHubSource implements VersionSource {
  /** {@code owner/repo} as GitHub allows them. */
  static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");

  /** Most pages read of releases and of tags: {@value} (1000 of each). */
  static final int MAX_PAGES = 10;

  private final String reference;
  private final URI repo;
  private final String token;
  private final SourceHttp http;

  /**
   * @param api the API's base URL, no trailing slash
   * @param token a token, or null
   * @throws IllegalArgumentException if the reference is not {@code owner/repo}
   */
  GitHubSource(String reference, URI api, String token, SourceHttp http) {
    requireReference(reference);
    this.reference = reference;
    this.repo = URI.create(api + "/repos/" + reference);
    this.token = token;
    this.http = http;
  }

  /**
   * Checks a GitHub reference.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  static void requireReference(String reference) {
    if (reference == null || !REFERENCE.matcher(reference).matches()) {
      throw new IllegalArgumentException(
          "a github source is \"owner/repo\" (e.g. nipreps/fmriprep), was \"" + reference + "\"");
    }
  }

  @Override
  public SourceKind kind() {
    return SourceKind.GITHUB;
  }

  @Override
  public String reference() {
    return reference;
  }

  @Override
  public String url() {
    return repo.toString();
  }

  @Override
  public SourceSnapshot fetch(Instant now, Duration timeout) throws SourceException {
    SourceHttp.Deadline deadline = SourceHttp.Deadline.after(timeout);
    Map<String, SourceRelease> releases = new LinkedHashMap<>();
    for (byte[] page : pages(URI.create(repo + "/releases?per_page=100"), deadline)) {
      for (SourceRelease r : GitHubJson.releases(page, "releases of " + reference)) {
        releases.putIfAbsent(r.version(), r);
      }
    }
    for (byte[] page : pages(URI.create(repo + "/tags?per_page=100"), deadline)) {
      for (String v : GitHubJson.tags(page, "tags of " + reference)) {
        releases.putIfAbsent(v, new SourceRelease(v, false));
      }
    }
    return new SourceSnapshot(now, new ArrayList<>(releases.values()), badVersions(deadline));
  }

  private List<SourceFlag> badVersions(SourceHttp.Deadline deadline) throws SourceException {
    SourceHttp.Response r =
        http.get(URI.create(repo + "/contents/.migas.json"), headers(), deadline, true);
    if (r.status() == 404) {
      return List.of();
    }
    byte[] content = GitHubJson.fileContent(r.body(), ".migas.json of " + reference);
    return GitHubJson.badVersions(content, reference);
  }

  private List<byte[]> pages(URI first, SourceHttp.Deadline deadline) throws SourceException {
    List<byte[]> out = new ArrayList<>();
    Optional<URI> next = Optional.of(first);
    while (next.isPresent() && out.size() < MAX_PAGES) {
      SourceHttp.Response r = http.get(next.get(), headers(), deadline, false);
      out.add(r.body());
      next = r.next().filter(this::sameApi);
    }
    return out;
  }

  /** Whether a {@code Link} URL stays on the API (a token is never sent anywhere else). */
  private boolean sameApi(URI link) {
    return repo.getScheme().equalsIgnoreCase(String.valueOf(link.getScheme()))
        && repo.getHost().equalsIgnoreCase(String.valueOf(link.getHost()))
        && repo.getPort() == link.getPort();
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/vnd.github+json");
    h.put("X-GitHub-Api-Version", "2022-11-28");
    h.put("User-Agent", "upkeep-server");
    if (token != null) {
      h.put("Authorization", "Bearer " + token);
    }
    return h;
  }
}

package dev.upkeep.server.versions.sources;

import dev.upkeep.server.settings.DurationText;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The server's settings for release sources (keys of {@code upkeep serve}'s configuration in
 * brackets). Immutable; {@link #defaults()} holds every default, the {@code with*} methods validate
 * and name the setting in their exception.
 *
 * @param mavenRepositoryUrl {@code maven-repository-url}: your Maven repository's base URL, used by
 *     Maven sources configured without their own; null (the default) means none
 * @param githubApiUrl {@code github-api-url}: base URL of the GitHub REST API, default {@link
 *     #DEFAULT_GITHUB_API_URL}
 * @param githubToken {@code github-token}: sent as {@code Authorization: Bearer} to the GitHub API
 *     (5000 requests an hour instead of 60), or null
 * @param ttl {@code version-source-ttl}: how long a fetched answer is fresh, default {@link
 *     #DEFAULT_TTL}; no source is asked more than once per TTL
 * @param timeout {@code version-source-timeout}: the longest one fetch may take, default {@link
 *     #DEFAULT_TIMEOUT}
 * @param firstFetchWait the longest a check waits for the first-ever fetch of a source before it
 *     answers without it, default {@link #DEFAULT_FIRST_FETCH_WAIT}
 */
public record SourceSettings(
    URI mavenRepositoryUrl,
    URI githubApiUrl,
    String githubToken,
    Duration ttl,
    Duration timeout,
    Duration firstFetchWait) {
  /** Default GitHub REST API base URL: {@value}. */
  public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";

  /** Default time a fetched answer is fresh: 15 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

  /** Default longest fetch: 3 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** Default longest wait of a check for a source's first-ever fetch: 500 ms. */
  public static final Duration DEFAULT_FIRST_FETCH_WAIT = Duration.ofMillis(500);

  public SourceSettings {
    Objects.requireNonNull(githubApiUrl, "github-api-url");
    positive("version-source-ttl", ttl);
    positive("version-source-timeout", timeout);
    Objects.requireNonNull(firstFetchWait, "firstFetchWait");
    if (firstFetchWait.isNegative()) {
      throw new IllegalArgumentException(
          "firstFetchWait must not be negative, was " + firstFetchWait);
    }
  }

  /** Every default: no Maven repository, the public GitHub API, no token, 15 min, 3 s, 500 ms. */
  public static SourceSettings defaults() {
    return new SourceSettings(
        null,
        URI.create(DEFAULT_GITHUB_API_URL),
        null,
        DEFAULT_TTL,
        DEFAULT_TIMEOUT,
        DEFAULT_FIRST_FETCH_WAIT);
  }

  /** With {@code maven-repository-url}; null or blank for none. */
  public SourceSettings withMavenRepositoryUrl(String url) {
    URI u = url == null || url.isBlank() ? null : httpUrl("maven-repository-url", url);
    return new SourceSettings(u, githubApiUrl, githubToken, ttl, timeout, firstFetchWait);
  }

  /** With {@code github-api-url}. */
  public SourceSettings withGithubApiUrl(String url) {
    URI u = httpUrl("github-api-url", url);
    return new SourceSettings(mavenRepositoryUrl, u, githubToken, ttl, timeout, firstFetchWait);
  }

  /** With {@code github-token}; null or blank for none. */
  public SourceSettings withGithubToken(String token) {
    String t = token == null || token.isBlank() ? null : token.strip();
    return new SourceSettings(mavenRepositoryUrl, githubApiUrl, t, ttl, timeout, firstFetchWait);
  }

  /** With {@code version-source-ttl}. */
  public SourceSettings withTtl(Duration ttl) {
    return new SourceSettings(
        mavenRepositoryUrl, githubApiUrl, githubToken, ttl, timeout, firstFetchWait);
  }

  /** With {@code version-source-timeout}. */
  public SourceSettings withTimeout(Duration timeout) {
    return new SourceSettings(
        mavenRepositoryUrl, githubApiUrl, githubToken, ttl, timeout, firstFetchWait);
  }

  /** With the longest wait for a first-ever fetch (zero: never wait). */
  public SourceSettings withFirstFetchWait(Duration wait) {
    return new SourceSettings(mavenRepositoryUrl, githubApiUrl, githubToken, ttl, timeout, wait);
  }

  /**
   * With one setting given by its key, as a config file or environment variable writes it.
   *
   * @throws IllegalArgumentException for an unknown key or a bad value
   */
  public SourceSettings with(String key, String value) {
    return switch (key) {
      case "maven-repository-url" -> withMavenRepositoryUrl(value);
      case "github-api-url" -> withGithubApiUrl(value);
      case "github-token" -> withGithubToken(value);
      case "version-source-ttl" -> withTtl(DurationText.parse(key, value));
      case "version-source-timeout" -> withTimeout(DurationText.parse(key, value));
      default -> throw new IllegalArgumentException("unknown setting " + key);
    };
  }

  /** The settings by key, for {@code upkeep config}; the token shown as {@code ***}. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "maven-repository-url",
        mavenRepositoryUrl == null ? "(none)" : mavenRepositoryUrl.toString());
    m.put("github-api-url", githubApiUrl.toString());
    m.put("github-token", githubToken == null ? "(none)" : "***");
    m.put("version-source-ttl", DurationText.format(ttl));
    m.put("version-source-timeout", DurationText.format(timeout));
    return m;
  }

  /**
   * An {@code http} or {@code https} URL without a trailing slash.
   *
   * @throws IllegalArgumentException naming the setting
   */
  public static URI httpUrl(String setting, String url) {
    URI u;
    try {
      u = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " must be an http(s) URL, was \"" + url + "\"");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
      throw new IllegalArgumentException(setting + " must be an http(s) URL, was \"" + url + "\"");
    }
    String s = u.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
  }

  private static void positive(String setting, Duration d) {
    Objects.requireNonNull(d, setting);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive, was " + d);
    }
  }
}

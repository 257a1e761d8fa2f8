package dev.upkeep.server.versions.sources;

import dev.upkeep.archive.FileSystemArchive;
import dev.upkeep.server.store.VersionSourceRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Makes the {@link VersionSource} of a configured source from the server's {@link SourceSettings}:
 * an archive source reads a release archive directory on the server's disk; a Maven source reads
 * its own repository URL or else {@code maven-repository-url}; a GitHub source reads {@code
 * github-api-url} with {@code github-token}. Thread-safe.
 */
final class SourceFactory {
  private final SourceSettings settings;
  private final SourceHttp http;

  SourceFactory(SourceSettings settings, SourceHttp http) {
    this.settings = settings;
    this.http = http;
  }

  /**
   * Checks a source before it is stored.
   *
   * @param repositoryUrl the source's own base URL, or null
   * @return the repository URL to store (normalised), or null
   * @throws IllegalArgumentException naming what is wrong and what to do
   */
  String validate(SourceKind kind, String reference, String repositoryUrl) {
    switch (kind) {
      case MAVEN -> {
        MavenSource.requireReference(reference);
        if (repositoryUrl != null && !repositoryUrl.isBlank()) {
          return SourceSettings.httpUrl("repository", repositoryUrl).toString();
        }
        if (settings.mavenRepositoryUrl() == null) {
          throw new IllegalArgumentException(
              "a maven source needs your Maven repository's base URL: pass it with --repository"
                  + " (\"repository\" in the API) or set the server setting maven-repository-url");
        }
        return null;
      }
      case GITHUB -> {
        GitHubSource.requireReference(reference);
        if (repositoryUrl != null && !repositoryUrl.isBlank()) {
          throw new IllegalArgumentException(
              "a github source has no repository URL; the server setting github-api-url says"
                  + " where the GitHub API is");
        }
        return null;
      }
      case ARCHIVE -> {
        ArchiveSource.requireReference(reference);
        if (repositoryUrl == null || repositoryUrl.isBlank()) {
          throw new IllegalArgumentException(
              "an archive source needs the archive's directory (\"repository\" in the API)");
        }
        Path dir = Path.of(repositoryUrl).toAbsolutePath().normalize();
        try {
          FileSystemArchive.open(dir);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "the server cannot read the archive " + dir + ": " + e.getMessage(), e);
        }
        return dir.toString();
      }
    }
    throw new IllegalStateException(kind.id());
  }

  /**
   * The source of a stored record.
   *
   * @throws IllegalArgumentException when it cannot be made (its kind is unknown to this build, or
   *     a Maven source has no repository URL any more); the message is the reason shown
   */
  VersionSource create(VersionSourceRecord r) {
    SourceKind kind = SourceKind.of(r.kind());
    return switch (kind) {
      case ARCHIVE -> new ArchiveSource(r.reference(), Path.of(r.repositoryUrl()));
      case MAVEN -> new MavenSource(r.reference(), mavenRepository(r), http);
      case GITHUB ->
          new GitHubSource(r.reference(), settings.githubApiUrl(), settings.githubToken(), http);
    };
  }

  private URI mavenRepository(VersionSourceRecord r) {
    if (r.repositoryUrl() != null) {
      return URI.create(r.repositoryUrl());
    }
    if (settings.mavenRepositoryUrl() == null) {
      throw new IllegalArgumentException(
          "no repository URL: the source has none and the server setting maven-repository-url"
              + " is not set");
    }
    return settings.mavenRepositoryUrl();
  }
}

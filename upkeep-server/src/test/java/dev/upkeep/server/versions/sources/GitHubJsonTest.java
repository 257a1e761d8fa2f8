package dev.upkeep.server.versions.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.store.SourceFlag;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.testing.GitHubFixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GitHubJsonTest {
  @Test
  void releasesSkipDraftsKeepThePreReleaseFlagAndStripTheV() throws Exception {
    byte[] body = GitHubFixtures.resource("/github/acme-tool/releases.json");

    assertThat(GitHubJson.releases(body, "releases"))
        .containsExactly(
            new SourceRelease("2.1.0-rc.1", true),
            new SourceRelease("2.0.1", false),
            new SourceRelease("2.0.0", false));
  }

  @Test
  void tagsThatAreNotVersionsAreSkipped() throws Exception {
    byte[] body = GitHubFixtures.resource("/github/acme-tool/tags.json");

    assertThat(GitHubJson.tags(body, "tags"))
        .containsExactly("2.1.0-rc.1", "2.0.1", "2.0.0", "1.9.0");
  }

  @Test
  void contentsAnswerIsDecodedFromBase64Lines() throws Exception {
    byte[] file = GitHubFixtures.resource("/github/acme-tool/migas.json");
    byte[] answer = GitHubFixtures.contents(".migas.json", file).getBytes(StandardCharsets.UTF_8);

    assertThat(GitHubJson.fileContent(answer, "f")).isEqualTo(file);
  }

  @Test
  void badVersionsAreStringsOrObjectsWithReasonAndReplacement() throws Exception {
    byte[] file = GitHubFixtures.resource("/github/acme-tool/migas.json");

    assertThat(GitHubJson.badVersions(file, "acme/tool"))
        .containsExactly(
            new SourceFlag("2.0.0", "Marked bad in .migas.json of acme/tool.", null),
            new SourceFlag("1.9.0", "Writes corrupt indexes on NFS.", "2.0.1"));
  }

  @Test
  void missingBadVersionsIsNoFlag() throws Exception {
    assertThat(GitHubJson.badVersions("{}".getBytes(StandardCharsets.UTF_8), "a/b")).isEmpty();
  }

  @Test
  void garbageIsASourceException() {
    assertThatThrownBy(
            () -> GitHubJson.releases("<html>rate limit".getBytes(StandardCharsets.UTF_8), "rel"))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("rel is not JSON");
    assertThatThrownBy(
            () ->
                GitHubJson.releases("{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8), "rel"))
        .hasMessage("rel is not a JSON list as GitHub answers it");
    assertThatThrownBy(
            () ->
                GitHubJson.badVersions(
                    "{\"bad_versions\":\"1.0\"}".getBytes(StandardCharsets.UTF_8), "a/b"))
        .hasMessage(".migas.json of a/b: bad_versions is not a list");
    assertThatThrownBy(
            () ->
                GitHubJson.fileContent(
                    "{\"content\":\"e30=\",\"encoding\":\"none\"}".getBytes(StandardCharsets.UTF_8),
                    "f"))
        .hasMessage("f has encoding \"none\", not base64");
    assertThatThrownBy(() -> GitHubJson.badVersions(new byte[0], "a/b"))
        .hasMessage(".migas.json of a/b is empty");
  }
}

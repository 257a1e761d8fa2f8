package dev.upkeep.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Serves the GitHub-shaped fixture {@code /github/acme-tool/} (releases, tags, {@code .migas.json})
 * on a {@link FakeSourceServer} under {@code /repos/{owner}/{repo}/...}, as the GitHub REST API
 * answers them: the {@code .migas.json} through the contents API, Base64 in lines of 60 characters.
 */
public final class GitHubFixtures {
  private GitHubFixtures() {}

  /** Serves releases, tags and {@code .migas.json} of {@code repo} ({@code owner/name}). */
  public static void serveAcmeTool(FakeSourceServer fake, String repo) {
    String base = "/repos/" + repo;
    fake.serveResource(base + "/releases", "application/json", "/github/acme-tool/releases.json");
    fake.serveResource(base + "/tags", "application/json", "/github/acme-tool/tags.json");
    fake.serve(
        base + "/contents/.migas.json",
        200,
        "application/json",
        contents(".migas.json", resource("/github/acme-tool/migas.json")));
  }

  /** A contents-API answer for a file, as GitHub sends it. */
  public static String contents(String path, byte[] content) {
    String b64 = Base64.getMimeEncoder(60, new byte[] {'\n'}).encodeToString(content) + "\n";
    return "{\"name\":\""
        + path
        + "\",\"path\":\""
        + path
        + "\",\"sha\":\"3d21ec53a331a6f037a91c368710b99387d012c1\",\"size\":"
        + content.length
        + ",\"type\":\"file\",\"content\":\""
        + b64.replace("\n", "\\n")
        + "\",\"encoding\":\"base64\"}";
  }

  /** A classpath resource's bytes. */
  public static byte[] resource(String name) {
    try (InputStream in = GitHubFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin and query commands for scripts, against a real collector: {@code --json} prints the
 * collector's answer, one JSON document and nothing else; {@code -q} prints nothing on success and
 * still one line on an error.
 */
class ScriptOutputCliIT {
  /** One JSON document and nothing after it. */
  static final ObjectReader ONE_DOCUMENT =
      RunningServer.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static final CliIT.Run DONE_QUIETLY = new CliIT.Run(0, "", "");

  @TempDir Path dir;
  RunningServer server;

  @BeforeEach
  void start() {
    server = RunningServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  CliIT.Run upkeep(String... args) {
    return CliIT.upkeep(server, args);
  }

  /** What the command printed with {@code --json}, which must be one JSON document. */
  JsonNode json(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    CliIT.Run run = upkeep(all.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).endsWith("}\n");
    return ONE_DOCUMENT.readTree(run.out());
  }

  /** The collector's own answer to {@code GET path}. */
  JsonNode collector(String path) throws Exception {
    RawHttp.Response r = server.admin("GET", path, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(r.body());
  }

  @Test
  void quietAdminCommandsPrintNothing() throws Exception {
    assertThat(upkeep("project", "register", "a/b", "-q")).isEqualTo(DONE_QUIETLY);
    assertThat(upkeep("version", "add", "a/b", "1.0.0", "--quiet")).isEqualTo(DONE_QUIETLY);
    assertThat(upkeep("version", "add", "a/b", "1.1.0", "-q")).isEqualTo(DONE_QUIETLY);
    assertThat(upkeep("version", "flag", "a/b", "1.0.0", "--reason", "Wrong.", "-q"))
        .isEqualTo(DONE_QUIETLY);
    assertThat(upkeep("version", "unflag", "a/b", "1.0.0", "-q")).isEqualTo(DONE_QUIETLY);
    assertThat(upkeep("project", "badge", "a/b", "on", "-q")).isEqualTo(DONE_QUIETLY);
    assertThat(upkeep("project", "public-page", "a/b", "on", "-q")).isEqualTo(DONE_QUIETLY);
    assertThat(upkeep("project", "visibility", "a/b", "private", "-q")).isEqualTo(DONE_QUIETLY);
    assertThat(upkeep("project", "retention", "a/b", "30d", "-q")).isEqualTo(DONE_QUIETLY);
    String token = upkeep("token", "issue", "a/b").out().strip();
    assertThat(upkeep("token", "revoke", token, "-q")).isEqualTo(DONE_QUIETLY);

    JsonNode project = collector("/v1/projects").get("projects").get(0);
    assertThat(project.get("visibility").asText()).isEqualTo("private");
    assertThat(collector("/v1/projects/a/b/versions").get("versions")).hasSize(2);

    CliIT.Run failed = upkeep("project", "badge", "no/such", "on", "-q");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.out()).isEmpty();
    assertThat(failed.err()).startsWith("upkeep: ").contains("HTTP 404").hasLineCount(1);
  }

  @Test
  void jsonPrintsTheCollectorsAnswer() throws Exception {
    server.register("a/b", "1.0.0", "2.0.0");
    upkeep("version", "flag", "a/b", "1.0.0", "--reason", "Wrong affines.");
    upkeep("token", "issue", "a/b", "--description", "dashboard");

    assertThat(json("project", "list")).isEqualTo(collector("/v1/projects"));
    assertThat(json("version", "list", "a/b")).isEqualTo(collector("/v1/projects/a/b/versions"));
    assertThat(json("version", "sources", "a/b")).isEqualTo(collector("/v1/projects/a/b/sources"));
    assertThat(json("token", "list")).isEqualTo(collector("/v1/tokens"));
    assertThat(json("install", "list", "a/b")).isEqualTo(collector("/v1/projects/a/b/installs"));
    JsonNode check = json("check", "a/b", "1.0.0");
    assertThat(check).isEqualTo(collector("/v1/projects/a/b/check?version=1.0.0"));
    assertThat(check.get("flagged").asBoolean()).isTrue();
  }

  @Test
  void installRevokeIsQuietToo() throws Exception {
    server.register("a/b");
    String link =
        "/otumat/a/b/user/usage-install?redirect=http%3A%2F%2F127.0.0.1%3A9%2Fok"
            + "&cancel=http%3A%2F%2F127.0.0.1%3A9%2Fno&packageVersion=1.2.0&operatingSystem=linux";
    RawHttp.Response page = ConsentBrowser.open(server.port(), link);
    RawHttp.Response allowed =
        ConsentBrowser.submit(server.port(), ConsentBrowser.form(link, page), "allow");
    String id = allowed.header("Location").replaceAll(".*[?&]installId=([^&]+).*", "$1");

    assertThat(json("install", "list", "a/b").get("installs").get(0).get("id").asText())
        .isEqualTo(id);
    assertThat(upkeep("install", "revoke", id, "-q")).isEqualTo(DONE_QUIETLY);
    assertThat(json("install", "list", "a/b").get("installs").get(0).get("revoked_at").isNull())
        .isFalse();
  }

  @Test
  void usageJsonIsFormatJson() throws Exception {
    server.register("a/b", "1.0.0");
    UsageFixture.post(
        server.url(),
        List.of(
            Map.of(
                "project", "a/b",
                "version", "1.0.0",
                "user_id", "ann",
                "timestamp", "2026-01-02T10:00:00Z")));
    String[] usage = {
      "usage", "a/b", "--from", "2026-01-01", "--to", "2026-01-31", "--by", "version"
    };

    JsonNode json = json(usage);
    List<String> format = new ArrayList<>(List.of(usage));
    format.addAll(List.of("--format", "json"));
    assertThat(json).isEqualTo(ONE_DOCUMENT.readTree(upkeep(format.toArray(String[]::new)).out()));
    assertThat(json.get("hits").asLong()).isEqualTo(1);

    format.add("--json");
    assertThat(upkeep(format.toArray(String[]::new)).exit()).as("--json --format json").isZero();
    format.set(format.indexOf("json"), "csv");
    CliIT.Run both = upkeep(format.toArray(String[]::new));
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err())
        .isEqualTo(
            "upkeep: --json is --format json; leave out --format csv (see 'upkeep help"
                + " usage')\n");
  }

  @Test
  void privacyForgetJsonSaysWhatWasRemoved() throws Exception {
    server.register("a/b", "1.0.0");
    UsageFixture.post(
        server.url(),
        List.of(
            Map.of(
                "project", "a/b",
                "version", "1.0.0",
                "user_id", "ann",
                "timestamp", "2026-01-02T10:00:00Z")));

    JsonNode forgot = json("privacy", "forget", "ann");

    assertThat(forgot.get("events").asLong()).isEqualTo(1);
    assertThat(forgot.get("users").asLong()).isEqualTo(1);
    assertThat(forgot.get("days").asLong()).isEqualTo(1);
  }

  @Test
  void quietStoreMaintenancePrintsNothing() throws Exception {
    server.register("a/b", "1.0.0");
    server.close();
    String data = dir.toString();

    assertThat(CliIT.raw("store", "rebuild-rollups", "--data", data, "-q")).isEqualTo(DONE_QUIETLY);
    assertThat(CliIT.raw("store", "prune", "--before", "2026-01-02", "--data", data, "--quiet"))
        .isEqualTo(DONE_QUIETLY);

    server = RunningServer.start(dir);
  }
}

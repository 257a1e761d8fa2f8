package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code upkeep} admin and query commands against a real collector. */
class CliIT {
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

  /** Output, error output and exit code of one command. */
  record Run(int exit, String out, String err) {}

  Run upkeep(String... args) {
    return upkeep(server, args);
  }

  /** An admin or query command against {@code server}, with its master token. */
  static Run upkeep(RunningServer server, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", server.url(), "--token", server.masterToken));
    return raw(all.toArray(String[]::new));
  }

  static Run raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void pingSaysWhetherTheCollectorIsHealthy() throws Exception {
    assertThat(upkeep("ping")).isEqualTo(new Run(0, server.url() + ": ok\n", ""));
    assertThat(upkeep("ping", "--json").out()).contains("\"status\" : \"ok\"");
    assertThat(upkeep("ping", "-q")).isEqualTo(new Run(0, "", ""));

    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Run down = raw("ping", "--server", "http://127.0.0.1:" + closed);
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.out()).isEmpty();
    assertThat(down.err()).startsWith("upkeep: ").endsWith("\n").doesNotContain("\n\tat ");
    assertThat(down.err().lines()).hasSize(1);
  }

  @Test
  void projectsVersionsAndFlags() {
    assertThat(upkeep("project", "register", "nipreps/fmriprep"))
        .isEqualTo(new Run(0, "registered nipreps/fmriprep (counts-public)\n", ""));
    assertThat(upkeep("project", "list").out()).startsWith("nipreps/fmriprep\t20");
    assertThat(upkeep("version", "add", "nipreps/fmriprep", "23.1.0").out())
        .isEqualTo("added 23.1.0\n");
    assertThat(upkeep("version", "add", "nipreps/fmriprep", "23.2.0").exit()).isZero();
    assertThat(upkeep("version", "add", "nipreps/fmriprep", "23.2.0").out())
        .isEqualTo("already registered: 23.2.0\n");
    assertThat(
            upkeep("version", "flag", "nipreps/fmriprep", "23.1.0", "--reason", "Wrong affines.")
                .out())
        .isEqualTo("flagged nipreps/fmriprep 23.1.0: Wrong affines.\n");
    assertThat(upkeep("check", "nipreps/fmriprep", "23.1.0").out())
        .isEqualTo(
            "latest:  23.2.0\nflagged: true\n"
                + "message: Version 23.1.0 is flagged: Wrong affines. Please upgrade to 23.2.0.\n");
    assertThat(upkeep("version", "list", "nipreps/fmriprep").out())
        .isEqualTo(
            "latest: 23.2.0 (with pre-releases: 23.2.0; scheme semver)\n"
                + "VERSION  FROM    FLAG\n"
                + "23.1.0   manual  FLAGGED by manual: Wrong affines.\n"
                + "23.2.0   manual\n");
    assertThat(
            upkeep(
                    "version",
                    "flag",
                    "nipreps/fmriprep",
                    "23.1.0",
                    "--reason",
                    "Wrong affines.",
                    "--replacement",
                    "23.1.1")
                .out())
        .isEqualTo("flagged nipreps/fmriprep 23.1.0: Wrong affines. (upgrade to 23.1.1)\n");
    assertThat(upkeep("check", "nipreps/fmriprep", "23.1.0").out())
        .endsWith("message: Version 23.1.0 is flagged: Wrong affines. Please upgrade to 23.1.1.\n");
    assertThat(upkeep("version", "unflag", "nipreps/fmriprep", "23.1.0").exit()).isZero();
    assertThat(upkeep("version", "list", "nipreps/fmriprep").out())
        .contains("23.1.0   manual  flag lifted\n");
    assertThat(upkeep("check", "nipreps/fmriprep", "23.1.0").out())
        .isEqualTo("latest:  23.2.0\nflagged: false\n");
  }

  @Test
  void installsListAndRevoke() throws Exception {
    upkeep("project", "register", "a/b");
    String link =
        "/otumat/a/b/user/usage-install?redirect=http%3A%2F%2F127.0.0.1%3A9%2Fok"
            + "&cancel=http%3A%2F%2F127.0.0.1%3A9%2Fno&packageVersion=1.2.0&operatingSystem=linux";
    RawHttp.Response page = ConsentBrowser.open(server.port(), link);
    RawHttp.Response allowed =
        ConsentBrowser.submit(server.port(), ConsentBrowser.form(link, page), "allow");
    assertThat(allowed.status()).as(allowed.body()).isEqualTo(303);
    String location = allowed.header("Location");
    String id = location.replaceAll(".*[?&]installId=([^&]+).*", "$1");
    assertThat(id).startsWith("in_");

    assertThat(upkeep("install", "list", "a/b").out())
        .matches(id + "\totumat\t1\\.2\\.0\t20[0-9T:.-]+Z\tactive\n");
    assertThat(upkeep("install", "revoke", id).out()).isEqualTo("revoked " + id + "\n");
    assertThat(upkeep("install", "list", "a/b").out()).contains("\trevoked 20");
    Run again = upkeep("install", "revoke", id);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("HTTP 404").contains("No active install has the id " + id);
  }

  @Test
  void tokensIssueListRevoke() throws Exception {
    upkeep("project", "register", "a/b");
    Run issued = upkeep("token", "issue", "a/b", "--description", "dashboard");
    String token = issued.out().trim();
    assertThat(token).matches("m_[A-Za-z0-9_-]{43}");
    assertThat(upkeep("token", "list").out())
        .contains(token.substring(0, 8) + "…\tproject\ta/b\t")
        .contains("\tmaster\t-\t")
        .doesNotContain(token);
    Run usage =
        raw("usage", "a/b", "--from", "2020-01-01", "--server", server.url(), "--token", token);
    assertThat(usage.exit()).as(usage.err()).isZero();
    assertThat(upkeep("token", "revoke", token).out()).isEqualTo("revoked\n");
    Run refused =
        raw("usage", "a/b", "--from", "2020-01-01", "--server", server.url(), "--token", token);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .isEqualTo(
            "upkeep: GET /v1/projects/a/b/usage?from=2020-01-01 failed with HTTP 401:"
                + " The token is unknown or revoked.\n");
  }

  @Test
  void usageInEveryFormat() throws Exception {
    server.register("nipreps/nipreps", "1.0.0");
    for (String body :
        List.of(
            "{\"project\":\"nipreps/nipreps\",\"project_version\":\"1.0.0\","
                + "\"ctx\":{\"user_id\":\"3571e622-beaf-3c5e-b094-65f5809f8c1f\",\"platform\":\"linux\"}}",
            "{\"project\":\"nipreps/nipreps\",\"project_version\":\"1.0.0\","
                + "\"ctx\":{\"user_id\":\"3571e622-beaf-3c5e-b094-65f5809f8c1f\",\"platform\":\"linux\"}}",
            "{\"project\":\"nipreps/nipreps\",\"project_version\":\"0.9\","
                + "\"ctx\":{\"platform\":\"darwin\"}}")) {
      assertThat(RawHttp.post(server.port(), "/api/breadcrumb", "application/json", body).status())
          .isEqualTo(202);
    }
    Run total = upkeep("usage", "nipreps/nipreps", "--from", "2020-01-01");
    assertThat(total.out())
        .startsWith("nipreps/nipreps hits 2020-01-01T00:00:00Z .. ")
        .endsWith(": 3\n");
    assertThat(upkeep("usage", "nipreps/nipreps", "--from", "2020-01-01", "--unique").out())
        .endsWith(": 1\n");
    assertThat(upkeep("usage", "nipreps/nipreps", "--from", "2020-01-01", "--by", "version").out())
        .isEqualTo("VERSION  HITS\n0.9      1\n1.0.0    2\ntotal    3\n");
    assertThat(
            upkeep(
                    "usage",
                    "nipreps/nipreps",
                    "--from",
                    "2020-01-01",
                    "--by",
                    "platform",
                    "--format",
                    "csv")
                .out())
        .isEqualTo("platform,hits\ndarwin,1\nlinux,2\n");
    String json =
        upkeep(
                "usage",
                "nipreps/nipreps",
                "--from",
                "2020-01-01",
                "--by",
                "version",
                "--format",
                "json")
            .out();
    assertThat(RunningServer.JSON.readTree(json).get("buckets").toString())
        .isEqualTo("[{\"key\":\"0.9\",\"count\":1},{\"key\":\"1.0.0\",\"count\":2}]");
  }

  @Test
  void errorsAreOneClearLine() {
    Run noToken = raw("project", "list", "--server", server.url());
    assertThat(noToken.exit()).isEqualTo(1);
    assertThat(noToken.err())
        .isEqualTo(
            "upkeep: GET /v1/projects failed with HTTP 401: A token is required: send"
                + " Authorization: Bearer <master token>.\n");
    Run down = raw("project", "list", "--server", "http://127.0.0.1:1", "--token", "m_x");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err())
        .isEqualTo(
            "upkeep: cannot reach the collector at http://127.0.0.1:1 (is `upkeep serve`"
                + " running? set --server)\n");
    Run badName = upkeep("check", "nipreps", "1.0");
    assertThat(badName.err())
        .isEqualTo("upkeep: project must be \"owner/name\", was \"nipreps\"\n");
    assertThat(raw("usage", "a/b").exit()).isEqualTo(2);
  }

  @Test
  void configShowsEffectiveSettings() {
    Run r = raw("config", "--port", "9999", "--no-rate-limit");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("port = 9999\n").contains("rate-limit = off\n");
    assertThat(r.out()).contains("install-token-ttl = 3600\n");
    assertThat(r.out())
        .contains("maven-repository-url = (none)\n")
        .contains("github-api-url = https://api.github.com\n")
        .contains("github-token = (none)\n")
        .contains("version-source-ttl = 15m\n")
        .contains("version-source-timeout = 3s\n");
    assertThat(raw("config", "--install-token-ttl", "5").out()).contains("install-token-ttl = 5\n");
    Run zero = raw("config", "--install-token-ttl", "0");
    assertThat(zero.exit()).isNotZero();
    assertThat(zero.err()).contains("install-token-ttl must be at least 1 second, was 0");
  }
}

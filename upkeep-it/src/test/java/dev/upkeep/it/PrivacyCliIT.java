package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upkeep privacy export|forget USER_ID} against a real collector: the export holds
 * everything stored under the user id in every project (and only it), every field as sent, in a
 * 0600 file written whole, with {@code --project} or to standard output; forgetting removes it and
 * its share of the counts; both need the master token.
 */
class PrivacyCliIT {
  @TempDir Path dir;
  @TempDir Path out;
  RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start(dir);
    server.register("lab/tools", "1.0.0");
    server.register("lab/lab", "2.0.0");
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(event("lab/tools", "ann", "2026-01-02T10:00:00Z", "F"));
    events.add(event("lab/tools", "ann", "2026-01-03T10:00:00Z", "C"));
    events.add(event("lab/lab", "ann", "2026-01-01T10:00:00Z", "R"));
    events.add(event("lab/tools", "bob", "2026-01-02T10:00:00Z", "R"));
    UsageFixture.post(server.url(), events);
  }

  private static Map<String, Object> event(String project, String user, String at, String status) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("project", project);
    e.put("version", project.equals("lab/lab") ? "2.0.0" : "1.0.0");
    e.put("user_id", user);
    e.put("session_id", "s-" + user);
    e.put("platform", "linux");
    e.put("status", status);
    if (status.equals("F")) {
      e.put("error_type", "ValueError");
      e.put("error_desc", "bad input at line 3");
    }
    e.put("attributes", Map.of("tool", "cli"));
    e.put("timestamp", Instant.parse(at).toString());
    return e;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void writesEverythingStoredUnderTheUserIdToA0600File() throws Exception {
    Path file = out.resolve("ann.json");
    CliIT.Run run = upkeep("privacy", "export", "ann", "--output", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEqualTo("wrote 3 events of ann to " + file + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var left = Files.list(out)) {
      assertThat(left).containsExactly(file); // no part file left behind
    }
    JsonNode export = RunningServer.JSON.readTree(file.toFile());
    assertThat(export.get("user_id").asText()).isEqualTo("ann");
    assertThat(export.get("event_count").asLong()).isEqualTo(3);
    assertThat(export.get("users").findValuesAsText("project"))
        .containsExactly("lab/lab", "lab/tools");
    assertThat(export.get("events").findValuesAsText("project"))
        .containsExactly("lab/lab", "lab/tools", "lab/tools")
        .doesNotContain("bob");
    JsonNode failed = export.get("events").get(1);
    assertThat(failed.get("timestamp").asText()).isEqualTo("2026-01-02T10:00:00Z");
    assertThat(failed.get("session_id").asText()).isEqualTo("s-ann");
    assertThat(failed.get("status").asText()).isEqualTo("F");
    assertThat(failed.get("error_desc").asText()).isEqualTo("bad input at line 3");
    assertThat(failed.get("attributes").toString()).isEqualTo("[[\"tool\",\"cli\"]]");
    assertThat(RunningServer.JSON.writeValueAsString(export)).doesNotContain("bob");

    // an existing file is never overwritten
    CliIT.Run again = upkeep("privacy", "export", "ann", "--output", file.toString());
    assertThat(again.exit()).isNotZero();
    assertThat(again.err()).contains("exists; choose another --output");
  }

  @Test
  void oneProjectToStandardOutput() throws Exception {
    CliIT.Run run = upkeep("privacy", "export", "ann", "--project", "lab/lab");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode export = RunningServer.JSON.readTree(run.out());
    assertThat(export.get("project").asText()).isEqualTo("lab/lab");
    assertThat(export.get("event_count").asLong()).isEqualTo(1);
    assertThat(export.get("users").findValuesAsText("project")).containsExactly("lab/lab");

    JsonNode nobody = RunningServer.JSON.readTree(upkeep("privacy", "export", "carol").out());
    assertThat(nobody.get("users").size()).isZero();
    assertThat(nobody.get("events").size()).isZero();
  }

  @Test
  void forgetRemovesTheUserAndItsShareOfTheCounts() throws Exception {
    String users = "/v1/projects/lab/tools/usage?from=2026-01-01&to=2026-01-31&metric=users";
    assertThat(
            RunningServer.JSON
                .readTree(server.admin("GET", users, null).body())
                .get("hits")
                .asLong())
        .isEqualTo(2);

    CliIT.Run run = upkeep("privacy", "forget", "ann", "--project", "lab/tools");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "forgot ann in lab/tools: 2 events, 1 project record, 2 days of counts recomputed\n");
    assertThat(
            RunningServer.JSON
                .readTree(server.admin("GET", users, null).body())
                .get("hits")
                .asLong())
        .isEqualTo(1);
    JsonNode left = RunningServer.JSON.readTree(upkeep("privacy", "export", "ann").out());
    assertThat(left.get("events").findValuesAsText("project")).containsExactly("lab/lab");

    assertThat(upkeep("privacy", "forget", "ann").out())
        .isEqualTo("forgot ann: 1 event, 1 project record, 1 day of counts recomputed\n");
    assertThat(upkeep("privacy", "export", "ann").out()).contains("\"event_count\":0");
    assertThat(server.hits("lab/lab", true)).isZero();
  }

  @Test
  void storePruneDeletesTheDaysBeforeADateFromTheStoppedCollectorsStore() throws Exception {
    server.close();
    CliIT.Run run = CliIT.raw("store", "prune", "--before", "2026-01-02", "--data", dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("lab/lab: 1 events, 1 users left without one\n")
        .contains("deleted 1 events before 2026-01-02 and 1 users from sqlite:");
    CliIT.Run bad = CliIT.raw("store", "prune", "--before", "yesterday", "--data", dir.toString());
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("--before must be a date, YYYY-MM-DD");

    server = RunningServer.start(dir);
    assertThat(server.hits("lab/lab", false)).isZero();
    assertThat(server.hits("lab/tools", false)).isEqualTo(3);
  }

  @Test
  void needsTheMasterToken() throws Exception {
    RawHttp.Response issued = server.admin("POST", "/v1/tokens", "{\"project\":\"lab/tools\"}");
    String token = RunningServer.JSON.readTree(issued.body()).get("token").asText();
    for (String command : List.of("export", "forget")) {
      CliIT.Run run =
          CliIT.raw("privacy", command, "ann", "--server", server.url(), "--token", token);
      assertThat(run.exit()).isNotZero();
      assertThat(run.err()).contains("failed with HTTP 403");
    }
  }

  private CliIT.Run upkeep(String... args) {
    return CliIT.upkeep(server, args);
  }
}

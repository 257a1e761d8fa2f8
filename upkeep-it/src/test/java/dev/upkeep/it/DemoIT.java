package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upkeep demo} fills a store that the real collector then serves sensible usage from. */
class DemoIT {
  private static final Pattern BIGGEST =
      Pattern.compile("biggest   (\\S+): ([0-9,]+) events, ([0-9,]+) users");

  @TempDir Path dir;

  @Test
  void aDemoStoreServesSensibleUsage() throws IOException {
    Path data = dir.resolve("data");
    CliIT.Run run =
        CliIT.raw(
            "demo",
            "--data",
            data.toString(),
            "--events",
            "30000",
            "--projects",
            "8",
            "--days",
            "60",
            "--seed",
            "5",
            "--end",
            "2026-03-01");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty(); // no terminal here: no progress bar
    assertThat(run.out())
        .contains(
            "projects  8 (",
            "events    30,000 over 60 days, 2025-12-31 to 2026-02-28",
            "Serve it:  upkeep serve --data " + data);
    Matcher m = BIGGEST.matcher(run.out());
    assertThat(m.find()).as(run.out()).isTrue();
    String project = m.group(1);
    long events = Long.parseLong(m.group(2).replace(",", ""));
    long users = Long.parseLong(m.group(3).replace(",", ""));
    assertThat(events).isGreaterThan(30_000 / 8);

    try (RunningServer server = RunningServer.start(data)) {
      assertThat(server.masterToken).as("a demo store has no master token yet").isNotNull();
      String range = "from=2025-12-31&to=2026-03-01";
      long hits = usage(server, project, range).get("hits").asLong();
      long reports = usage(server, project, range + "&kind=report").get("hits").asLong();
      assertThat(hits + reports).isEqualTo(events);
      assertThat(server.hits(project, false)).as("migas get_usage agrees").isEqualTo(hits);
      long unique = usage(server, project, range + "&unique=true").get("hits").asLong();
      assertThat(unique).isBetween(hits / 50, Math.min(users, hits / 2));

      JsonNode byVersion = usage(server, project, range + "&by=version");
      Set<String> registered = new HashSet<>();
      JsonNode versions =
          RunningServer.JSON.readTree(
              server.admin("GET", "/v1/projects/" + project + "/versions", null).body());
      versions.get("versions").forEach(v -> registered.add(v.get("version").asText()));
      long sum = 0;
      for (JsonNode b : byVersion.get("buckets")) {
        String key = b.get("key").asText();
        if (!key.endsWith(".dev0") && !key.endsWith("-SNAPSHOT")) {
          assertThat(registered).as("version %s is registered", key).contains(key);
        }
        sum += b.get("count").asLong();
      }
      assertThat(sum).isEqualTo(hits);
      assertThat(byVersion.get("buckets").size()).isGreaterThan(1);

      long weekday = 0;
      long weekend = 0;
      for (JsonNode b : usage(server, project, range + "&by=day").get("buckets")) {
        LocalDate day = LocalDate.parse(b.get("key").asText());
        assertThat(day).isBetween(LocalDate.parse("2025-12-31"), LocalDate.parse("2026-03-01"));
        DayOfWeek dow = day.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
          weekend += b.get("count").asLong();
        } else {
          weekday += b.get("count").asLong();
        }
      }
      assertThat(weekend / 2.0).as("weekly seasonality").isLessThan(weekday / 5.0 * 0.8);

      for (JsonNode b : usage(server, project, range + "&by=status").get("buckets")) {
        assertThat(b.get("key").asText()).isIn("R", "C", "F", "S");
      }
    }

    CliIT.Run again = CliIT.raw("demo", "--data", data.toString(), "--events", "100");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already holds 8 projects and 30000 events");
  }

  private static JsonNode usage(RunningServer server, String project, String query)
      throws IOException {
    RawHttp.Response r = server.admin("GET", "/v1/projects/" + project + "/usage?" + query, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(r.body());
  }
}

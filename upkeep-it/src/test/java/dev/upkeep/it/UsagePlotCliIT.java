package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upkeep usage NAME --plot} against a real collector: bars per version with {@code --by},
 * bars per day without; the exact drawing is {@code BarPlotTest}'s and {@code TimePlotTest}'s.
 */
class UsagePlotCliIT {
  private static final String PROJECT = "nipreps/fmriprep";

  @TempDir Path dir;
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start(dir);
    server.register(PROJECT, UsageFixture.VERSIONS.toArray(String[]::new));
    UsageFixture.post(server.url(), UsageFixture.events(PROJECT, Instant.now(), 3));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliIT.Run upkeep(String... args) {
    return CliIT.upkeep(server, args);
  }

  @Test
  void drawsBarsPerVersionWithTheirCountsAndTheTotal() {
    String from = LocalDate.now(ZoneOffset.UTC).minusDays(6).toString();
    CliIT.Run table =
        upkeep("usage", PROJECT, "--from", from, "--by", "version", "--metric", "users");
    CliIT.Run plot =
        upkeep("usage", PROJECT, "--from", from, "--by", "version", "--metric", "users", "--plot");
    assertThat(plot.exit()).as(plot.err()).isZero();
    List<String> lines = plot.out().lines().toList();
    assertThat(lines.get(0)).startsWith(PROJECT + " users by version, " + from + " .. ");
    // the same keys and counts as the table, each with a bar
    List<String> rows = table.out().lines().skip(1).toList();
    assertThat(lines).hasSize(rows.size() + 1);
    for (int i = 0; i < rows.size(); i++) {
      String[] cells = rows.get(i).trim().split("\\s+");
      assertThat(lines.get(i + 1)).startsWith(cells[0]).endsWith(" " + cells[1]);
      assertThat(lines.get(i + 1).length()).isLessThanOrEqualTo(80);
    }
    assertThat(lines.get(lines.size() - 1)).startsWith("total ");
  }

  @Test
  void drawsDaysWithoutBy() {
    String from = LocalDate.now(ZoneOffset.UTC).minusDays(13).toString();
    CliIT.Run plot = upkeep("usage", PROJECT, "--from", from, "--metric", "runs", "--plot");
    assertThat(plot.exit()).as(plot.err()).isZero();
    assertThat(plot.out())
        .startsWith(PROJECT + " runs per day, " + from + " .. ")
        .containsPattern("(?m)^total \\d+, busiest \\d{4}-\\d{2}-\\d{2} with \\d+$");
    assertThat(plot.out().lines().filter(l -> l.contains("└") || l.contains("+-"))).hasSize(1);

    CliIT.Run json = upkeep("usage", PROJECT, "--from", from, "--plot", "--format", "json");
    assertThat(json.exit()).isEqualTo(1);
    assertThat(json.err()).contains("--plot draws a chart; leave out --format json");
  }
}

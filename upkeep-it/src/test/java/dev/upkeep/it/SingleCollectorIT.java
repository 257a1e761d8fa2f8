package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process at a time on an embedded SQLite store: while {@code upkeep serve} runs in a child
 * JVM, a second {@code serve}, {@code demo} and {@code store rebuild-rollups} on the same data
 * directory are refused with one line naming the file, the collector's pid and PostgreSQL as the
 * way to run several; once the collector is killed with SIGKILL, a new one starts.
 */
class SingleCollectorIT {
  @TempDir Path dir;

  @Test
  void aSecondProcessOnTheSameSqliteFileIsRefusedUntilTheFirstIsGone() throws Exception {
    String database = dir.resolve("upkeep.db").toAbsolutePath().toString();
    try (ChildServer first = ChildServer.start(dir)) {
      String inUse =
          database
              + " is in use by another collector or upkeep command (pid "
              + first.process.pid()
              + " since ";

      assertThatThrownBy(() -> ChildServer.start(dir))
          .hasMessageContaining("cannot start the collector: " + inUse)
          .hasMessageContaining("run several collectors on one PostgreSQL database")
          .hasMessageContaining("docs/deploy.md");
      CliIT.Run demo = CliIT.raw("demo", "--data", dir.toString(), "--events", "100");
      assertThat(demo.exit()).isNotZero();
      assertThat(demo.err()).contains(inUse).doesNotContain("\tat ");
      CliIT.Run rebuild = CliIT.raw("store", "rebuild-rollups", "--data", dir.toString());
      assertThat(rebuild.exit()).isNotZero();
      assertThat(rebuild.err()).contains(inUse);

      first.kill();
    }

    try (ChildServer next = ChildServer.start(dir)) {
      assertThat(next.process.isAlive()).isTrue();
    }
  }
}

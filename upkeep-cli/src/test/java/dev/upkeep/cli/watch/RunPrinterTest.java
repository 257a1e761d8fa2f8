package dev.upkeep.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.watch.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunPrinterTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final Path dir = Path.of("/srv/docs").toAbsolutePath();

  RunPrinter printer(boolean quiet) {
    return new RunPrinter(
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        quiet,
        dir.resolve("a.md"),
        "./b.sh");
  }

  static Run run(int exit, List<String> args, List<String> output, List<Path> changed) {
    Instant t = Instant.parse("2024-05-01T10:00:00Z");
    return new Run(
        7,
        args,
        changed,
        t,
        t.plusMillis(12),
        exit,
        output,
        exit == 0 ? output : args,
        Optional.empty());
  }

  @Test
  void oneLinePerRunWithWhatChangedAndTheNextArguments() {
    printer(false)
        .onRun(run(0, List.of("0"), List.of("1", "two words"), List.of(dir.resolve("a.md"))));
    assertThat(out.toString())
        .matches(
            "\\d\\d:\\d\\d:\\d\\d run 7 \\(a.md\\): ./b.sh 0 -> exit 0 in 12 ms;"
                + " next: 1 'two words'\n");
  }

  @Test
  void aFailedRunSaysTheArgumentsAreKept() {
    printer(false).onRun(run(3, List.of(), List.of("oops"), List.of()));
    assertThat(out.toString())
        .endsWith(" run 7: ./b.sh -> exit 3 in 12 ms; arguments kept: (none)\n");
  }

  @Test
  void namesAtMostThreeChangedFiles() {
    List<Path> changed =
        List.of("a", "b", "c", "d", "e").stream().map(n -> dir.resolve("sub/" + n)).toList();
    printer(false).onRun(run(0, List.of(), List.of(), changed));
    assertThat(out.toString()).contains(" (sub/a, sub/b, sub/c and 2 more): ");
  }

  @Test
  void quietPrintsNoRunsButNotices() {
    RunPrinter p = printer(true);
    p.onRun(run(0, List.of(), List.of(), List.of()));
    p.onNotice(System.Logger.Level.INFO, "a.md was deleted");
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("upkeep watch: a.md was deleted\n");
  }

  @Test
  void quotesWhatAShellWouldNeedQuoted() {
    assertThat(RunPrinter.words(List.of("plain", "", "a b", "it's", "--x=1")))
        .isEqualTo("plain '' 'a b' 'it'\\''s' --x=1");
  }
}

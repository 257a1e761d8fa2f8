package dev.upkeep.it.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upkeep.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upkeep watch} end to end: the real CLI, real files, real scripts. */
class WatchCliIT {
  @TempDir Path dir;
  Path notes;

  @BeforeEach
  void files() throws IOException {
    dir = dir.toAbsolutePath();
    notes = Files.writeString(dir.resolve("notes.txt"), "draft\n");
  }

  Path script(String name, String body) throws IOException {
    Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  /** An editor's save: a temporary file renamed over the watched one. */
  void save(String content) throws IOException {
    Path temp = Files.writeString(dir.resolve(".notes.txt.swp"), content);
    Files.move(temp, notes, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static List<String> runLines(CliWatch cli) {
    return cli.out().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d run .*")).toList();
  }

  /** A run line ending with the exit code, any duration, and what comes after it. */
  static String tail(String exit, String after) {
    return ".* -> " + exit + " in \\d+ ms; " + Pattern.quote(after);
  }

  static void awaitRuns(CliWatch cli, int n) {
    await("run " + n).atMost(Duration.ofSeconds(15)).until(() -> runLines(cli).size() >= n);
  }

  @Test
  void otumatsCounterDemoCountsOneTwoThreeAndKeepsTheCountInTheStateFile() throws Exception {
    Path count = script("count.sh", "echo $(($1 + 1))\n");
    Path state = dir.resolve("count.state");
    CliWatch cli =
        CliWatch.start(
            "watch",
            "-f",
            notes.toString(),
            "-s",
            count.toString(),
            "--state",
            state.toString(),
            "0");
    assertThat(cli.out())
        .isEqualTo(
            "watching "
                + notes
                + " (native events, full check every 5 s); on change: "
                + count
                + " 0\n");
    for (int i = 1; i <= 3; i++) {
      save("change " + i + "\n");
      awaitRuns(cli, i);
    }
    assertThat(cli.stop()).isZero();
    List<String> runs = runLines(cli);
    assertThat(runs).hasSize(3);
    for (int i = 1; i <= 3; i++) {
      assertThat(runs.get(i - 1))
          .matches(
              "\\d\\d:\\d\\d:\\d\\d run "
                  + i
                  + " \\(notes.txt\\): "
                  + Pattern.quote(count.toString())
                  + " "
                  + (i - 1)
                  + " -> exit 0 in \\d+ ms; next: "
                  + i);
    }
    assertThat(cli.err()).isEmpty();
    assertThat(Files.readString(state)).isEqualTo("3\n");

    CliWatch again =
        CliWatch.start(
            "watch",
            "-f",
            notes.toString(),
            "-s",
            count.toString(),
            "--state",
            state.toString(),
            "0");
    assertThat(again.out()).endsWith(count + " 3 (arguments from " + state + ")\n");
    save("change 4\n");
    awaitRuns(again, 1);
    assertThat(again.stop()).isZero();
    assertThat(runLines(again).get(0)).endsWith("; next: 4");
  }

  @Test
  void argumentsAfterTheScriptReachItEvenWhenTheyLookLikeOptions() throws Exception {
    Path seen = dir.resolve("seen");
    Path echo = script("echo-args.sh", "printf '%s\\n' \"$@\" | tee '" + seen + "'\n");
    CliWatch cli =
        CliWatch.start(
            "watch", "-f", notes.toString(), "-s", echo.toString(), "-x", "--shell", "-f", "a b");
    save("1\n");
    awaitRuns(cli, 1);
    assertThat(Files.readAllLines(seen)).containsExactly("-x", "--shell", "-f", "a b");
    assertThat(cli.stop()).isZero();
    assertThat(runLines(cli).get(0)).matches(tail("exit 0", "next: -x --shell -f 'a b'"));

    CliWatch dashes =
        CliWatch.start(
            "watch", "-f", notes.toString(), "-s", echo.toString(), "--", "-i", "3", "--poll");
    save("2\n");
    awaitRuns(dashes, 1);
    assertThat(dashes.stop()).isZero();
    assertThat(Files.readAllLines(seen)).containsExactly("-i", "3", "--poll");
  }

  @Test
  void aMissingScriptIsAUsageErrorNamingItsPath() {
    Path missing = dir.resolve("missing.sh");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "watch",
            "-f",
            notes.toString(),
            "-s",
            missing.toString(),
            "0");
    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "upkeep watch: script "
                + missing
                + " does not exist (looked for "
                + missing
                + "); check the path\n");
  }

  @Test
  void aNonExecutableScriptIsAUsageErrorSayingChmodOrShell() throws Exception {
    Path plain = script("plain.sh", "echo hi\n");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "watch",
            "-f",
            notes.toString(),
            "-s",
            plain.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "upkeep watch: script "
                + plain
                + " is not executable; make it executable (chmod +x "
                + plain
                + ") or run it through the shell (--shell; shell(true) in the API)\n");

    CliWatch shell =
        CliWatch.start("watch", "-f", notes.toString(), "-s", plain.toString(), "--shell");
    save("1\n");
    awaitRuns(shell, 1);
    assertThat(shell.stop()).isZero();
    assertThat(runLines(shell).get(0)).matches(tail("exit 0", "next: hi"));
  }

  @Test
  void stopOnErrorExitsWithOneAndSaysWhy() throws Exception {
    Path fail = script("fail.sh", "exit 4\n");
    CliWatch cli =
        CliWatch.start(
            "watch",
            "-f",
            notes.toString(),
            "-s",
            fail.toString(),
            "--stop-on-error",
            "--poll",
            "-i",
            "0.1",
            "kept");
    assertThat(cli.out()).startsWith("watching " + notes + " (polling every 0.1 s)");
    save("1\n");
    assertThat(cli.awaitExit()).isEqualTo(1);
    assertThat(runLines(cli).get(0)).matches(tail("exit 4", "arguments kept: kept"));
    assertThat(cli.err())
        .isEqualTo("upkeep watch: the script exited with 4 on run 1; stopped on error as asked\n");
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "watch",
            "-f",
            notes.toString(),
            "-s",
            "/bin/true",
            "-i",
            "0");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("upkeep watch: --interval must be a positive number of seconds, was 0.0\n");
  }
}

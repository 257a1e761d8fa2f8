package dev.upkeep.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** upkeep release through the real command line: outputs and exit codes 0, 1 and 2. */
class ReleaseCommandsTest {
  @TempDir Path dir;
  Path tree;
  Path archive;
  Path keys;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void treeArchiveAndKeys() throws Exception {
    tree = Files.createDirectories(dir.resolve("project"));
    Files.createDirectories(tree.resolve("results"));
    Files.writeString(tree.resolve("results/out.txt"), "42\r\n");
    Files.writeString(dir.resolve("project/.env"), "TOKEN=secret\n");
    Files.writeString(dir.resolve("project/notes.pem"), "not really a key\n");
    archive = dir.resolve("archive");
    keys = dir.resolve("keys");
    assertThat(upkeep("release", "init", archive.toString()).exit()).isZero();
    assertThat(upkeep("keygen", "--out", keys.toString(), "--bits", "2048").exit()).isZero();
  }

  @Test
  void filesShowsWhatAPushPublishes() {
    Run run = upkeep("release", "files", tree.toString(), "--include", "*.pem");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("notes.pem\nresults/\nresults/out.txt\n");
    assertThat(run.err()).contains("warning: notes.pem looks like a secret");
  }

  @Test
  void pushListPullVerifyYankWithExitCodes() throws Exception {
    String a = archive.toString();
    Run push =
        upkeep(
            "release",
            "push",
            tree.toString(),
            "--archive",
            a,
            "--title",
            "My_Results",
            "--version",
            "1.0.0",
            "--key",
            keys.resolve("private.pem").toString());
    assertThat(push.exit()).as(push.err()).isZero();
    assertThat(push.out())
        .startsWith("pushed release my-results 1.0.0 to " + a)
        .contains("signed by SHA256:");
    assertThat(
            upkeep(
                    "release",
                    "push",
                    tree.toString(),
                    "--archive",
                    a,
                    "--title",
                    "my-results",
                    "--version",
                    "1.1.0-rc.1")
                .exit())
        .isZero();

    Run again =
        upkeep(
            "release",
            "push",
            tree.toString(),
            "--archive",
            a,
            "--title",
            "my-results",
            "--version",
            "1.0.0");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("release my-results 1.0.0 is already in " + a);

    assertThat(upkeep("release", "list", "my-results", "--archive", a).out())
        .isEqualTo("1.0.0\n1.1.0-rc.1\n");
    assertThat(
            upkeep("release", "list", "my-results", "--constraint", ">=1.0.0", "--archive", a)
                .out())
        .isEqualTo("1.0.0\n");

    Run verify =
        upkeep(
            "release",
            "verify",
            "my-results",
            "--version",
            "1.0.0",
            "--archive",
            a,
            "--pubkey",
            keys.resolve("public.pem").toString());
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("1 files verified").contains("signature by SHA256:");
    Run unsigned =
        upkeep(
            "release",
            "verify",
            "my-results",
            "--version",
            "1.1.0-rc.1",
            "--archive",
            a,
            "--pubkey",
            keys.resolve("public.pem").toString());
    assertThat(unsigned.exit()).isEqualTo(1);
    assertThat(unsigned.err()).contains("the release is not signed");

    Path into = dir.resolve("pulled");
    Run pull = upkeep("release", "pull", "my-results", "--archive", a, "--into", into.toString());
    assertThat(pull.exit()).as(pull.err()).isZero();
    assertThat(into.resolve("results/out.txt")).hasContent("42\r\n");
    assertThat(into.resolve(".env")).doesNotExist();

    assertThat(
            upkeep(
                    "release",
                    "yank",
                    "my-results",
                    "--version",
                    "1.0.0",
                    "--archive",
                    a,
                    "--reason",
                    "wrong numbers")
                .exit())
        .isZero();
    assertThat(upkeep("release", "list", "my-results", "--archive", a).out())
        .isEqualTo("1.0.0\tyanked: wrong numbers\n1.1.0-rc.1\n");

    Run missing =
        upkeep(
            "release",
            "pull",
            "my-results",
            "--constraint",
            ">=2.0.0",
            "--archive",
            a,
            "--into",
            dir.resolve("none").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err())
        .contains("no release of my-results matching '>=2.0.0' in " + a)
        .contains("it has 1.0.0, 1.1.0-rc.1");
  }

  @Test
  void quietPushAndPullPrintNothingOnSuccess() {
    String a = archive.toString();
    String[] push = {
      "release", "push", tree.toString(), "--archive", a, "--title", "r", "--version", "1.0.0"
    };
    Path into = dir.resolve("pulled");

    assertThat(upkeep(append(push, "-q"))).isEqualTo(new Run(0, "", ""));
    assertThat(upkeep("release", "pull", "r", "--archive", a, "--into", into.toString(), "--quiet"))
        .isEqualTo(new Run(0, "", ""));
    assertThat(into.resolve("results/out.txt")).hasContent("42\r\n");

    Run again = upkeep(append(push, "-q"));
    assertThat(again.exit()).as("errors still show").isEqualTo(1);
    assertThat(again.out()).isEmpty();
    assertThat(again.err())
        .startsWith("upkeep: release r 1.0.0 is already in " + a)
        .hasLineCount(1);
    Run loud =
        upkeep(
            "release",
            "push",
            tree.toString(),
            "--archive",
            a,
            "--title",
            "r",
            "--version",
            "2.0.0");
    assertThat(loud.out()).startsWith("pushed release r 2.0.0");
    assertThat(loud.err()).as("progress lines without a terminal").contains("upkeep: ");
  }

  private static String[] append(String[] args, String more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = more;
    return all;
  }

  @Test
  void syncUsesTheDefaultArchiveOfRmeYmlAndExits1OnAConflict() throws Exception {
    Files.writeString(tree.resolve("results.rme.yml"), "datasets:\n  out: results/out.txt\n");
    assertThat(
            upkeep(
                    "release",
                    "push",
                    tree.toString(),
                    "--archive",
                    archive.toString(),
                    "--title",
                    "results",
                    "--version",
                    "1.0.0")
                .exit())
        .isZero();
    Path project = Files.createDirectories(dir.resolve("analysis"));
    Files.writeString(project.resolve("rmeproject.yml"), "requires-releases:\n  - results^1.0.0\n");
    Files.writeString(
        project.resolve("rme.yml"), "archives:\n  lab:\n    host: ../archive\n    default: true\n");
    String cache = dir.resolve("cache").toString();

    Run sync = upkeep("release", "sync", project.toString(), "--cache", cache);

    assertThat(sync.exit()).as(sync.err()).isZero();
    assertThat(sync.out()).contains("synced release results 1.0.0").contains("rmeproject.lock");
    assertThat(project.resolve("data_env/results/out.txt")).hasContent("42\r\n");
    assertThat(Files.readString(project.resolve("rmeproject.lock"))).contains("host: ../archive");

    Files.writeString(
        project.resolve("rmeproject.yml"), "requires-releases:\n  - results>=2.0.0\n");
    Run conflict = upkeep("release", "sync", project.toString(), "--cache", cache);
    assertThat(conflict.exit()).isEqualTo(1);
    assertThat(conflict.err()).contains("'>=2.0.0' asked by rmeproject.yml");
  }

  @Test
  void usageAndIoErrorsExit2() {
    Run badVersion =
        upkeep(
            "release",
            "push",
            tree.toString(),
            "--archive",
            archive.toString(),
            "--title",
            "x",
            "--version",
            "1.0");
    assertThat(badVersion.exit()).isEqualTo(2);
    assertThat(badVersion.err()).contains("version '1.0' is not a SemVer 2.0 version");

    Run noArchive = upkeep("release", "list", "x", "--archive", dir.resolve("nope").toString());
    assertThat(noArchive.exit()).isEqualTo(2);
    assertThat(noArchive.err()).contains("upkeep release init");

    Run badExpression =
        upkeep("release", "list", "x", "--constraint", "=>1", "--archive", archive.toString());
    assertThat(badExpression.exit()).isEqualTo(2);
    assertThat(badExpression.err()).contains("'=>1' is not an operator");
  }

  Run upkeep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }
}

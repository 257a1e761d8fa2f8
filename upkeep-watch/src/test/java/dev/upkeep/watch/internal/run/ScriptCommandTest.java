package dev.upkeep.watch.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCommandTest {
  @TempDir Path dir;

  Path script(String name, String perms) throws Exception {
    Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    return p;
  }

  @Test
  void anExecutableFileRunsDirectlyWithTheArguments() throws Exception {
    String s = script("count.sh", "rwxr-xr-x").toString();
    assertThat(ScriptCommand.resolve(s, false, null).line(List.of("-n", "1")))
        .containsExactly(s, "-n", "1");
  }

  @Test
  void aMissingScriptIsNamedWithWhereItWasLookedFor() {
    String s = dir.resolve("missing.sh").toString();
    assertThatThrownBy(() -> ScriptCommand.resolve(s, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("script " + s + " does not exist (looked for " + s + "); check the path");
  }

  @Test
  void aNonExecutableScriptSaysChmodOrShell() throws Exception {
    String s = script("plain.sh", "rw-r--r--").toString();
    assertThatThrownBy(() -> ScriptCommand.resolve(s, false, null))
        .hasMessage(
            "script "
                + s
                + " is not executable; make it executable (chmod +x "
                + s
                + ") or run it through the shell (--shell; shell(true) in the API)");
  }

  @Test
  void aDirectoryIsNoScript() {
    assertThatThrownBy(() -> ScriptCommand.resolve(dir.toString(), false, null))
        .hasMessage("script " + dir + " is a directory, not a script; give the script file");
    assertThatThrownBy(() -> ScriptCommand.resolve(dir.toString(), true, null))
        .hasMessageContaining("is a directory");
  }

  @Test
  void aBareNameIsLookedUpOnPath() throws Exception {
    script("tool", "rwxr-xr-x");
    assertThat(ScriptCommand.resolve("tool", false, "/nonexistent:" + dir).line(List.of("a")))
        .containsExactly("tool", "a");
    assertThatThrownBy(() -> ScriptCommand.resolve("no-such-tool-xyz", false, dir.toString()))
        .hasMessage(
            "script no-such-tool-xyz was not found: there is no such command on PATH and no / in"
                + " it to make it a path; give the script's path (e.g. ./no-such-tool-xyz)");
  }

  @Test
  void throughTheShellAFileNeedNotBeExecutable() throws Exception {
    String s = script("plain.sh", "rw-r--r--").toString();
    assertThat(ScriptCommand.resolve(s, true, null).line(List.of("1")))
        .containsExactly("/bin/sh", s, "1");
  }

  @Test
  void throughTheShellAnythingElseIsACommandLineWithTheArgumentsAsPositionalParameters() {
    assertThat(ScriptCommand.resolve("echo $(($1 + 1))", true, null).line(List.of("41")))
        .containsExactly("/bin/sh", "-c", "echo $(($1 + 1))", "sh", "41");
    assertThat(ScriptCommand.resolve("make", true, null).line(List.of()))
        .containsExactly("/bin/sh", "-c", "make", "sh");
  }

  @Test
  void throughTheShellAMissingPathIsStillAnError() {
    String s = dir.resolve("typo.sh").toString();
    assertThatThrownBy(() -> ScriptCommand.resolve(s, true, null))
        .hasMessageContaining("script " + s + " does not exist");
  }
}

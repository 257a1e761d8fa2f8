package dev.upkeep.cli.release;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep login ARCHIVE [--user U]}: stores an archive's token or password. */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Store the token (a collector's, or CDCS's) or, with --user, the CDCS password of an archive.",
      "The secret is read from the terminal without echo, or from the first line of standard input."
          + " It goes to the OS keyring under service rme+HOST (where rmellipse keeps its CDCS"
          + " passwords, so both tools share them), else to a file only you can read.",
      "Exit codes: 0 stored, 2 usage or I/O error."
    })
public final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "ARCHIVE",
      description =
          "https://COLLECTOR/, cdcs+https://CDCS/, or a name from archives.toml or rme.yml.")
  String archive;

  @Option(
      names = "--user",
      paramLabel = "USER",
      description = "Store USER's password (CDCS) instead of a token.")
  String user;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return ReleaseExits.run(
        err,
        () -> {
          RemoteArchive remote = RemoteArchive.of(archive, user);
          String secret = read(remote);
          if (secret.isBlank()) {
            throw new IllegalArgumentException("nothing to store: the secret is empty");
          }
          String where = remote.credentials().save(remote.host(), remote.account(), secret);
          var out = spec.commandLine().getOut();
          out.println("stored the " + remote.what() + " for " + remote.host() + " in " + where);
          out.flush();
          return ReleaseExits.OK;
        });
  }

  private String read(RemoteArchive remote) throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("%s for %s: ", remote.what(), remote.host());
      return typed == null ? "" : new String(typed).strip();
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null ? "" : line.strip();
  }
}

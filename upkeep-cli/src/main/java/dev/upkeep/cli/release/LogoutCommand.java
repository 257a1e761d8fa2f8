package dev.upkeep.cli.release;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep logout ARCHIVE [--user U]}: forgets what {@code upkeep login} stored. */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = {
      "Forget the token or, with --user, the password upkeep login stored for an archive.",
      "Exit codes: 0 forgotten, 1 nothing was stored, 2 usage or I/O error."
    })
public final class LogoutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "As for upkeep login.")
  String archive;

  @Option(names = "--user", paramLabel = "USER", description = "Forget USER's password.")
  String user;

  @Override
  public Integer call() {
    return ReleaseExits.run(
        spec.commandLine().getErr(),
        () -> {
          RemoteArchive remote = RemoteArchive.of(archive, user);
          boolean had = remote.credentials().delete(remote.host(), remote.account());
          var out = spec.commandLine().getOut();
          out.println(
              (had ? "forgot the " : "no stored ") + remote.what() + " for " + remote.host());
          out.flush();
          return had ? ReleaseExits.OK : ReleaseExits.REFUSED;
        });
  }
}

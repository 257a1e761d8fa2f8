package dev.upkeep.dist;

import dev.upkeep.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * A build step of the distribution, not part of it: writes, from the {@code upkeep} command's own
 * picocli model ({@link Main#everyCommand()}), one AsciiDoc manual page per command and subcommand
 * ({@code upkeep.adoc}, {@code upkeep-release-push.adoc}, …; asciidoctor's manpage backend turns
 * them into {@code man1/*.1}) and the bash and zsh completion scripts, as {@code upkeep completion
 * bash|zsh} prints them.
 *
 * <p>Usage: {@code DistDocs ADOC_DIR COMPLETIONS_DIR}; run inside Maven's JVM (exec:java), so it
 * throws rather than exits when picocli's generator or a completion fails.
 */
public final class DistDocs {
  private DistDocs() {}

  public static void main(String[] args) throws IOException {
    Path adoc = Files.createDirectories(Path.of(args[0]));
    Path completions = Files.createDirectories(Path.of(args[1]));
    CommandLine upkeep = Main.everyCommand();
    int code =
        ManPageGenerator.generateManPage(
            adoc.toFile(), null, new boolean[0], true, upkeep.getCommandSpec());
    if (code != 0) {
      throw new IllegalStateException("picocli's manual page generator exited with " + code);
    }
    Files.writeString(completions.resolve("upkeep.bash"), completion("bash"));
    Files.writeString(completions.resolve("upkeep.zsh"), completion("zsh"));
  }

  private static String completion(String shell) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "completion", shell);
    if (code != 0) {
      throw new IllegalStateException(
          "upkeep completion " + shell + " exited " + code + ": " + err);
    }
    return out.toString();
  }
}

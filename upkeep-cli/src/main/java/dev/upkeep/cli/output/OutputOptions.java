package dev.upkeep.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine.Option;

/**
 * The output options of the commands whose output scripts read, as two picocli mixins, so that a
 * command offers only the one that means something for it:
 *
 * <ul>
 *   <li>{@link Json}, {@code --json}, for the commands that list or query something: one JSON
 *       document on standard output instead of the table or text. A command that got JSON from the
 *       collector prints the collector's answer as it came; a local command ({@code hash}, {@code
 *       verify}) builds its own object. Pretty-printed by Jackson, two spaces per level, ending in
 *       a line break.
 *   <li>{@link Quiet}, {@code -q/--quiet}, for the commands that only report that they did
 *       something: nothing on standard output (nor progress on standard error) on success. Errors
 *       are still one line on standard error, and the exit code says what happened.
 * </ul>
 *
 * <p>Use: {@code @Mixin OutputOptions.Json json;} (a field, or a parameter of a command method).
 * Instances are made and filled by picocli, one per command run; not thread-safe.
 */
public final class OutputOptions {
  private OutputOptions() {}

  /** {@code --json}: one JSON document on standard output instead of the text. */
  public static final class Json {
    @Option(
        names = "--json",
        description =
            "Print one JSON document on standard output instead of the text (for scripts).")
    boolean on;

    /** Whether {@code --json} was given. */
    public boolean on() {
      return on;
    }

    /** Prints {@code document} pretty-printed on {@code out}, then a line break, and flushes. */
    public void print(PrintWriter out, JsonNode document) {
      out.println(document.toPrettyString());
      out.flush();
    }

    /** A new, empty JSON object, for a local command's document. */
    public static ObjectNode object() {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  /** {@code -q/--quiet}: nothing printed on success. */
  public static final class Quiet {
    @Option(
        names = {"-q", "--quiet"},
        description = "Print nothing on success; errors still go to standard error.")
    boolean on;

    /** Whether {@code -q/--quiet} was given. */
    public boolean on() {
      return on;
    }

    /** {@code out}, or with {@code --quiet} a writer that drops what is written to it. */
    public PrintWriter out(PrintWriter out) {
      return on ? new PrintWriter(Writer.nullWriter()) : out;
    }
  }
}

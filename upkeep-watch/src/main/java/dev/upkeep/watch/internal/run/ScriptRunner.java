package dev.upkeep.watch.internal.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the script once: no shell unless the command has one, standard error passed through to this
 * process's, standard input empty, standard output read whole. A run ends when the script has
 * exited and its standard output is closed (a background process the script leaves holding it open
 * keeps the run going).
 */
public final class ScriptRunner {
  private static final long DESTROY_GRACE_MILLIS = 2_000;

  private final ScriptCommand command;

  public ScriptRunner(ScriptCommand command) {
    this.command = command;
  }

  /**
   * What one run gave.
   *
   * @param exitCode the exit code, -1 when the script could not be started
   * @param stdout everything it printed on standard output
   * @param error why it could not be started, or null
   */
  public record Outcome(int exitCode, byte[] stdout, String error) {}

  /**
   * Runs the script with the arguments and waits for it.
   *
   * @param started told the process as soon as it runs (so that it can be destroyed)
   * @throws InterruptedException when interrupted while waiting: the script is destroyed first
   */
  public Outcome run(List<String> arguments, Consumer<Process> started)
      throws InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command.line(arguments)).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Outcome(
          -1, new byte[0], "cannot start " + command.script() + ": " + e.getMessage());
    }
    started.accept(process);
    byte[] stdout;
    try (InputStream out = process.getInputStream()) {
      process.getOutputStream().close();
      stdout = out.readAllBytes();
    } catch (IOException e) {
      stdout = new byte[0]; // the process was destroyed while it wrote
    }
    try {
      return new Outcome(process.waitFor(), stdout, null);
    } catch (InterruptedException e) {
      destroy(process);
      throw e;
    }
  }

  /**
   * Stops a run: its child processes and itself politely, then forcibly after two seconds. Returns
   * when they are gone (or the grace time has passed).
   */
  public static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(DESTROY_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

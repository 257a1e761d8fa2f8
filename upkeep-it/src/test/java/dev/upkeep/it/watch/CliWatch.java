package dev.upkeep.it.watch;

import static org.awaitility.Awaitility.await;

import dev.upkeep.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code upkeep watch ...} through the real entry point ({@link Main#run(PrintWriter, PrintWriter,
 * String...)}) on a thread of its own; {@link #stop()} interrupts it, as the tests' Ctrl-C.
 */
final class CliWatch {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Thread thread;

  private CliWatch(String... args) {
    thread =
        new Thread(
            () -> {
              try {
                exit.complete(
                    Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
              } catch (Throwable t) {
                exit.completeExceptionally(t);
              }
            },
            "upkeep watch");
    thread.setDaemon(true);
  }

  /** Starts {@code upkeep ARGS} and waits until it watches (its first line) or has exited. */
  static CliWatch start(String... args) {
    CliWatch cli = new CliWatch(args);
    cli.thread.start();
    await("upkeep watch started")
        .atMost(Duration.ofSeconds(20))
        .until(() -> cli.out().startsWith("watching ") || cli.exit.isDone());
    return cli;
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** Waits for the command to end on its own; its exit code. */
  int awaitExit() throws Exception {
    await("upkeep watch exited").atMost(Duration.ofSeconds(20)).until(exit::isDone);
    return exit.get();
  }

  /** Interrupts the command and returns its exit code. */
  int stop() throws Exception {
    thread.interrupt();
    return awaitExit();
  }
}

package dev.upkeep.cli;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.UpkeepServer;
import dev.upkeep.server.settings.LogFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep serve}: runs the collector until SIGINT or SIGTERM, which drain the ingest queue
 * and close the store cleanly. Logs on standard error as {@code log-format} says (see {@link
 * LogSetup#json}).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the collector on the embedded SQLite store (or PostgreSQL).")
final class ServeCommand implements Callable<Integer> {
  @Mixin ServeOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config;
    try {
      config = options.toConfig(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    if (config.logFormat() == LogFormat.JSON) {
      LogSetup.json();
    }
    UpkeepServer server;
    try {
      server = UpkeepServer.start(config);
    } catch (RuntimeException e) {
      throw new CliException("cannot start the collector: " + e.getMessage(), e);
    }
    banner(spec.commandLine().getOut(), server, config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "upkeep-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * What {@code serve} prints once started: the URL and the store, and on the first start the
   * master token, but only when no {@code master-token-file} was asked for (stdout often ends in a
   * log); with a file, only its path. Later starts print nothing secret.
   */
  static void banner(PrintWriter out, UpkeepServer server, ServerConfig config) {
    out.println("Upkeep collector listening on " + server.url());
    out.println("Store: " + server.store().describe());
    server
        .initialMasterToken()
        .ifPresent(
            token -> {
              if (config.masterTokenFile() == null) {
                out.println("Master token (shown once; only its hash is stored): " + token);
              } else {
                out.println(
                    "Master token written to "
                        + config.masterTokenFile().toAbsolutePath()
                        + " (mode 0600; only its hash is stored)");
              }
            });
    out.flush();
  }
}

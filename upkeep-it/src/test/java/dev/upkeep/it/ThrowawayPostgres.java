package dev.upkeep.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of its own, in a new temporary directory on a free loopback port, that a
 * test may stop and start at will: {@code initdb} and {@code pg_ctl} of the newest version under
 * {@code /usr/lib/postgresql/}, run as the {@code postgres} user when the tests run as root (the
 * server refuses root). The shared PostgreSQL at 5432 is never touched. {@link #close()} stops it
 * (immediate) and deletes the directory.
 *
 * <p>Without those programs the test is skipped saying why, and under {@code CI=true} it fails
 * instead: {@code .ci/run} relies on Debian's {@code postgresql} package, which has them.
 */
final class ThrowawayPostgres implements AutoCloseable {
  private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path dir;
  private final boolean asPostgres;
  private final int port;

  private ThrowawayPostgres(Path bin, Path dir, boolean asPostgres, int port) {
    this.bin = bin;
    this.dir = dir;
    this.asPostgres = asPostgres;
    this.port = port;
  }

  /**
   * Creates, starts and fills the cluster with an empty database {@code upkeep}.
   *
   * @throws org.opentest4j.TestAbortedException when the programs are missing (not under CI)
   */
  static ThrowawayPostgres create() throws Exception {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("upkeep-outage-");
    if (root) {
      UserPrincipal postgres =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, root, freePort());
    try {
      pg.run(
          "initdb",
          "-D",
          pg.data().toString(),
          "-A",
          "trust",
          "-U",
          "postgres",
          "-E",
          "UTF8",
          "--locale=C",
          "--no-sync");
      pg.start(true);
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres?user=postgres");
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE upkeep");
      }
      return pg;
    } catch (Exception | AssertionError e) {
      pg.close();
      throw e;
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/upkeep?user=postgres}. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/upkeep?user=postgres";
  }

  /** Starts the stopped cluster and waits until it takes connections. */
  void start() throws IOException, InterruptedException {
    start(false);
  }

  /** {@code pg_ctl stop -m MODE}: {@code fast} (sessions told 57P01) or {@code immediate}. */
  void stop(String mode) throws IOException, InterruptedException {
    run("pg_ctl", "-D", data().toString(), "-m", mode, "-w", "-t", "60", "stop");
  }

  /** Stops the cluster (immediate) if it runs and deletes its directory. */
  @Override
  public void close() {
    try {
      if (Files.exists(data().resolve("postmaster.pid"))) {
        stop("immediate");
      }
    } catch (IOException | InterruptedException | AssertionError e) {
      // it is gone already; the directory goes next
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // a temporary directory left behind is no failure of the test
    }
  }

  private void start(boolean first) throws IOException, InterruptedException {
    run(
        "pg_ctl",
        "-D",
        data().toString(),
        "-l",
        dir.resolve(first ? "server.log" : "server-again.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir,
        "start");
  }

  private Path data() {
    return dir.resolve("data");
  }

  /** Runs a program of the cluster's version; fails naming its output unless it exits 0. */
  private void run(String program, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(program).toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not end within 90 s");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", cmd)
              + " exited "
              + p.exitValue()
              + ": "
              + new String(out, StandardCharsets.UTF_8));
    }
  }

  /** The newest {@code /usr/lib/postgresql/N/bin} holding initdb and pg_ctl; else skip or fail. */
  private static Path binaries() throws IOException {
    if (Files.isDirectory(VERSIONS)) {
      try (Stream<Path> versions = Files.list(VERSIONS)) {
        Path bin =
            versions
                .map(v -> v.resolve("bin"))
                .filter(
                    b ->
                        Files.isExecutable(b.resolve("initdb"))
                            && Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparing(ThrowawayPostgres::version))
                .orElse(null);
        if (bin != null) {
          return bin;
        }
      }
    }
    String why =
        "this test runs a PostgreSQL cluster of its own and needs initdb and pg_ctl under "
            + VERSIONS
            + "/N/bin; install Debian's postgresql package";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true and " + why);
    }
    Assumptions.abort(why);
    return null;
  }

  private static int version(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Whether the cluster takes connections now. */
  boolean answers() {
    try (Connection c = DriverManager.getConnection(url())) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}

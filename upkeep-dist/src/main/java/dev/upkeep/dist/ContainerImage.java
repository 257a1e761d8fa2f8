package dev.upkeep.dist;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * A build step of the distribution, not part of it: the container image {@code upkeep:VERSION},
 * written by Jib (jib-core, no Docker daemon) as a tarball that {@code docker load} and {@code
 * podman load} read.
 *
 * <p>From an empty base ({@code scratch}), in layers from the least to the most often changed:
 *
 * <ol>
 *   <li>{@code base}: the C libraries the Java runtime links against, copied from the build machine
 *       with their Debian copyright files ({@link NativeLibraries}); {@code /etc/passwd} and {@code
 *       /etc/group} naming the user {@code upkeep} (65532); {@code /tmp} and the data volume {@code
 *       /var/lib/upkeep}, both owned by that user;
 *   <li>{@code runtime}: the jlink-trimmed Java runtime, {@code /opt/upkeep/runtime};
 *   <li>{@code dependencies}: the third-party jars, {@code /opt/upkeep/lib};
 *   <li>{@code upkeep}: Upkeep's own jars, the settings file and the licences.
 * </ol>
 *
 * <p>It runs {@code upkeep serve --data /var/lib/upkeep} as user 65532, listening on 8080, with
 * {@code -XX:-UsePerfData} (no {@code /tmp/hsperfdata_*} file, which two JVMs that are both PID 1
 * of their namespaces would share) and {@code JAVA_TOOL_OPTIONS} set to {@link #JAVA_OPTIONS}
 * (enough on SQLite, see docs/deploy.md; {@code docker run -e JAVA_TOOL_OPTIONS=-Xmx512m} for
 * PostgreSQL); any other command replaces {@code serve …} ({@code docker run IMAGE --version}).
 * Every file is dated 1970-01-01, so the same inputs give the same image digest.
 *
 * <p>Usage: {@code ContainerImage VERSION RUNTIME_DIR LIB_DIR DIST_DIR LICENCES_DIR OUTPUT_TAR
 * WORK_DIR}; run inside Maven's JVM (exec:java), so it throws rather than exits.
 */
public final class ContainerImage {
  /** The user and group id the collector runs as, as distroless images number {@code nonroot}. */
  static final String USER = "65532";

  /**
   * The JVM options of the collector in the image ({@code JAVA_TOOL_OPTIONS}), the same as {@code
   * share/systemd/upkeep.service} gives it in {@code JAVA_OPTS}: the heap and collector the JVM
   * picks by itself on a 1 GiB machine (a 256 MiB max heap, 16 MiB to start with, the Serial
   * collector), on any machine. About 190 MiB of RSS under ingest load, measured by {@code
   * bench/run-footprint.sh}.
   */
  static final String JAVA_OPTIONS = "-Xms16m -Xmx256m -XX:+UseSerialGC";

  static final AbsoluteUnixPath HOME = AbsoluteUnixPath.get("/opt/upkeep");
  static final AbsoluteUnixPath DATA = AbsoluteUnixPath.get("/var/lib/upkeep");

  private static final Instant EPOCH = Instant.EPOCH;
  private static final String OWNER = USER + ":" + USER;

  private ContainerImage() {}

  public static void main(String[] args) throws Exception {
    String version = args[0];
    Path runtime = Path.of(args[1]);
    Path lib = Path.of(args[2]);
    Path dist = Path.of(args[3]);
    Path licences = Path.of(args[4]);
    Path output = Path.of(args[5]);
    Path work = Files.createDirectories(Path.of(args[6]));

    JibContainer image =
        Jib.fromScratch()
            .setFileEntriesLayers(
                base(runtime, lib, work),
                runtime(runtime),
                dependencies(lib),
                upkeep(lib, dist, licences))
            .setEntrypoint(
                HOME.resolve("runtime/bin/java").toString(),
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-UsePerfData",
                "-cp",
                HOME.resolve("lib").toString() + "/*",
                "dev.upkeep.cli.Main")
            .setProgramArguments("serve", "--data", DATA.toString())
            .setUser(OWNER)
            .setWorkingDirectory(DATA)
            .addVolume(DATA)
            .addExposedPort(Port.tcp(8080))
            .addEnvironmentVariable("PATH", HOME.resolve("runtime/bin").toString())
            .addEnvironmentVariable("JAVA_TOOL_OPTIONS", JAVA_OPTIONS)
            .addLabel("org.opencontainers.image.title", "upkeep")
            .addLabel("org.opencontainers.image.version", version)
            .addLabel(
                "org.opencontainers.image.description",
                "Upkeep collector: telemetry, version checks and release archives for maintainers")
            .setCreationTime(EPOCH)
            .setFormat(ImageFormat.Docker)
            .containerize(
                Containerizer.to(TarImage.at(output).named("upkeep:" + version))
                    .setOfflineMode(true)
                    .setToolName("upkeep-dist")
                    .setBaseImageLayersCache(work.resolve("cache"))
                    .setApplicationLayersCache(work.resolve("cache")));
    System.out.println("upkeep:" + version + " " + image.getDigest() + " -> " + output);
  }

  private static FileEntriesLayer base(Path runtime, Path jars, Path work) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("base");
    List<NativeLibraries.Library> libraries =
        NativeLibraries.of(runtime, jars, work.resolve("native"));
    for (NativeLibraries.Library lib : libraries) {
      layer.addEntry(
          lib.file(),
          AbsoluteUnixPath.get(lib.path()),
          FilePermissions.fromOctalString("755"),
          EPOCH);
    }
    for (Path copyright : NativeLibraries.copyrights(libraries)) {
      layer.addEntry(copyright, AbsoluteUnixPath.get(copyright.toString()), EPOCH);
    }
    Path etc = Files.createDirectories(work.resolve("etc"));
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0:root:/root:/sbin/nologin\n"
            + "upkeep:x:"
            + USER
            + ":"
            + USER
            + ":upkeep:"
            + DATA
            + ":/sbin/nologin\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\nupkeep:x:" + USER + ":\n");
    Files.writeString(etc.resolve("nsswitch.conf"), "hosts: files dns\n");
    for (String name : List.of("passwd", "group", "nsswitch.conf")) {
      layer.addEntry(etc.resolve(name), AbsoluteUnixPath.get("/etc/" + name), EPOCH);
    }
    Path empty = Files.createDirectories(work.resolve("empty"));
    layer.addEntry(
        empty, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("700"), EPOCH, OWNER);
    layer.addEntry(empty, DATA, FilePermissions.fromOctalString("700"), EPOCH, OWNER);
    return layer.build();
  }

  private static FileEntriesLayer runtime(Path runtime) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("runtime");
    addTree(layer, runtime, HOME.resolve("runtime"));
    return layer.build();
  }

  private static FileEntriesLayer dependencies(Path lib) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("dependencies");
    addJars(layer, lib, false);
    return layer.build();
  }

  private static FileEntriesLayer upkeep(Path lib, Path dist, Path licences) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("upkeep");
    addJars(layer, lib, true);
    layer.addEntry(
        dist.resolve("conf/upkeep.properties"), HOME.resolve("conf/upkeep.properties"), EPOCH);
    addTree(layer, licences, HOME.resolve("licenses"));
    return layer.build();
  }

  /** The files under {@code dir}, under {@code into}, keeping whether each is executable. */
  private static void addTree(FileEntriesLayer.Builder layer, Path dir, AbsoluteUnixPath into)
      throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        if (Files.isRegularFile(file)) {
          layer.addEntry(
              file,
              into.resolve(dir.relativize(file).toString()),
              FilePermissions.fromOctalString(Files.isExecutable(file) ? "755" : "644"),
              EPOCH);
        }
      }
    }
  }

  /** The jars of {@code lib} in {@code /opt/upkeep/lib}: Upkeep's own or the third-party ones. */
  private static void addJars(FileEntriesLayer.Builder layer, Path lib, boolean upkeeps)
      throws IOException {
    try (Stream<Path> jars = Files.list(lib)) {
      for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
        if (jar.getFileName().toString().startsWith("upkeep-") == upkeeps) {
          layer.addEntry(jar, HOME.resolve("lib/" + jar.getFileName()), EPOCH);
        }
      }
    }
  }
}

package dev.upkeep.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upkeep-VERSION.tar.gz} unpacked as a user unpacks it, and run with the Java of the build
 * (JAVA_HOME or PATH, as the user's machine has one): the layout, {@code --version}, {@code hash},
 * {@code serve}, the commented settings file; the zip holds the same files.
 */
class DistributionIT {
  @TempDir static Path root;
  static Installation dist;

  @BeforeAll
  static void unpack() throws Exception {
    dist =
        Installation.unpack(
            Path.of(System.getProperty("upkeep.distribution")),
            Files.createDirectories(root.resolve("tar")));
  }

  @Test
  void holdsTheLauncherLibrariesSettingsManualUnitAndLicences() throws IOException {
    Path home = dist.home;
    assertThat(Files.getPosixFilePermissions(home.resolve("bin/upkeep")))
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    assertThat(Files.readString(home.resolve("bin/upkeep.bat")))
        .contains("dev.upkeep.cli.Main %*\r\n");
    assertThat(home.resolve("lib")).isDirectoryContaining("glob:**/upkeep-cli-*.jar");
    assertThat(home.resolve("lib")).isDirectoryContaining("glob:**/picocli-*.jar");
    assertThat(home.resolve("lib")).isDirectoryNotContaining("glob:**/picocli-codegen-*.jar");
    assertThat(home.resolve("share/man/man1/upkeep.1")).isRegularFile();
    assertThat(home.resolve("share/bash-completion/completions/upkeep")).isRegularFile();
    assertThat(home.resolve("share/zsh/upkeep.zsh")).isRegularFile();
    assertThat(Files.readString(home.resolve("share/container/compose.yaml")))
        .contains("dev.upkeep.cli.Main\", \"ping\"", "/var/lib/upkeep");
    assertThat(Files.readString(home.resolve("share/systemd/upkeep.service")))
        .contains(
            "ExecStart=/opt/upkeep/bin/upkeep serve",
            "User=upkeep",
            "StateDirectory=upkeep",
            "ProtectSystem=strict",
            "NoNewPrivileges=yes",
            "Environment=\"JAVA_OPTS=" + ContainerImage.JAVA_OPTIONS + " ");
    assertThat(Files.readString(home.resolve("share/container/compose.yaml")))
        .contains("JAVA_TOOL_OPTIONS: \"" + ContainerImage.JAVA_OPTIONS + "\"");
    assertThat(Files.readString(home.resolve("licenses/THIRD-PARTY.txt")))
        .contains("picocli", "Jetty", "SQLite JDBC")
        .doesNotContain("(dev.upkeep:");
    assertThat(home.resolve("licenses/jetty-server-jar")).isDirectory();
    assertThat(home.resolve("runtime")).doesNotExist();
  }

  @Test
  void theSystemdUnitIsTheOneDeployMdShows() throws IOException {
    String shipped =
        Files.readAllLines(dist.home.resolve("share/systemd/upkeep.service")).stream()
            .dropWhile(l -> l.startsWith("#"))
            .collect(Collectors.joining("\n"));
    String deploy = Files.readString(Path.of(System.getProperty("upkeep.docs"), "deploy.md"));
    String shown = deploy.substring(deploy.indexOf("`/etc/systemd/system/upkeep.service`"));
    shown = shown.substring(shown.indexOf("```ini\n") + 7);
    shown = shown.substring(0, shown.indexOf("\n```"));
    assertThat(shipped).isEqualTo(shown);
  }

  @Test
  void printsItsVersionAndHashesATree() throws Exception {
    Installation.Result version = dist.run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out())
        .matches("upkeep " + System.getProperty("upkeep.version") + " \\((commit |unknown).*\\)\n");

    Path repo = Files.createDirectories(root.resolve("repo"));
    Path tree = Files.createDirectories(repo.resolve("tree"));
    Files.writeString(tree.resolve("a.txt"), "a\n");
    Installation.Result hash = dist.run("hash", tree.toString());
    assertThat(hash.code()).as(hash.err()).isZero();
    assertThat(hash.out().trim()).isEqualTo(gitTreeHash(repo, "tree"));
  }

  /** {@code git ls-files -s DIR | git hash-object --stdin}, which {@code upkeep hash} equals. */
  private static String gitTreeHash(Path repo, String dir) throws Exception {
    String script =
        "git init -q && git add "
            + dir
            + " && git ls-files -s "
            + dir
            + " | git hash-object --stdin";
    Process git = new ProcessBuilder("sh", "-c", script).directory(repo.toFile()).start();
    String out = new String(git.getInputStream().readAllBytes()).trim();
    assertThat(git.waitFor()).isZero();
    return out;
  }

  @Test
  void servesAndStoresABreadcrumb() throws Exception {
    Path data = root.resolve("data");
    try (Installation.Server server = dist.serve(data)) {
      String token = Files.readString(data.resolve("master")).trim();
      Collector.answersAndStoresABreadcrumb(server.url(), token, dist::run);
    }
  }

  @Test
  void theSettingsFileListsEverySettingWithItsDefault() throws Exception {
    Path conf = dist.home.resolve("conf/upkeep.properties");
    Installation.Result defaults = dist.run("config");
    assertThat(defaults.code()).as(defaults.err()).isZero();

    // as shipped, every line commented out: nothing changes
    assertThat(dist.run("config", "--config", conf.toString()).out()).isEqualTo(defaults.out());

    // every setting the collector has is in the file
    Set<String> keys = keys(defaults.out().lines());
    List<String> settings =
        Files.readAllLines(conf).stream().filter(l -> l.matches("#[a-z0-9-]+ =.*")).toList();
    Set<String> listed = keys(settings.stream().map(l -> l.substring(1)));
    assertThat(listed).containsAll(keys);

    // and each with its default: with every setting uncommented, still nothing changes
    Path uncommented = root.resolve("uncommented.properties");
    Files.write(uncommented, settings.stream().map(l -> l.substring(1)).toList());
    Installation.Result all = dist.run("config", "--config", uncommented.toString());
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.out()).isEqualTo(defaults.out());
  }

  @Test
  void theZipHoldsTheSameFiles() throws Exception {
    Installation zip =
        Installation.unpack(
            Path.of(System.getProperty("upkeep.distribution.zip")),
            Files.createDirectories(root.resolve("zip")));
    assertThat(files(zip.home)).isEqualTo(files(dist.home));
    assertThat(zip.run("--version").out()).isEqualTo(dist.run("--version").out());
  }

  private static Set<String> keys(Stream<String> lines) {
    return lines
        .map(l -> l.substring(0, l.indexOf(" =")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> files(Path home) throws IOException {
    try (Stream<Path> all = Files.walk(home)) {
      return all.filter(Files::isRegularFile)
          .map(p -> home.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}

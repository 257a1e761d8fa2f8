package dev.upkeep.cli.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --archive as a directory, a URL or a name of archives.toml or rmellipse's rme.yml. */
class NamedArchivesTest {
  @TempDir Path dir;

  @Test
  void locationsByScheme() {
    assertThat(ArchiveLocation.parse("https://collector.example/", dir))
        .isEqualTo(new ArchiveLocation.Collector(URI.create("https://collector.example/")));
    assertThat(ArchiveLocation.parse("cdcs+https://cdcs.example:8443/", dir))
        .isEqualTo(new ArchiveLocation.Cdcs(URI.create("https://cdcs.example:8443/")));
    assertThat(ArchiveLocation.parse("shared/archive", dir))
        .isEqualTo(new ArchiveLocation.Directory(dir.resolve("shared/archive")));
    assertThat(ArchiveLocation.host(URI.create("https://cdcs.example:8443/")))
        .isEqualTo("cdcs.example:8443");
    assertThatThrownBy(() -> ArchiveLocation.parse("ftp://files.example/", dir))
        .hasMessageContaining("unknown scheme ftp://");
    assertThatThrownBy(() -> ArchiveLocation.parse("https:///nohost", dir))
        .hasMessageContaining("no host");
  }

  @Test
  void upkeepsNamesComeFirstThenRmellipsesAsItReadsThem() throws Exception {
    Path config = dir.resolve("config");
    Path home = Files.createDirectories(dir.resolve("home"));
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.createDirectories(config.resolve("upkeep"));
    Files.writeString(
        NamedArchives.file(config),
        "[archives.lab]\nurl = \"https://collector.example/\"\nproject = \"lab/tools\"\n"
            + "[archives.nist]\nurl = \"cdcs+https://cdcs.example/\"\nuser = \"alice\"\n");
    Files.writeString(
        project.resolve("rme.yml"),
        "archives:\n  shared:\n    host: ../archive\n  cdcs:\n    host: https://cdcs.nist.example/\n"
            + "    user: bob\n    default: true\n");

    NamedArchives.Named lab = NamedArchives.find("lab", project, config, home).orElseThrow();
    assertThat(lab.location()).isInstanceOf(ArchiveLocation.Collector.class);
    assertThat(lab.project()).isEqualTo("lab/tools");
    assertThat(NamedArchives.find("nist", project, config, home).orElseThrow().user())
        .isEqualTo("alice");
    assertThat(NamedArchives.find("shared", project, config, home).orElseThrow().location())
        .isEqualTo(new ArchiveLocation.Directory(dir.resolve("archive")));
    NamedArchives.Named byDefault =
        NamedArchives.defaultArchive(project, config, home).orElseThrow();
    assertThat(byDefault.name()).isEqualTo("cdcs");
    assertThat(byDefault.location())
        .as("rmellipse's only remote back-end is CDCS")
        .isEqualTo(new ArchiveLocation.Cdcs(URI.create("https://cdcs.nist.example/")));
    assertThat(byDefault.user()).isEqualTo("bob");
    assertThat(NamedArchives.find("none", project, config, home)).isEmpty();
  }

  @Test
  void anArchiveWithoutAUrlIsNamedInTheError() throws Exception {
    Path config = dir.resolve("config");
    Files.createDirectories(config.resolve("upkeep"));
    Files.writeString(NamedArchives.file(config), "[archives.broken]\nuser = \"x\"\n");

    assertThatThrownBy(() -> NamedArchives.find("broken", dir, config, dir))
        .hasMessageContaining("archives.toml: archive broken has no url");
  }
}

package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transitive resolver on real file-system archives, generated and hand-made. */
class ResolverTest {
  @TempDir Path tmp;

  static void publish(Archive archive, String title, String version, String... requirements)
      throws IOException {
    ReleaseRecord.Builder b =
        ReleaseRecord.builder(
            new ReleaseId(Workspace.DEFAULT, Title.of(title), ReleaseVersion.of(version)));
    for (String r : requirements) {
      b.requirement(r);
    }
    archive.publish(b.build());
  }

  static List<Resolver.Demand> ask(String... requirements) {
    List<Resolver.Demand> out = new ArrayList<>();
    for (String r : requirements) {
      out.add(new Resolver.Demand(Requirement.parse(r), "rmeproject.yml"));
    }
    return out;
  }

  static Map<String, String> versions(Resolver.Resolution r) {
    Map<String, String> out = new java.util.TreeMap<>();
    r.releases().forEach((k, v) -> out.put(k.toString(), v.id().version().toString()));
    return out;
  }

  /** 25 packages of 4 versions each, each version requiring some packages above it at random. */
  static FileSystemArchive generated(Path dir) throws IOException {
    FileSystemArchive archive = FileSystemArchive.create(dir);
    Random random = new Random(42);
    int packages = 25;
    for (int p = 0; p < packages; p++) {
      for (int minor = 0; minor < 4; minor++) {
        List<String> reqs = new ArrayList<>();
        for (int q = p + 1; q < packages; q++) {
          if (random.nextInt(6) == 0) {
            int at = random.nextInt(4);
            reqs.add(
                "pkg-" + q + (random.nextBoolean() ? ">=1." + at + ".0" : "<1." + (at + 1) + ".0"));
          }
        }
        publish(archive, "pkg-" + p, "1." + minor + ".0", reqs.toArray(String[]::new));
      }
    }
    return archive;
  }

  @Test
  void aGeneratedGraphResolvesToTheHighestVersionsThatSatisfyEveryConstraint() throws IOException {
    Releases releases = Releases.on(generated(tmp.resolve("archive")));

    Resolver.Resolution r = new Resolver(releases).resolve(ask("pkg-0", "pkg-1>=1.1.0"), Map.of());

    assertThat(r.releases()).isNotEmpty();
    r.releases().values().stream().map(x -> x.id().title()).forEach(t -> assertThat(t).isNotNull());
    // Every constraint of every chosen release, and of the project, holds.
    r.demands()
        .forEach(
            (key, demands) -> {
              ReleaseVersion chosen = r.releases().get(key).id().version();
              demands.forEach(
                  d -> assertThat(d.requirement().matches(chosen)).as(d.toString()).isTrue());
            });
    for (ReleaseRecord chosen : r.releases().values()) {
      for (String req : chosen.requirements()) {
        Requirement q = Requirement.parse(req);
        assertThat(r.releases().get(new Resolver.Key(q.workspace(), q.title())).id().version())
            .matches(q::matches, req + " of " + chosen.id());
      }
    }
    // pkg-0 has no one above it: its newest version is chosen unless that cannot work.
    assertThat(
            r.releases().get(new Resolver.Key(Workspace.DEFAULT, Title.of("pkg-0"))).id().version())
        .hasToString("1.3.0");
  }

  @Test
  void aConflictInAGeneratedGraphIsReportedWithWhoAsked() throws IOException {
    Releases releases = Releases.on(generated(tmp.resolve("archive")));

    assertThatThrownBy(
            () -> new Resolver(releases).resolve(ask("pkg-0", "pkg-24>=2.0.0"), Map.of()))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("no release of pkg-24")
        .hasMessageContaining("'>=2.0.0' asked by rmeproject.yml")
        .hasMessageContaining("(it has 1.0.0, 1.1.0, 1.2.0, 1.3.0)");
  }

  @Test
  void aLowerVersionIsTakenWhenTheHighestConflicts() throws IOException {
    FileSystemArchive archive = FileSystemArchive.create(tmp.resolve("archive"));
    publish(archive, "calib", "1.0.0");
    publish(archive, "calib", "2.0.0");
    publish(archive, "fit", "1.0.0", "calib<2.0.0");
    publish(archive, "fit", "2.0.0", "calib>=2.0.0");

    Resolver.Resolution r =
        new Resolver(Releases.on(archive)).resolve(ask("fit", "calib<2.0.0"), Map.of());

    assertThat(versions(r)).containsEntry("fit", "1.0.0").containsEntry("calib", "1.0.0");
  }

  @Test
  void aConflictNamesBothConstraintsAndWhoAskedForEach() throws IOException {
    FileSystemArchive archive = FileSystemArchive.create(tmp.resolve("archive"));
    publish(archive, "calib", "1.0.0");
    publish(archive, "calib", "2.0.0");
    publish(archive, "fit", "1.0.0", "calib>=2.0.0");
    publish(archive, "plot", "1.0.0", "calib<2.0.0");

    assertThatThrownBy(
            () -> new Resolver(Releases.on(archive)).resolve(ask("fit", "plot"), Map.of()))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("no release of calib")
        .hasMessageContaining("'>=2.0.0' asked by release fit 1.0.0")
        .hasMessageContaining("'<2.0.0' asked by release plot 1.0.0")
        .hasMessageContaining("(it has 1.0.0, 2.0.0)");
  }

  @Test
  void theLockedVersionIsKeptWhileItSatisfiesAndYankedOnesAreSkipped() throws IOException {
    FileSystemArchive archive = FileSystemArchive.create(tmp.resolve("archive"));
    publish(archive, "calib", "1.0.0");
    publish(archive, "calib", "1.1.0");
    publish(archive, "calib", "1.2.0");
    Releases releases = Releases.on(archive);
    releases.yank(
        new ReleaseId(Workspace.DEFAULT, Title.of("calib"), ReleaseVersion.of("1.2.0")), "bad");
    Resolver.Key calib = new Resolver.Key(Workspace.DEFAULT, Title.of("calib"));

    assertThat(versions(new Resolver(releases).resolve(ask("calib"), Map.of())))
        .containsEntry("calib", "1.1.0");
    assertThat(
            versions(
                new Resolver(releases)
                    .resolve(ask("calib"), Map.of(calib, ReleaseVersion.of("1.0.0")))))
        .containsEntry("calib", "1.0.0");
    assertThat(
            versions(
                new Resolver(releases)
                    .resolve(ask("calib>=1.1.0"), Map.of(calib, ReleaseVersion.of("1.0.0")))))
        .containsEntry("calib", "1.1.0");
  }
}

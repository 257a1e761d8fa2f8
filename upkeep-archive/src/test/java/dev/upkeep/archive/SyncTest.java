package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release sync}: requirements resolved, pulled into the cache, linked, locked. */
class SyncTest {
  @TempDir Path tmp;
  Releases releases;
  Path project;

  @BeforeEach
  void archiveAndProject() throws IOException {
    releases = Releases.on(FileSystemArchive.create(tmp.resolve("archive")));
    push("calib", "1.0.0", "gain: 1\n", "");
    push("calib", "1.1.0", "gain: 2\n", "");
    push("fit", "1.0.0", "slope: 3\n", "calib>=1.0.0");
    project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(
        project.resolve("rmeproject.yml"), "requires-releases:\r\n  - 'calib>=1.0.0'\r\n");
    Files.writeString(project.resolve("analysis.rme.yml"), "requires-releases:\n  - fit^1.0.0\n");
  }

  /** Pushes a release whose workflow names one dataset, {@code out}, and may require another. */
  void push(String title, String version, String content, String requirement) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("src-" + title + "-" + version + "/results"));
    Files.writeString(dir.resolve("out.yml"), content);
    Files.writeString(
        dir.resolveSibling(title + ".rme.yml"),
        "datasets:\n  out: results/out.yml\n"
            + (requirement.isEmpty() ? "" : "requires-releases:\n  - '" + requirement + "'\n"));
    releases.push(
        dir.getParent(),
        new ReleaseId(Workspace.DEFAULT, Title.of(title), ReleaseVersion.of(version)),
        FileSelection.standard(),
        null);
  }

  Sync sync() {
    return new Sync(releases, "../archive", tmp.resolve("cache"));
  }

  @Test
  void syncPullsTheNewestSatisfyingReleasesLinksDataEnvAndLocks() throws IOException {
    Sync.Result result = sync().run(project, null, false);

    assertThat(result.lock()).isEqualTo(project.resolve("analysis.rme.lock"));
    assertThat(result.releases().keySet().stream().map(r -> r.id().toString()))
        .containsExactlyInAnyOrder("calib 1.1.0", "fit 1.0.0");
    Path env = project.resolve("data_env");
    assertThat(env.resolve(".gitignore")).hasContent("#made by rmellipse\n*");
    assertThat(env.resolve("calib-v1.1.0/out.yml")).isSymbolicLink().hasContent("gain: 2\n");
    assertThat(env.resolve("calib/out.yml")).isSymbolicLink().hasContent("gain: 2\n");
    assertThat(env.resolve("fit/out.yml")).hasContent("slope: 3\n");
    assertThat(env.resolve(".packages/fit-v1.0.0/results/out.yml")).isSymbolicLink();
    assertThat(env.resolve(".packages/fit-v1.0.0/.rme/record.yml")).isSymbolicLink();
    String lock = Files.readString(result.lock());
    assertThat(lock)
        .contains("calib-v1.1.0:\n  host: ../archive\n")
        .contains("  name: calib\n")
        .contains("  version: 1.1.0\n")
        .contains("  workspace: Global Public Workspace\n")
        .contains("- rmeproject.yml (calib>=1.0.0)")
        .contains("- release fit 1.0.0 (calib>=1.0.0)")
        .contains("fit-v1.0.0:");
    assertThat(LockFile.read(result.lock())).hasSize(2);
  }

  @Test
  void theLockHoldsUntilUpdateAndStaleLinksGo() throws IOException {
    sync().run(project, null, false);
    push("calib", "1.2.0", "gain: 3\n", "");

    sync().run(project, null, false);
    assertThat(project.resolve("data_env/calib/out.yml")).hasContent("gain: 2\n");

    sync().run(project, null, true);
    assertThat(project.resolve("data_env/calib/out.yml")).hasContent("gain: 3\n");
    assertThat(project.resolve("data_env/calib-v1.1.0")).doesNotExist();
    assertThat(project.resolve("data_env/.packages/calib-v1.1.0")).doesNotExist();
    assertThat(Files.readString(project.resolve("analysis.rme.lock"))).contains("calib-v1.2.0:");
  }

  @Test
  void pushRecordsTheWorkflowsRequirementsAndDatasets() throws IOException {
    ReleaseRecord fit =
        releases.require(
            new ReleaseId(Workspace.DEFAULT, Title.of("fit"), ReleaseVersion.of("1.0.0")));

    assertThat(fit.requirements()).containsExactly("calib>=1.0.0");
    assertThat(fit.datasets()).containsEntry("out", "results/out.yml");
  }

  @Test
  void anUnsatisfiableProjectNamesItsConstraintsAndWritesNoLock() throws IOException {
    Files.writeString(project.resolve("rmeproject.yml"), "requires-releases:\n  - calib<1.0.0\n");

    assertThatThrownBy(() -> sync().run(project, null, false))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("'<1.0.0' asked by rmeproject.yml");
    assertThat(project.resolve("analysis.rme.lock")).doesNotExist();
  }

  @Test
  void severalWorkflowsNeedOneNamed() throws IOException {
    Files.writeString(project.resolve("other.rme.yml"), "requires-releases: []\n");

    assertThatThrownBy(() -> sync().run(project, null, false))
        .hasMessageContaining("has 2 workflow files (analysis.rme.yml, other.rme.yml)");
    assertThat(sync().run(project, Path.of("other"), false).lock())
        .isEqualTo(project.resolve("other.rme.lock"));
    assertThat(LockFile.read(project.resolve("other.rme.lock")))
        .extracting(e -> e.id().toString())
        .isEqualTo(List.of("calib 1.1.0"));
  }
}

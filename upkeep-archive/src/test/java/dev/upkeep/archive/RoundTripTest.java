package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Push, list, pull, verify over random trees: the pulled tree equals the pushed one, byte for byte.
 */
class RoundTripTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void pulledTreeEqualsPushedTree(long seed) throws IOException {
    Path tree = RandomTrees.write(tmp.resolve("tree"), seed);
    Releases releases = Releases.on(FileSystemArchive.create(tmp.resolve("archive"))).threads(3);
    ReleaseId id =
        new ReleaseId(Workspace.DEFAULT, Title.of("Random_Tree"), ReleaseVersion.of("1.0." + seed));

    ReleaseRecord pushed = releases.push(tree, id, FileSelection.standard(), null);
    assertThat(releases.list(Workspace.DEFAULT, Title.of("random-tree"), null))
        .containsExactly(id.version());
    ReleaseRecord read =
        releases.resolve(
            Workspace.DEFAULT, Title.of("random-tree"), VersionExpression.parse("^1.0.0"));
    Path into = tmp.resolve("pulled");
    Releases.PullResult pulled = releases.pull(read, into);

    assertThat(read).isEqualTo(pushed);
    assertThat(pulled.files()).isEqualTo(pushed.files().size());
    assertThat(RandomTrees.contents(into)).isEqualTo(RandomTrees.contents(tree));
    assertThat(releases.verify(read, null)).contains("files verified");
    assertThat(into.resolve(".rme/record.yml")).exists();
    assertThat(releases.pull(read, into).cached()).isTrue();
  }
}

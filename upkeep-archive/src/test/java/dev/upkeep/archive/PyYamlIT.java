package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records Upkeep writes read back through PyYAML's {@code safe_load} — what rmellipse reads them
 * with — as the same strings: every {@code /path/}, {@code /bpid/} and {@code /bytes/}, whatever
 * the names ({@code yes}, {@code 123}, {@code a: b #c}, non-ASCII). Needs python3 with PyYAML
 * (Debian's python3-yaml, installed by .ci/run); skipped without it, except under CI.
 */
class PyYamlIT {
  static final String WALK =
      String.join(
          "\n",
          "import sys, yaml",
          "r = yaml.safe_load(open(sys.argv[1], encoding='ascii'))",
          "out = []",
          "def walk(node):",
          "    for k, v in node.items():",
          "        assert isinstance(k, str), repr(k)",
          "        if k.startswith('/'):",
          "            continue",
          "        if v['/item/'] == 'Directory':",
          "            out.append('D\\t' + v['/path/'])",
          "            walk(v)",
          "        else:",
          "            assert isinstance(v['/path/'], str) and isinstance(v['/bytes/'], int)",
          "            out.append('F\\t%s\\t%s\\t%d' % (v['/path/'], v['/bpid/'], v['/bytes/']))",
          "walk(r['project'])",
          "assert r['title'] == r['title_versionless'] + '-v' + r['version']",
          "sys.stdout.buffer.write(('\\n'.join(sorted(out)) + '\\n').encode('utf-8'))");

  @TempDir Path tmp;

  @Test
  void pyyamlReadsEveryNameAsUpkeepWroteIt() throws Exception {
    assumeTrue(
        pythonWithYaml() || "true".equals(System.getenv("CI")), "python3 with PyYAML is missing");
    for (long seed = 1; seed <= 8; seed++) {
      Path tree = RandomTrees.write(tmp.resolve("tree-" + seed), seed);
      Releases releases = Releases.on(FileSystemArchive.create(tmp.resolve("archive")));
      ReleaseId id =
          new ReleaseId(Workspace.DEFAULT, Title.of("yaml"), ReleaseVersion.of("1.0." + seed));
      ReleaseRecord record = releases.push(tree, id, FileSelection.standard(), null);
      Path file = tmp.resolve("archive/Global Public Workspace/yaml/yaml-v1.0." + seed + ".yml");

      List<String> expected = new ArrayList<>();
      record.directories().forEach(d -> expected.add("D\t" + d));
      record
          .files()
          .forEach(f -> expected.add("F\t" + f.path() + "\t" + f.blob() + "\t" + f.bytes()));
      expected.sort(RecordYaml::compareCodePoints);

      assertThat(python(file)).as("seed " + seed).isEqualTo(String.join("\n", expected) + "\n");
    }
  }

  static boolean pythonWithYaml() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import yaml").start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String python(Path record) throws Exception {
    Path script = record.resolveSibling("walk.py");
    Files.writeString(script, WALK);
    Process p =
        new ProcessBuilder("python3", script.toString(), record.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    Files.delete(script);
    return new String(out, StandardCharsets.UTF_8);
  }
}

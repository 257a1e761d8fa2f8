package dev.upkeep.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The otumat-signing fixture: trees, keys and signatures made by otumat 0.3 and OpenSSL. */
final class Fixtures {
  static final Path ROOT = Path.of("src/test/resources/otumat-signing");
  static final Path TREES = ROOT.resolve("src");
  static final Path PLUGIN1 = TREES.resolve("plugin1");
  static final Path QUIRKY = TREES.resolve("quirky");

  private Fixtures() {}

  static Path file(String name) {
    return ROOT.resolve(name);
  }

  static String text(String name) throws IOException {
    return Files.readString(file(name), StandardCharsets.UTF_8);
  }

  /** A value of expected-hashes.json: {@code tree} is plugin1 or quirky, {@code key} a field. */
  static String expected(String tree, String key) throws IOException {
    String json = text("expected-hashes.json");
    Matcher m =
        Pattern.compile(
                "\"" + tree + "\"\\s*:\\s*\\{[^}]*\"" + key + "\"\\s*:\\s*\"([0-9a-f]{40})\"")
            .matcher(json);
    if (!m.find()) {
      throw new AssertionError(tree + "." + key + " not in expected-hashes.json");
    }
    return m.group(1);
  }
}

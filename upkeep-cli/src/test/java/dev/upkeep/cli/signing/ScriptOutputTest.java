package dev.upkeep.cli.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.upkeep.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygen -q}, {@code hash --json} and {@code verify --json}, for scripts. */
class ScriptOutputTest {
  /** One JSON document and nothing after it. */
  static final ObjectReader JSON =
      new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path dir;
  Path tree;
  Path keys;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void treeAndQuietKeys() throws Exception {
    tree = Files.createDirectories(dir.resolve("plugin"));
    Files.writeString(tree.resolve("core.py"), "def run():\n    return 1\n");
    keys = dir.resolve("keys");

    assertThat(upkeep("keygen", "--out", keys.toString(), "--bits", "2048", "-q"))
        .isEqualTo(new Run(0, "", ""));
    assertThat(keys.resolve("private.pem")).isRegularFile();
    assertThat(keys.resolve("public.pem")).isRegularFile();
    assertThat(upkeep("keygen", "--out", keys.toString(), "--quiet").err())
        .as("errors still show")
        .contains("use --force to replace it");
  }

  @Test
  void hashJsonNamesThePathTheFlavourAndTheHash() throws Exception {
    String hex = upkeep("hash", tree.toString()).out().strip();

    Run run = upkeep("hash", tree.toString(), "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).endsWith("}\n");
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.get("path").asText()).isEqualTo(tree.toString());
    assertThat(doc.get("flavour").asText()).isEqualTo("git");
    assertThat(doc.get("hash").asText()).isEqualTo(hex);
    assertThat(doc.has("listing")).isFalse();

    JsonNode listed = JSON.readTree(upkeep("hash", tree.toString(), "--listing", "--json").out());
    assertThat(listed.get("listing").get(0).asText()).endsWith(" 0\tplugin/core.py");
    assertThat(listed.get("listing")).hasSize(1);
    JsonNode sha =
        JSON.readTree(
            upkeep("hash", tree.resolve("core.py").toString(), "--flavour", "sha256", "--json")
                .out());
    assertThat(sha.get("flavour").asText()).isEqualTo("sha256");
    assertThat(sha.get("hash").asText()).hasSize(64);
  }

  @Test
  void verifyJsonSaysValidOrWhatDiffered() throws Exception {
    Path sig = dir.resolve("plugin.sig");
    Path listing = dir.resolve("plugin.tree");
    upkeep(
        "sign",
        tree.toString(),
        "--key",
        keys.resolve("private.pem").toString(),
        "--out",
        sig.toString(),
        "--listing",
        listing.toString());

    Run valid = verify(sig, "--json");
    assertThat(valid.exit()).as(valid.err()).isZero();
    assertThat(valid.err()).isEmpty();
    JsonNode ok = JSON.readTree(valid.out());
    assertThat(ok.get("valid").asBoolean()).isTrue();
    assertThat(ok.get("outcome").asText()).isEqualTo("valid");
    assertThat(ok.get("key").asText()).startsWith("SHA256:");
    assertThat(ok.get("message").asText()).startsWith("valid signature by the key SHA256:");

    Files.writeString(tree.resolve("core.py"), "def run():\n    return 2\n");
    Run changed = verify(sig, "--json", "--listing", listing.toString());
    assertThat(changed.exit()).isEqualTo(1);
    assertThat(changed.err()).startsWith("upkeep: invalid: ").hasLineCount(1);
    JsonNode bad = JSON.readTree(changed.out());
    assertThat(bad.get("valid").asBoolean()).isFalse();
    assertThat(bad.get("outcome").asText()).isEqualTo("hash_mismatch");
    assertThat(bad.get("differences").get(0).asText()).isEqualTo("plugin/core.py: content changed");
  }

  @Test
  void verifyJsonOfAJarsOwnSignature() throws Exception {
    Path jar = dir.resolve("plugin-1.0.jar");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("com/x/A.class"));
      zip.write("AAA".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    String privatePem = keys.resolve("private.pem").toString();
    assertThat(upkeep("sign", jar.toString(), "--key", privatePem, "--embed").exit()).isZero();

    Run run =
        upkeep(
            "verify", jar.toString(), "--pubkey", keys.resolve("public.pem").toString(), "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.get("path").asText()).isEqualTo(jar.toString());
    assertThat(doc.get("valid").asBoolean()).isTrue();
    assertThat(doc.get("message").asText()).contains("carried in " + jar);
  }

  private Run verify(Path sig, String... more) {
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "verify",
                tree.toString(),
                "--pubkey",
                keys.resolve("public.pem").toString(),
                "--signature",
                sig.toString()));
    args.addAll(java.util.List.of(more));
    return upkeep(args.toArray(String[]::new));
  }

  private static Run upkeep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }
}

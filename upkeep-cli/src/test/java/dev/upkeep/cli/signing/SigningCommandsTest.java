package dev.upkeep.cli.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, hash, sign and verify through the real command line, with their exit codes. */
class SigningCommandsTest {
  @TempDir Path dir;
  Path tree;
  Path keys;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void treeAndKeys() throws Exception {
    tree = Files.createDirectories(dir.resolve("plugin"));
    Files.writeString(tree.resolve("core.py"), "def run():\n    return 1\n");
    Files.createDirectories(tree.resolve("sub"));
    Files.writeString(tree.resolve("sub/config.yml"), "name: plugin\n");
    keys = dir.resolve("keys");
    assertThat(upkeep("keygen", "--out", keys.toString(), "--bits", "2048").exit()).isZero();
  }

  @Test
  void keygenWritesAPrivateFileOnlyItsOwnerReadsAndNeverOverwrites() throws Exception {
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve("private.pem"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(keys.resolve("public.pem")))
        .startsWith("-----BEGIN PUBLIC KEY-----");
    String before = Files.readString(keys.resolve("private.pem"));

    Run again = upkeep("keygen", "--out", keys.toString());

    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("private.pem").contains("use --force to replace it");
    assertThat(Files.readString(keys.resolve("private.pem"))).isEqualTo(before);
    assertThat(upkeep("keygen", "--out", keys.toString(), "--bits", "1024").err())
        .contains("--bits must be at least 2048, was 1024");
  }

  @Test
  void hashPrintsTheTreeHashOrItsListing() throws Exception {
    Run run = upkeep("hash", tree.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).matches("[0-9a-f]{40}\n");
    assertThat(upkeep("hash", "--listing", tree.toString()).out())
        .isEqualTo(
            "100644 "
                + blob("def run():\n    return 1\n")
                + " 0\tplugin/core.py\n100644 "
                + blob("name: plugin\n")
                + " 0\tplugin/sub/config.yml\n");
    assertThat(upkeep("hash", "--flavour", "sha256", tree.resolve("core.py").toString()).out())
        .matches("[0-9a-f]{64}\n");
    assertThat(upkeep("hash", "--flavour", "md5", tree.toString()).err())
        .isEqualTo("upkeep: --flavour must be git, otumat or sha256, was md5\n");
    Run missing = upkeep("hash", dir.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nope: no such file or directory");
  }

  @Test
  void signThenVerify() throws Exception {
    Path sig = dir.resolve("plugin.sig");
    Run sign =
        upkeep("sign", tree.toString(), "--key", key("private.pem"), "--out", sig.toString());

    assertThat(sign.exit()).isZero();
    assertThat(Files.readString(sig)).matches("[A-Za-z0-9+/]+=*\n");
    Run verify = verify(sig);
    assertThat(verify.exit()).isZero();
    assertThat(verify.out()).startsWith("valid signature by the key SHA256:");
  }

  @Test
  void verifySaysWhetherTheTreeOrTheKeyDidNotMatch() throws Exception {
    Path sig = dir.resolve("plugin.sig");
    Path listing = dir.resolve("plugin.tree");
    upkeep(
        "sign",
        tree.toString(),
        "--key",
        key("private.pem"),
        "--out",
        sig.toString(),
        "--listing",
        listing.toString());
    Files.writeString(tree.resolve("core.py"), "def run():\n    return 2\n");

    Run changed = verify(sig);
    assertThat(changed.exit()).isEqualTo(1);
    assertThat(changed.err()).contains("invalid").contains("the tree changed since it was signed");
    Run named = verify(sig, "--listing", listing.toString());
    assertThat(named.exit()).isEqualTo(1);
    assertThat(named.err()).contains("plugin/core.py: content changed");

    Path otherKeys = dir.resolve("other");
    upkeep("keygen", "--out", otherKeys.toString(), "--type", "rsa", "--bits", "2048");
    Run wrongKey =
        upkeep(
            "verify",
            tree.toString(),
            "--pubkey",
            otherKeys.resolve("public.pem").toString(),
            "--signature",
            sig.toString());
    assertThat(wrongKey.exit()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("was not made with the key");
  }

  @Test
  void verifyExitsTwoWhenItCannotCheck() throws Exception {
    Path sig = dir.resolve("plugin.sig");
    assertThat(verify(sig).exit()).as("missing signature file").isEqualTo(2);
    Files.writeString(sig, "AAAA\n");
    Run privateAsPublic =
        upkeep(
            "verify",
            tree.toString(),
            "--pubkey",
            key("private.pem"),
            "--signature",
            sig.toString());
    assertThat(privateAsPublic.exit()).isEqualTo(2);
    assertThat(privateAsPublic.err()).contains("this is a private key");
    assertThat(upkeep("verify", tree.toString()).exit()).as("missing options").isEqualTo(2);
  }

  @Test
  void verifiesWhatTheOpensslCliSigned() throws Exception {
    String hash = upkeep("hash", tree.toString()).out().strip();
    Path sigBin = dir.resolve("sig.bin");
    run(
        hash,
        "openssl",
        "dgst",
        "-sha256",
        "-sign",
        key("private.pem"),
        "-sigopt",
        "rsa_padding_mode:pss",
        "-out",
        sigBin.toString());
    Path sig =
        Files.writeString(
            dir.resolve("openssl.sig"),
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(Files.readAllBytes(sigBin)));

    assertThat(verify(sig).exit()).isZero();
  }

  @Test
  void ed25519KeysWork() throws Exception {
    Path ed = dir.resolve("ed");
    upkeep("keygen", "--out", ed.toString(), "--type", "ed25519");
    Path sig = dir.resolve("ed.sig");
    upkeep(
        "sign",
        tree.toString(),
        "--key",
        ed.resolve("private.pem").toString(),
        "--out",
        sig.toString());

    Run run =
        upkeep(
            "verify",
            tree.toString(),
            "--pubkey",
            ed.resolve("public.pem").toString(),
            "--signature",
            sig.toString());
    assertThat(run.exit()).as(run.err()).isZero();
  }

  @Test
  void aJarCarriesItsOwnSignature() throws Exception {
    Path jar = dir.resolve("plugin-1.0.jar");
    try (var zip = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(jar))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("com/x/A.class"));
      zip.write("AAA".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }

    Run sign =
        upkeep(
            "sign",
            jar.toString(),
            "--key",
            key("private.pem"),
            "--embed",
            "--pubkey",
            key("public.pem"));
    assertThat(sign.exit()).as(sign.err()).isZero();
    assertThat(sign.out()).contains("into META-INF/upkeep/plugin-1.0.sig");
    Run valid = upkeep("verify", jar.toString(), "--pubkey", key("public.pem"));
    assertThat(valid.exit()).as(valid.err()).isZero();
    assertThat(valid.out()).startsWith("valid signature by the key SHA256:");

    Path otherKeys = dir.resolve("other");
    upkeep("keygen", "--out", otherKeys.toString(), "--bits", "2048");
    Run stranger =
        upkeep("verify", jar.toString(), "--pubkey", otherKeys.resolve("public.pem").toString());
    assertThat(stranger.exit()).isEqualTo(1);
    assertThat(stranger.err()).contains("not signed by a trusted key (it names the key");

    try (var fs = java.nio.file.FileSystems.newFileSystem(jar)) {
      Files.writeString(fs.getPath("com/x/A.class"), "AAB");
    }
    Run changed = upkeep("verify", jar.toString(), "--pubkey", key("public.pem"));
    assertThat(changed.exit()).isEqualTo(1);
    assertThat(changed.err()).contains("com/x/A.class: content changed");

    Run notAJar = upkeep("sign", tree.toString(), "--key", key("private.pem"), "--embed");
    assertThat(notAJar.exit()).isEqualTo(2);
    assertThat(notAJar.err()).contains("--embed needs a .jar, .zip, .war or .ear file");
    Run wrongPub =
        upkeep(
            "sign",
            jar.toString(),
            "--key",
            key("private.pem"),
            "--embed",
            "--pubkey",
            otherKeys.resolve("public.pem").toString());
    assertThat(wrongPub.exit()).isEqualTo(2);
    assertThat(wrongPub.err()).contains("is not the public key of");
  }

  private Run verify(Path sig, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "verify",
                tree.toString(),
                "--pubkey",
                key("public.pem"),
                "--signature",
                sig.toString()));
    args.addAll(List.of(more));
    return upkeep(args.toArray(String[]::new));
  }

  private String key(String name) {
    return keys.resolve(name).toString();
  }

  private static String blob(String text) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    var sha1 = java.security.MessageDigest.getInstance("SHA-1");
    sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
    return java.util.HexFormat.of().formatHex(sha1.digest(bytes));
  }

  private void run(String stdin, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  private static Run upkeep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }
}

package dev.upkeep.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image checked without a container engine, as docs/deploy.md describes: skopeo turns
 * the tarball into an OCI layout, umoci unpacks its root file system, and the image's own entry
 * point runs in it under chroot as the image's user, with a private /proc and the host's /dev, as a
 * container runtime would start it. Needs skopeo and umoci (Debian packages, which .ci/run
 * installs) and root for mount and chroot.
 */
class ContainerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;
  static Path rootfs;
  static JsonNode config;
  static JsonNode process;

  @BeforeAll
  static void unpack() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "ContainerIT runs the image under chroot, which needs root");
    Path tar = Path.of(System.getProperty("upkeep.image"));
    assumeTrue(
        Files.exists(tar),
        "the image is built only on linux-x64 with the JDK's jmods (profile linux-x64)");
    config =
        JSON.readTree(run("skopeo", "inspect", "--config", "docker-archive:" + tar)).get("config");
    run("skopeo", "copy", "-q", "docker-archive:" + tar, "oci:" + root.resolve("oci") + ":upkeep");
    Path bundle = root.resolve("bundle");
    run("umoci", "unpack", "--image", root.resolve("oci") + ":upkeep", bundle.toString());
    rootfs = bundle.resolve("rootfs");
    process = JSON.readTree(bundle.resolve("config.json").toFile()).get("process");
    // what a container runtime mounts over them
    Files.createDirectories(rootfs.resolve("proc"));
    Files.createDirectories(rootfs.resolve("dev"));
  }

  @Test
  void runsAsANonRootUserWithItsDataInAVolume() {
    assertThat(config.get("User").asText()).isEqualTo("65532:65532");
    assertThat(process.at("/user/uid").asInt()).isEqualTo(65532);
    assertThat(config.get("Volumes").has("/var/lib/upkeep")).isTrue();
    assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(process.get("env").toString())
        .contains("\"JAVA_TOOL_OPTIONS=" + ContainerImage.JAVA_OPTIONS + "\"");
    assertThat(rootfs.resolve("bin/sh")).doesNotExist();
    assertThat(rootfs.resolve("usr/share/doc/libc6/copyright")).isRegularFile();
  }

  @Test
  void itsEntryPointServesAndStoresABreadcrumb() throws Exception {
    List<String> serve = new ArrayList<>(args());
    assertThat(serve).endsWith("serve", "--data", "/var/lib/upkeep");
    serve.addAll(
        List.of(
            "--host", "127.0.0.1", "--port", "0", "--master-token-file", "/var/lib/upkeep/master"));
    try (Installation.Server server = Installation.Server.start(inContainer(serve))) {
      String token = Files.readString(rootfs.resolve("var/lib/upkeep/master")).trim();
      assertThat(rootfs.resolve("var/lib/upkeep/upkeep.db")).isRegularFile();
      Collector.Upkeep cli =
          args -> {
            // the image's entry point with another command in place of serve's
            List<String> cmd = new ArrayList<>(args().subList(0, args().size() - 3));
            cmd.addAll(List.of(args));
            return Installation.exec(inContainer(cmd));
          };
      Collector.answersAndStoresABreadcrumb(server.url(), token, cli);
      // the health check of share/container/compose.yaml
      Installation.Result ping = cli.run("ping", "--server", server.url());
      assertThat(ping.code()).as(ping.err()).isZero();
      assertThat(ping.out()).isEqualTo(server.url() + ": ok\n");
    }
  }

  private static List<String> args() {
    List<String> args = new ArrayList<>();
    process.get("args").forEach(a -> args.add(a.asText()));
    return args;
  }

  /**
   * {@code args} in the unpacked root file system: new mount and PID namespaces (killed with the
   * test's process), /proc and /dev mounted, chroot as the image's user, the image's environment.
   */
  private static ProcessBuilder inContainer(List<String> args) {
    String uid = process.at("/user/uid").asText();
    String gid = process.at("/user/gid").asText();
    String mounts =
        "mount -t proc proc \"$1/proc\" && mount --rbind /dev \"$1/dev\" && shift"
            + " && exec chroot --userspec="
            + uid
            + ":"
            + gid
            + " \"$@\"";
    List<String> cmd =
        new ArrayList<>(
            List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "sh", "-c", mounts));
    cmd.add("container");
    cmd.add(rootfs.toString());
    cmd.add(rootfs.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    process.get("env").forEach(e -> put(pb, e.asText()));
    return pb;
  }

  private static void put(ProcessBuilder pb, String pair) {
    int eq = pair.indexOf('=');
    if (!pair.startsWith("PATH=")) {
      pb.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
    }
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Installation.Result r = Installation.exec(new ProcessBuilder(cmd));
    assertThat(r.code()).as(String.join(" ", cmd) + ": " + r.err()).isZero();
    return r.out();
  }
}

package dev.upkeep.cli.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upkeep.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upkeep serve} killed with SIGKILL in the middle of a 64 MiB blob upload (a child JVM, the
 * body streamed on a real socket and left hanging): a new collector on the same data directory
 * shows no blob, only an upload standing between the acknowledged part and the bytes sent, at least
 * where the part file stood on disk before the kill; the upload continues from there to 201 and the
 * blob reads back byte-equal.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KilledCollectorUploadIT {
  private static final int SIZE = 64 << 20;

  /** The first part, acknowledged (202) before the kill. */
  private static final int ACKNOWLEDGED = 8 << 20;

  /** What the killed request sends of its body before it stops, the collector still reading. */
  private static final int STREAMED = 16 << 20;

  private static final Pattern LISTENING =
      Pattern.compile("Upkeep collector listening on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> children = new ArrayList<>();

  /** A collector in a child JVM and its URL. */
  private record Collector(Process process, URI url) {}

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : children) {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aCollectorKilledMidUploadKeepsNoBlobAndTheUploadContinuesFromWhereItStood()
      throws Exception {
    byte[] bytes = new byte[SIZE];
    new Random(64).nextBytes(bytes);
    String blob = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Path data = dir.resolve("data");
    Path tokenFile = dir.resolve("master-token");
    Path part = data.resolve("blobs/uploads/" + blob + ".part");

    Collector first = serve(data, tokenFile, "first");
    String master = Files.readString(tokenFile).strip();
    HttpResponse<String> acknowledged =
        put(first.url(), blob, master, Arrays.copyOfRange(bytes, 0, ACKNOWLEDGED), 0);
    assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(202);

    long onDisk;
    try (Socket socket = new Socket(first.url().getHost(), first.url().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT /v1/blobs/"
                  + blob
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + master
                  + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes "
                  + ACKNOWLEDGED
                  + "-"
                  + (SIZE - 1)
                  + "/"
                  + SIZE
                  + "\r\nContent-Length: "
                  + (SIZE - ACKNOWLEDGED)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int at = ACKNOWLEDGED; at < ACKNOWLEDGED + STREAMED; at += 1 << 20) {
        out.write(bytes, at, 1 << 20);
        out.flush();
      }
      // the body stops short, the collector waits for the rest: it is mid-body when killed
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.size(part) > ACKNOWLEDGED + (STREAMED >> 2));
      onDisk = Files.size(part);
      first.process().destroyForcibly();
      assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);

    Collector second = serve(data, tokenFile, "second");
    HttpResponse<Void> head = head(second.url(), blob, master);
    assertThat(head.statusCode()).as("no partial blob is visible").isEqualTo(404);
    long offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    assertThat(offset)
        .as(
            "the upload stands past the acknowledged part and what was on disk, within what was sent")
        .isGreaterThanOrEqualTo(onDisk)
        .isGreaterThan(ACKNOWLEDGED)
        .isLessThanOrEqualTo(ACKNOWLEDGED + STREAMED);
    assertThat(get(second.url(), blob, master).statusCode()).isEqualTo(404);
    assertThat(storedBlobs(data)).as("nothing outside uploads/").isEmpty();

    HttpResponse<String> resumed =
        put(second.url(), blob, master, Arrays.copyOfRange(bytes, (int) offset, SIZE), offset);

    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(201);
    assertThat(resumed.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(SIZE));
    HttpResponse<InputStream> read = get(second.url(), blob, master);
    assertThat(read.statusCode()).isEqualTo(200);
    try (InputStream in = read.body()) {
      assertThat(sameBytes(in, bytes)).as("the blob reads back byte-equal").isTrue();
    }
    assertThat(part).doesNotExist();
    second.process().destroy();
    assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** Starts {@code upkeep serve} on a free port of 127.0.0.1 in a child JVM. */
  private Collector serve(Path data, Path tokenFile, String name) throws IOException {
    Path out = dir.resolve(name + ".out");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--data",
                data.toString(),
                "--master-token-file",
                tokenFile.toString(),
                "--no-rate-limit")
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("UPKEEP_"));
    Process p = pb.start();
    children.add(p);
    String[] url = new String[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new AssertionError(
                    "upkeep serve exited: " + Files.readString(dir.resolve(name + ".err")));
              }
              Matcher m = LISTENING.matcher(Files.readString(out));
              if (m.find()) {
                url[0] = m.group(1);
              }
              return url[0] != null;
            });
    return new Collector(p, URI.create(url[0]));
  }

  private HttpResponse<String> put(URI base, String blob, String token, byte[] body, long offset)
      throws IOException, InterruptedException {
    long last = offset + body.length - 1;
    return http.send(
        request(base, blob, token)
            .header("Content-Type", "application/octet-stream")
            .header("Content-Range", "bytes " + offset + "-" + last + "/" + SIZE)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<Void> head(URI base, String blob, String token)
      throws IOException, InterruptedException {
    return http.send(
        request(base, blob, token).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private HttpResponse<InputStream> get(URI base, String blob, String token)
      throws IOException, InterruptedException {
    return http.send(
        request(base, blob, token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static HttpRequest.Builder request(URI base, String blob, String token) {
    return HttpRequest.newBuilder(base.resolve("/v1/blobs/" + blob))
        .header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(30));
  }

  /** The files under blobs/ but outside uploads/: the stored blobs. */
  private static List<Path> storedBlobs(Path data) throws IOException {
    Path blobs = data.resolve("blobs");
    try (Stream<Path> walk = Files.walk(blobs)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !blobs.relativize(p).startsWith("uploads"))
          .toList();
    }
  }

  /** Whether {@code in} holds exactly {@code expected}. */
  private static boolean sameBytes(InputStream in, byte[] expected) throws IOException {
    byte[] buffer = new byte[1 << 16];
    int at = 0;
    for (int n; (n = in.read(buffer)) > 0; at += n) {
      if (at + n > expected.length || !Arrays.equals(buffer, 0, n, expected, at, at + n)) {
        return false;
      }
    }
    return at == expected.length;
  }
}

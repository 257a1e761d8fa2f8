package dev.upkeep.server.api.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upkeep.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/blobs/{sha256}} on a real collector: whole and ranged reads, an upload cut off in the
 * middle of its body on a real socket and resumed, and every refusal with what it leaves stored.
 */
class BlobRoutesIT {
  private static final int SIZE = 300_000;

  @TempDir java.nio.file.Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final byte[] bytes = random(SIZE, 7);
  private final String id = sha256(bytes);
  private TestServer server;
  private String master;

  private void start(long maxBlobSize) {
    server = TestServer.start(dir, Duration.ofMinutes(5), b -> b.maxBlobSize(maxBlobSize));
    master = "Bearer " + server.server.initialMasterToken().orElseThrow();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aBlobPutWholeIsReadWholeAndByRange() throws Exception {
    start(1 << 30);
    HttpResponse<String> put = put(id, bytes, null, master);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.body())
        .contains("\"blob\":\"" + id + "\"", "\"received\":300000", "\"stored\":true");

    HttpResponse<Void> head = head(id);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("300000");
    assertThat(head.headers().firstValue("ETag")).hasValue("\"" + id + "\"");

    HttpResponse<byte[]> whole = get(id, null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(bytes);

    HttpResponse<byte[]> middle = get(id, "bytes=1000-1999");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/300000");
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 2000));

    HttpResponse<byte[]> rest = get(id, "bytes=299990-");
    assertThat(rest.statusCode()).isEqualTo(206);
    assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(bytes, 299_990, SIZE));

    HttpResponse<byte[]> tail = get(id, "bytes=-10");
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, SIZE - 10, SIZE));

    HttpResponse<byte[]> outside = get(id, "bytes=300000-");
    assertThat(outside.statusCode()).isEqualTo(416);
    assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */300000");

    assertThat(put(id, bytes, null, master).statusCode()).as("stored already").isEqualTo(200);
  }

  @Test
  void anUploadCutMidBodyOnItsSocketResumesFromItsLastByte() throws Exception {
    start(1 << 30);
    int cut = 123_457;
    try (Socket s = new Socket("127.0.0.1", server.uri("/").getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("PUT /v1/blobs/"
                  + id
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                  + master
                  + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                  + SIZE
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, 0, cut);
      out.flush();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              HttpResponse<Void> head = head(id);
              assertThat(head.statusCode()).isEqualTo(404);
              assertThat(head.headers().firstValue("Upload-Offset"))
                  .hasValue(Integer.toString(cut));
            });
    assertThat(get(id, null).statusCode()).as("an unfinished upload is not a blob").isEqualTo(404);

    HttpResponse<String> resumed =
        put(
            id,
            Arrays.copyOfRange(bytes, cut, SIZE),
            "bytes " + cut + "-" + (SIZE - 1) + "/" + SIZE,
            master);
    assertThat(resumed.statusCode()).isEqualTo(201);
    assertThat(resumed.headers().firstValue("Upload-Offset")).hasValue("300000");
    assertThat(get(id, null).body()).isEqualTo(bytes);
  }

  @Test
  void partsArriveOneByOneAndAPartAtTheWrongOffsetIsToldWhereTheUploadStands() throws Exception {
    start(1 << 30);
    HttpResponse<String> first =
        put(id, Arrays.copyOfRange(bytes, 0, 100_000), "bytes 0-99999/300000", master);
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.body()).contains("\"received\":100000", "\"stored\":false");

    HttpResponse<String> wrong =
        put(id, Arrays.copyOfRange(bytes, 50_000, 60_000), "bytes 50000-59999/300000", master);
    assertThat(wrong.statusCode()).isEqualTo(409);
    assertThat(wrong.headers().firstValue("Upload-Offset")).hasValue("100000");
    assertThat(wrong.body()).contains("send from byte 100000");

    HttpResponse<String> last =
        put(id, Arrays.copyOfRange(bytes, 100_000, SIZE), "bytes 100000-299999/300000", master);
    assertThat(last.statusCode()).isEqualTo(201);
    assertThat(get(id, null).body()).isEqualTo(bytes);
  }

  @Test
  void bytesThatDoNotHashToTheNameAreRefusedAndNothingIsKept() throws Exception {
    start(1 << 30);
    byte[] other = random(SIZE, 8);
    HttpResponse<String> put = put(id, other, null, master);
    assertThat(put.statusCode()).isEqualTo(422);
    assertThat(put.body()).contains("hash to " + sha256(other).substring(0, 12));
    HttpResponse<Void> head = head(id);
    assertThat(head.statusCode()).isEqualTo(404);
    assertThat(head.headers().firstValue("Upload-Offset")).hasValue("0");
  }

  @Test
  void aPublishTokenUploadsAndATokenThatReadsIsRefused() throws Exception {
    start(1 << 30);
    server.register("acme/tool");
    String publish = "Bearer " + server.issueToken("acme/tool", "publish");
    String read = "Bearer " + server.issueToken("acme/tool", null);
    byte[] part = Arrays.copyOfRange(bytes, 0, 10);
    HttpResponse<String> refused = put(id, part, "bytes 0-9/300000", read);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("--scope publish");
    assertThat(put(id, bytes, null, publish).statusCode()).isEqualTo(201);
    assertThat(java.nio.file.Files.readString(dir.resolve("audit.log")))
        .contains("\"blob.store\"", id, "\"publish\"");
    HttpResponse<String> bad =
        server.post(
            "/v1/tokens",
            "application/json",
            "{\"project\":\"acme/tool\",\"scope\":\"write\"}",
            "Authorization",
            master);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("scope is read");
  }

  @Test
  void uploadsTakeTheMasterTokenAndALimitAndANameThatIsAHash() throws Exception {
    start(1000);
    // refused before the body is read: small bodies, so that the client has sent them whole when
    // the answer comes (JDK 17's HttpClient hangs on a refusal of Expect: 100-continue)
    byte[] part = Arrays.copyOfRange(bytes, 0, 10);
    assertThat(put(id, part, "bytes 0-9/300000", null).statusCode()).isEqualTo(401);
    HttpResponse<String> large = put(id, part, "bytes 0-9/300000", master);
    assertThat(large.statusCode()).isEqualTo(413);
    assertThat(large.body()).contains("max-blob-size = 1000");
    assertThat(get(id, null).statusCode()).isEqualTo(404);
    assertThat(put("not-a-hash", part, null, master).statusCode()).isEqualTo(400);
    assertThat(get(id.toUpperCase(java.util.Locale.ROOT), null).statusCode()).isEqualTo(400);
  }

  /** HEAD of a blob with the master token. */
  private HttpResponse<Void> head(String blob) throws IOException, InterruptedException {
    return http.send(
        request(blob)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Authorization", master)
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private HttpRequest.Builder request(String blob) {
    return HttpRequest.newBuilder(URI.create(server.uri("/v1/blobs/" + blob).toString()))
        .timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> put(String blob, byte[] body, String contentRange, String auth)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        request(blob)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/octet-stream");
    if (contentRange != null) {
      b.header("Content-Range", contentRange);
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> get(String blob, String range)
      throws IOException, InterruptedException {
    // a blob no release names yet is read with the master token only
    HttpRequest.Builder b = request(blob).GET().header("Authorization", master);
    if (range != null) {
      b.header("Range", range);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

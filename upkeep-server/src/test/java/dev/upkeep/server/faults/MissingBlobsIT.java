package dev.upkeep.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.archive.ArchiveException;
import dev.upkeep.archive.BlobId;
import dev.upkeep.archive.RecordYaml;
import dev.upkeep.archive.ReleaseFile;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.archive.Workspace;
import dev.upkeep.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record naming blobs the collector does not hold is refused over HTTP with 422 listing each
 * missing one by path — two missing, one present — and nothing is published; once the missing blobs
 * are uploaded the same record publishes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MissingBlobsIT {
  private static final ReleaseId ID =
      new ReleaseId(Workspace.DEFAULT, Title.of("tools"), ReleaseVersion.of("1.0.0"));
  private static final String RECORD_PATH = "/v1/releases/Global%20Public%20Workspace/tools/1.0.0";

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;
  private UpkeepArchive archive;
  private String publish;

  @BeforeEach
  void start() throws IOException {
    server = TestServer.start(dir.resolve("server"), Duration.ofMinutes(5));
    server.register("lab/tools");
    publish = issuePublishToken();
    archive =
        UpkeepArchive.at(server.uri("/"))
            .token(publish)
            .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRecordNamingTwoMissingBlobsIsRefusedListingBothAndPublishesOnceTheyAreThere()
      throws Exception {
    byte[] a = bytes("missing a\n");
    byte[] b = bytes("present b\n");
    byte[] c = bytes("missing c\n");
    put(b);
    ReleaseRecord record =
        ReleaseRecord.builder(ID)
            .file(file("results/a.txt", a))
            .file(file("results/b.txt", b))
            .file(file("space name.txt", c))
            .build();

    HttpResponse<String> refused = putRecord(record);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    JsonNode detail = new ObjectMapper().readTree(refused.body()).get("detail");
    List<String> paths = new ArrayList<>();
    for (JsonNode problem : detail) {
      assertThat(problem.get("type").asText()).isEqualTo("missing_blob");
      String path = problem.get("loc").get(problem.get("loc").size() - 1).asText();
      paths.add(path);
      byte[] named = path.equals("results/a.txt") ? a : c;
      assertThat(problem.get("msg").asText()).contains(hex(named), path, "upload it first");
    }
    assertThat(paths).containsExactly("results/a.txt", "space name.txt");
    assertThat(refused.body()).doesNotContain(hex(b));
    assertThat(archive.read(ID)).as("nothing was published").isEmpty();
    assertThat(archive.versions(Workspace.DEFAULT, ID.title())).isEmpty();

    assertThatThrownBy(() -> archive.publish(record))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(
            "blobs missing for results/a.txt ("
                + new BlobId(hex(a)).abbreviated()
                + "), space name.txt ("
                + new BlobId(hex(c)).abbreviated()
                + ")");

    put(a);
    put(c);
    assertThat(putRecord(record).statusCode()).isEqualTo(201);
    assertThat(archive.read(ID)).contains(record);
  }

  private HttpResponse<String> putRecord(ReleaseRecord record)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.uri(RECORD_PATH))
            .header("Authorization", "Bearer " + publish)
            .header("Content-Type", "application/yaml; charset=utf-8")
            .PUT(HttpRequest.BodyPublishers.ofString(RecordYaml.write(record)))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void put(byte[] bytes) throws IOException {
    archive.put(ID, new BlobId(hex(bytes)), bytes.length, new ByteArrayInputStream(bytes));
  }

  private static ReleaseFile file(String path, byte[] bytes) throws IOException {
    return ReleaseFile.of(path, new BlobId(hex(bytes)), bytes.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] bytes) {
    try {
      return BlobId.hash(new ByteArrayInputStream(bytes)).blob().hex();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String issuePublishToken() throws IOException {
    String master = server.server.initialMasterToken().orElseThrow();
    HttpResponse<String> r =
        server.post(
            "/v1/tokens",
            "application/json",
            "{\"project\":\"lab/tools\",\"scope\":\"publish\"}",
            "Authorization",
            "Bearer " + master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    int at = r.body().indexOf("\"token\":\"") + 9;
    return r.body().substring(at, r.body().indexOf('"', at));
  }
}

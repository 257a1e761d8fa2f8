package dev.upkeep.server.api.releases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.archive.ArchiveException;
import dev.upkeep.archive.BlobId;
import dev.upkeep.archive.FileSelection;
import dev.upkeep.archive.RandomTrees;
import dev.upkeep.archive.ReleaseFile;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.archive.VersionExpression;
import dev.upkeep.archive.Workspace;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ReleaseDownloads;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector as a release archive, end to end: the transfer engine pushes, lists, pulls and
 * verifies through {@link UpkeepArchive} with a project's publish token; who may read and publish
 * what; blobs held by a private project; downloads counted with nothing of who pulled.
 */
class ReleaseRoutesIT {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;
  private String master;
  private Project tools;

  @BeforeEach
  void start() {
    server = TestServer.start(dir.resolve("server"), Duration.ofMinutes(5));
    master = server.server.initialMasterToken().orElseThrow();
    tools = server.register("lab/tools");
    server.register("lab/other");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private UpkeepArchive archive(String token) {
    return UpkeepArchive.at(server.uri("/")).token(token).build();
  }

  @Test
  void pushListPullVerifyWithAPublishTokenAndCountEachPull() throws Exception {
    String publish = server.issueToken("lab/tools", "publish");
    Releases publisher = Releases.on(archive(publish)).threads(3);
    Releases anyone = Releases.on(archive(null)).threads(3);
    Path tree = RandomTrees.write(dir.resolve("tree"), 3);
    ReleaseId id = new ReleaseId(Workspace.DEFAULT, Title.of("Tools"), ReleaseVersion.of("1.0.0"));

    ReleaseRecord pushed = publisher.push(tree, id, FileSelection.standard(), null);

    assertThat(anyone.list(Workspace.DEFAULT, Title.of("tools"), null))
        .containsExactly(id.version());
    ReleaseRecord read =
        anyone.resolve(Workspace.DEFAULT, Title.of("tools"), VersionExpression.parse(">=1.0.0"));
    assertThat(read).isEqualTo(pushed);
    Releases reader = Releases.on(archive(server.issueToken("lab/tools", null))).threads(3);
    Map<String, String> before = database();
    for (int i = 0; i < 3; i++) {
      Path into = dir.resolve("pulled-" + i);
      Releases.PullResult pulled = (i == 0 ? reader : anyone).pull(read, into);
      assertThat(pulled.files()).isEqualTo(pushed.files().size());
      assertThat(RandomTrees.contents(into)).isEqualTo(RandomTrees.contents(tree));
      assertThat(anyone.pull(read, into).cached())
          .as("a complete pull is not fetched again")
          .isTrue();
    }
    assertThat(anyone.verify(read, null)).contains("files verified");

    LocalDate today = LocalDate.ofInstant(server.clock.instant(), ZoneOffset.UTC);
    assertThat(server.server.store().releases().downloads(tools.id(), today, today.plusDays(1)))
        .containsExactly(new ReleaseDownloads(Workspace.DEFAULT, "tools", "1.0.0", today, 3));
    assertThat(get("/v1/releases/Global%20Public%20Workspace/tools", null).body())
        .contains("\"version\":\"1.0.0\"", "\"project\":\"lab/tools\"");

    Map<String, String> after = database();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach(
        (table, rows) -> {
          if (!table.equals("release_downloads")) {
            assertThat(after.get(table)).as("pulls change nothing in " + table).isEqualTo(rows);
          }
        });
    assertThat(after.get("release_downloads"))
        .as("a download is its release, day and count: no address, no token")
        .matches("release_id=\\d+, day=\\d+, downloads=3\n");
  }

  /** Every table of the collector's SQLite file: name → its rows as text, in key order. */
  private Map<String, String> database() throws SQLException {
    Map<String, String> tables = new TreeMap<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + server.dataDir.resolve("upkeep.db"));
        Statement st = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String table : names) {
        StringBuilder rows = new StringBuilder();
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              rows.append(i > 1 ? ", " : "")
                  .append(meta.getColumnName(i))
                  .append('=')
                  .append(rs.getString(i));
            }
            rows.append('\n');
          }
        }
        tables.put(table, rows.toString());
      }
    }
    return tables;
  }

  @Test
  void aPrivateProjectsReleasesAndBlobsAreNotThereForOthers() throws Exception {
    String publish = server.issueToken("lab/tools", "publish");
    String reader = server.issueToken("lab/tools", null);
    String otherReader = server.issueToken("lab/other", null);
    byte[] bytes = "secret\n".getBytes(StandardCharsets.UTF_8);
    ReleaseId id = id("tools", "1.0.0");
    publishOne(archive(publish), id, bytes);
    server.server.store().projects().setVisibility("lab/tools", Visibility.PRIVATE);
    String blob = BlobId.hash(new ByteArrayInputStream(bytes)).blob().hex();

    assertThat(archive(null).versions(Workspace.DEFAULT, id.title())).isEmpty();
    assertThat(archive(otherReader).read(id)).isEmpty();
    assertThat(get("/v1/blobs/" + blob, null).statusCode()).isEqualTo(404);
    assertThat(get("/v1/blobs/" + blob, otherReader).statusCode()).isEqualTo(404);
    HttpResponse<String> hidden = get("/v1/releases/Global%20Public%20Workspace/tools/1.0.0", null);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).contains("or its project is private");

    assertThat(archive(reader).versions(Workspace.DEFAULT, id.title()))
        .containsExactly(id.version());
    assertThat(archive(reader).read(id)).isPresent();
    assertThat(get("/v1/blobs/" + blob, reader).body()).isEqualTo("secret\n");
    assertThat(archive(master).read(id)).isPresent();
  }

  @Test
  void aPublisherMustHoldABlobAnotherProjectStoredBeforeNamingIt() throws Exception {
    server.server.store().projects().setVisibility("lab/tools", Visibility.PRIVATE);
    byte[] bytes = "shared bytes\n".getBytes(StandardCharsets.UTF_8);
    BlobId blob = BlobId.hash(new ByteArrayInputStream(bytes)).blob();
    publishOne(archive(server.issueToken("lab/tools", "publish")), id("tools", "1.0.0"), bytes);
    UpkeepArchive other = archive(server.issueToken("lab/other", "publish"));
    ReleaseId otherId = id("other", "1.0.0");
    ReleaseRecord naming =
        ReleaseRecord.builder(otherId).file(ReleaseFile.of("a.txt", blob, bytes.length)).build();

    assertThat(other.has(otherId, blob)).as("stored, but not for lab/other").isFalse();
    assertThatThrownBy(() -> other.publish(naming))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("blobs missing for a.txt (" + blob.abbreviated() + ")");
    byte[] wrong = "shared bytes?".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> other.put(otherId, blob, bytes.length, new ByteArrayInputStream(wrong)))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("do not hash to it");
    assertThat(other.has(otherId, blob)).isFalse();

    other.put(otherId, blob, bytes.length, new ByteArrayInputStream(bytes));

    assertThat(other.has(otherId, blob)).isTrue();
    other.publish(naming);
    assertThat(other.read(otherId)).contains(naming);
  }

  @Test
  void publishingTakesAPublishTokenOfTheTitlesProject() throws Exception {
    ReleaseId id = id("tools", "1.0.0");
    ReleaseRecord empty = ReleaseRecord.builder(id).build();

    assertThatThrownBy(() -> archive(null).publish(empty))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("401")
        .hasMessageContaining("send a token");
    assertThatThrownBy(() -> archive(server.issueToken("lab/tools", null)).publish(empty))
        .hasMessageContaining("403")
        .hasMessageContaining("--scope publish");
    assertThatThrownBy(() -> archive(server.issueToken("lab/other", "publish")).publish(empty))
        .hasMessageContaining("403")
        .hasMessageContaining("publishes project \"lab/other\", not \"lab/tools\"");
    assertThatThrownBy(
            () -> archive(master).publish(ReleaseRecord.builder(id("nobody", "1.0.0")).build()))
        .hasMessageContaining("400")
        .hasMessageContaining("no registered project is named nobody")
        .hasMessageContaining("--project OWNER/NAME");

    UpkeepArchive.at(server.uri("/"))
        .token(master)
        .project("lab/other")
        .build()
        .publish(ReleaseRecord.builder(id("nobody", "1.0.0")).build());
    archive(server.issueToken("lab/tools", "publish")).publish(empty);

    assertThatThrownBy(
            () ->
                UpkeepArchive.at(server.uri("/"))
                    .token(master)
                    .project("lab/tools")
                    .build()
                    .publish(ReleaseRecord.builder(id("nobody", "2.0.0")).build()))
        .as("a title stays with the project of its first release")
        .hasMessageContaining("403")
        .hasMessageContaining("belongs to project lab/other");
    archive(master).publish(ReleaseRecord.builder(id("nobody", "2.0.0")).build());
    assertThat(server.server.store().releases().ofProject(tools.id()))
        .extracting(r -> r.title() + " " + r.version())
        .containsExactly("tools 1.0.0");
  }

  @Test
  void ofConcurrentPublishesOfOneVersionOverHttpExactlyOneWins() throws Exception {
    String publish = server.issueToken("lab/tools", "publish");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    archive(publish)
                        .publish(
                            ReleaseRecord.builder(id("tools", "2.0.0"))
                                .dataset("writer", "w" + n)
                                .build());
                    return true;
                  } catch (dev.upkeep.archive.ReleaseExistsException e) {
                    return false;
                  }
                }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : results) {
        won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(archive(null).versions(Workspace.DEFAULT, Title.of("tools"))).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aYankIsKeptInTheRecordAndListed() throws Exception {
    UpkeepArchive archive = archive(server.issueToken("lab/tools", "publish"));
    ReleaseId id = id("tools", "1.0.0");
    archive.publish(ReleaseRecord.builder(id).build());

    ReleaseRecord yanked = archive.yank(id, "Broken on Windows.");

    assertThat(archive(null).read(id)).contains(yanked);
    assertThat(yanked.yank().orElseThrow().reason()).isEqualTo("Broken on Windows.");
    assertThat(get("/v1/releases/Global%20Public%20Workspace/tools", null).body())
        .contains("\"reason\":\"Broken on Windows.\"");
    assertThatThrownBy(() -> archive(server.issueToken("lab/other", "publish")).yank(id, "no"))
        .hasMessageContaining("403");
  }

  private static ReleaseId id(String title, String version) {
    return new ReleaseId(Workspace.DEFAULT, Title.of(title), ReleaseVersion.of(version));
  }

  private static void publishOne(UpkeepArchive archive, ReleaseId id, byte[] bytes)
      throws IOException {
    BlobId blob = BlobId.hash(new ByteArrayInputStream(bytes)).blob();
    archive.put(id, blob, bytes.length, new ByteArrayInputStream(bytes));
    archive.publish(
        ReleaseRecord.builder(id).file(ReleaseFile.of("a.txt", blob, bytes.length)).build());
  }

  private HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.uri(path).toString()))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

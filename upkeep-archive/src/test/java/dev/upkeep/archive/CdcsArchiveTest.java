package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CdcsArchive} against a {@link FakeCdcs}: round trips through the engine, workspace
 * scoping, pagination, and every refusal said as such — bad credentials, no access, a missing
 * template or workspace, a blob extension not allowed, an upload that fails (never a hang).
 */
class CdcsArchiveTest {
  private static final Title TITLE = Title.of("first-workflow");
  private static final String LAB = "Lab Workspace";

  @TempDir Path tmp;
  private FakeCdcs cdcs;
  private CdcsArchive archive;

  @BeforeEach
  void start() throws IOException {
    cdcs = FakeCdcs.start();
    archive = open(CdcsAuth.basic("alice", "secret")).build();
  }

  @AfterEach
  void stop() {
    cdcs.close();
  }

  private CdcsArchiveBuilder open(CdcsAuth auth) {
    return CdcsArchive.builder(cdcs.base(), auth).requestTimeout(Duration.ofSeconds(10));
  }

  private static ReleaseId id(String workspace, String version) {
    return new ReleaseId(workspace, TITLE, ReleaseVersion.of(version));
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private void put(ReleaseId id, byte[] bytes) throws Exception {
    archive.put(id, ArchiveContract.idOf(bytes), bytes.length, new ByteArrayInputStream(bytes));
  }

  @Test
  void pushPullVerifyGiveBackTheTreeByteForByteAndStoreEachBlobOnce() throws Exception {
    Path tree = RandomTrees.write(tmp.resolve("tree"), 7);
    Releases releases = Releases.on(archive).threads(4);
    ReleaseId v1 = id(Workspace.DEFAULT, "1.0.0");

    ReleaseRecord pushed = releases.push(tree, v1, FileSelection.standard(), null);
    long distinct = pushed.files().stream().map(ReleaseFile::blob).distinct().count();
    assertThat(cdcs.blobCount()).isEqualTo(distinct);

    releases.push(tree, id(Workspace.DEFAULT, "1.0.1"), FileSelection.standard(), null);
    assertThat(cdcs.blobCount()).as("the second push finds every blob").isEqualTo(distinct);

    Releases reader = Releases.on(open(CdcsAuth.token("alice-token")).build()).threads(4);
    ReleaseRecord read =
        reader.resolve(Workspace.DEFAULT, TITLE, VersionExpression.parse(">=1.0.0, <1.0.1"));
    Path into = tmp.resolve("pulled");
    reader.pull(read, into);

    assertThat(read).isEqualTo(pushed);
    assertThat(RandomTrees.contents(into)).isEqualTo(RandomTrees.contents(tree));
    assertThat(reader.verify(read, null)).contains("files verified");
    assertThat(cdcs.requests())
        .as("downloads go through the blob's PID, on this server whatever the PID's host")
        .anyMatch(r -> r.startsWith("GET /pid/rest/local/cdcs/"))
        .anyMatch(r -> r.startsWith("GET /rest/blob/download/"));
  }

  @Test
  void everyQueryIsScopedToTheWorkspaceAndOtherWorkspacesAreNotSeen() throws Exception {
    byte[] bytes = "lab only\n".getBytes(StandardCharsets.UTF_8);
    ReleaseId lab = id(LAB, "1.0.0");
    put(lab, bytes);
    archive.publish(
        ReleaseRecord.builder(lab)
            .file(ReleaseFile.of("a.txt", ArchiveContract.idOf(bytes), bytes.length))
            .build());
    // Another client's release in a workspace alice can read, matching the title.
    cdcs.addData(
        "Release",
        "Bob's Workspace",
        "first-workflow-v9.9.9",
        "{\"title\":\"first-workflow-v9.9.9\",\"title_versionless\":\"first-workflow\","
            + "\"version\":\"9.9.9\",\"project\":{}}");

    ReleaseId home = id(Workspace.DEFAULT, "1.0.0");
    assertThat(archive.has(home, ArchiveContract.idOf(bytes))).isFalse();
    assertThatThrownBy(() -> archive.get(home, ArchiveContract.idOf(bytes), 0))
        .isInstanceOf(BlobNotFoundException.class);
    assertThat(archive.versions(Workspace.DEFAULT, TITLE)).isEmpty();
    assertThat(archive.read(home)).isEmpty();
    assertThat(archive.versions(LAB, TITLE)).extracting(String::valueOf).containsExactly("1.0.0");
    assertThat(archive.versions("Bob's Workspace", TITLE))
        .extracting(String::valueOf)
        .containsExactly("9.9.9");

    archive.publish(ReleaseRecord.builder(home).build());
    assertThat(archive.read(home)).isPresent();
    assertThat(cdcs.queries())
        .isNotEmpty()
        .allSatisfy(q -> assertThat(q.get("workspaces")).matches("\\[\\{\"id\":\\d+\\}\\]"));
  }

  @Test
  void everyPageOfAnswersIsRead() throws Exception {
    cdcs.pageSize(2);
    for (String v : List.of("0.1.0", "0.2.0", "0.3.0", "1.0.0-rc.1", "1.0.0", "1.1.0", "2.0.0")) {
      archive.publish(ReleaseRecord.builder(id(Workspace.DEFAULT, v)).build());
    }

    assertThat(archive.versions(Workspace.DEFAULT, TITLE))
        .extracting(String::valueOf)
        .containsExactly("0.1.0", "0.2.0", "0.3.0", "1.0.0-rc.1", "1.0.0", "1.1.0", "2.0.0");
    assertThat(cdcs.requests()).contains("POST /rest/data/query/?page=4");
  }

  @Test
  void templatesAndWorkspacesAreLookedUpOnce() throws Exception {
    for (String v : List.of("1.0.0", "1.1.0")) {
      byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
      put(id(Workspace.DEFAULT, v), bytes);
      archive.versions(Workspace.DEFAULT, TITLE);
    }

    assertThat(cdcs.requests())
        .filteredOn(r -> r.startsWith("GET /rest/template-version-manager/global/?title=Release"))
        .hasSize(1);
    assertThat(cdcs.requests())
        .filteredOn(r -> r.startsWith("GET /rest/template-version-manager/global/?title=Blob"))
        .hasSize(1);
    assertThat(cdcs.requests()).filteredOn(r -> r.equals("GET /rest/workspace/")).hasSize(1);
  }

  @Test
  void ofConcurrentPublicationsOfOneVersionOneStands() throws Exception {
    ReleaseRecord record = ReleaseRecord.builder(id(Workspace.DEFAULT, "1.0.0")).build();
    archive.versions(Workspace.DEFAULT, TITLE); // lookups done: the publications race from here
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<String>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        Callable<String> publish =
            () -> {
              try {
                archive.publish(record);
                return "published";
              } catch (ReleaseExistsException e) {
                return "exists";
              }
            };
        outcomes.add(pool.submit(publish));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> f : outcomes) {
        results.add(f.get());
      }
      assertThat(results).containsOnlyOnce("published");
    } finally {
      pool.shutdownNow();
    }
    assertThat(cdcs.dataTitles()).containsOnlyOnce("first-workflow-v1.0.0");
  }

  @Test
  void wrongCredentialsAreSaidToBeWrong() {
    for (CdcsAuth auth : List.of(CdcsAuth.basic("alice", "wrong"), CdcsAuth.token("nope"))) {
      assertThatThrownBy(() -> open(auth).build().versions(Workspace.DEFAULT, TITLE))
          .isInstanceOf(ArchiveException.class)
          .hasMessageContaining("CDCS refused the credentials of")
          .hasMessageContaining(cdcs.base().toString())
          .hasMessageContaining("check the user and password, or the token");
    }
  }

  @Test
  void aWorkspaceTheUserMayOnlyReadIsRefusedAsSuch() throws Exception {
    ReleaseId bobs = id("Bob's Workspace", "1.0.0");

    assertThatThrownBy(() -> archive.publish(ReleaseRecord.builder(bobs).build()))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("does not allow user alice to publish release")
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("ask the workspace's owner");
    assertThatThrownBy(() -> put(bobs, "x".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("to assign blob");
    assertThat(cdcs.blobCount()).as("the blob uploaded is taken back").isZero();
  }

  @Test
  void aMissingTemplateIsForAnAdministratorToUpload() throws Exception {
    cdcs.dropTemplate("BlobMetadata");
    byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> put(id(Workspace.DEFAULT, "1.0.0"), bytes))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(
            "cdcs+"
                + cdcs.base()
                + " has no global template titled BlobMetadata; an administrator must upload it"
                + " (the JSON schema rmellipse publishes as BlobMetadata) before releases can be"
                + " stored there");
    assertThat(cdcs.blobCount()).as("nothing is uploaded first").isZero();

    cdcs.dropTemplate("Release");
    assertThatThrownBy(() -> archive.versions(Workspace.DEFAULT, TITLE))
        .hasMessageContaining("has no global template titled Release");
  }

  @Test
  void anUnknownWorkspaceIsNamed() {
    assertThatThrownBy(() -> archive.versions("Nowhere", TITLE))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("has no workspace titled 'Nowhere' that these credentials can see")
        .hasMessageContaining("Lab Workspace");
  }

  @Test
  void aBlobExtensionTheServerDoesNotAllowIsSaidWithWhatToAllow() throws Exception {
    cdcs.allowExtensions("txt", "csv");
    byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> put(id(Workspace.DEFAULT, "1.0.0"), bytes))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("an extension not on the server's allow-list (HTTP 400")
        .hasMessageContaining("is not allowed")
        .hasMessageContaining("ask the CDCS administrator to allow \"bin\"");

    archive = open(CdcsAuth.basic("alice", "secret")).blobExtension("txt").build();
    put(id(Workspace.DEFAULT, "1.0.0"), bytes);
    assertThat(archive.has(id(Workspace.DEFAULT, "1.0.0"), ArchiveContract.idOf(bytes))).isTrue();
  }

  @Test
  void bytesThatDoNotMatchNeverReachTheServerAsACompleteUpload() throws Exception {
    byte[] bytes = bytes(300_000, 1);
    BlobId blob = ArchiveContract.idOf(bytes);
    bytes[150_000] ^= 1;

    assertThatThrownBy(
            () ->
                archive.put(
                    id(Workspace.DEFAULT, "1.0.0"),
                    blob,
                    bytes.length,
                    new ByteArrayInputStream(bytes)))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("did the file change while it was pushed?");
    assertThat(cdcs.blobCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = FakeCdcs.UploadFailure.class,
      names = {"CLOSE_MID_UPLOAD", "ANSWER_500", "ANSWER_AT_ONCE", "STALL"})
  void aFailedUploadEndsInAnErrorNotAHang(FakeCdcs.UploadFailure failure) throws Exception {
    archive = open(CdcsAuth.basic("alice", "secret")).requestTimeout(Duration.ofSeconds(1)).build();
    ReleaseId v1 = id(Workspace.DEFAULT, "1.0.0");
    archive.versions(Workspace.DEFAULT, TITLE); // signed in: only the upload fails
    cdcs.failUploads(failure);
    byte[] bytes = bytes(4 << 20, 2);

    assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () -> assertThatThrownBy(() -> put(v1, bytes)).isInstanceOf(IOException.class));
    cdcs.failUploads(FakeCdcs.UploadFailure.NONE);
    assertThat(archive.has(v1, ArchiveContract.idOf(bytes))).isFalse();
  }

  @Test
  void aServerErrorIsSaidWithTheServersWords() throws Exception {
    cdcs.failUploads(FakeCdcs.UploadFailure.ANSWER_500);

    assertThatThrownBy(() -> put(id(Workspace.DEFAULT, "1.0.0"), bytes(1000, 4)))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(ArchiveException.class)
        .hasMessageContaining("failed to upload blob")
        .hasMessageContaining("(HTTP 500: Internal server error); try again later");
  }

  @Test
  void aDownloadThatStallsEndsInAnErrorNotAHang() throws Exception {
    archive = open(CdcsAuth.basic("alice", "secret")).requestTimeout(Duration.ofSeconds(1)).build();
    ReleaseId v1 = id(Workspace.DEFAULT, "1.0.0");
    byte[] bytes = bytes(200_000, 3);
    put(v1, bytes);
    cdcs.stallDownloads(true);

    assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () -> {
          try (InputStream in = archive.get(v1, ArchiveContract.idOf(bytes), 0)) {
            assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the server stalled");
          }
        });
  }

  @Test
  void theArchiveNamesItselfAndKeepsSecretsOutOfMessages() {
    assertThat(archive.describe()).isEqualTo("cdcs+" + cdcs.base());
    assertThat(CdcsArchive.open(URI.create("https://cdcs.test/curator"), CdcsAuth.token("t")))
        .hasToString("cdcs+https://cdcs.test/curator/");
    assertThat(CdcsAuth.basic("alice", "secret")).hasToString("Basic[user=alice, password=***]");
    assertThat(CdcsAuth.token("t0k")).hasToString("Token[***]");
    assertThat(CdcsAuth.token("t0k").header()).isEqualTo("Token t0k");
    assertThat(CdcsAuth.basic("alice", "secret").header()).isEqualTo("Basic YWxpY2U6c2VjcmV0");
    for (String bad :
        Set.of("ftp://cdcs.test/", "https://u:p@cdcs.test/", "https://cdcs.test/?q")) {
      assertThatThrownBy(() -> CdcsArchive.open(URI.create(bad), CdcsAuth.token("t")))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> CdcsAuth.basic("a:b", "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> archive.get(id(Workspace.DEFAULT, "1.0.0"), BlobId.EMPTY, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

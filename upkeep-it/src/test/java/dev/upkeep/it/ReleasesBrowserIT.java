package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.archive.FileSelection;
import dev.upkeep.archive.ReleaseFile;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.archive.UpkeepArchiveBuilder;
import dev.upkeep.archive.Workspace;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;

/**
 * The dashboard's Releases view in Debian's headless Chromium against a real collector: release
 * 1.0.0 of a project is pushed through {@link UpkeepArchive} and {@link Releases} and pulled
 * {@value #PULLS} times (each completed pull counted by the collector), 1.1.0 is pushed and yanked;
 * the page must show both versions newest first with their size, files, signature, the yank's
 * reason and the downloads, and its "Downloads per release" chart must total {@value #PULLS}. A
 * project without hosted releases says so quietly, and a project token sees its project's releases.
 * A failing test leaves {@code target/ReleasesBrowserIT-<test>-failure.png}; the first leaves
 * {@code target/dashboard-releases.png}.
 */
class ReleasesBrowserIT {
  private static final String PROJECT = "lab/tools";
  private static final String EMPTY = "lab/quiet";
  private static final int PULLS = 3;
  private static final String REASON = "Writes corrupt outputs on Windows.";

  @TempDir Path data;
  @TempDir Path work;

  private HeadlessChromium chromium;
  private RunningServer server;
  private DashboardPage page;
  private ReleaseRecord pushed;

  @RegisterExtension ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> chromium);

  @BeforeEach
  void start() throws IOException {
    chromium = HeadlessChromium.start(); // skips (or fails under CI=true) without Chromium
    chromium.driver().manage().window().setSize(new Dimension(1280, 1000));
    server = RunningServer.start(data);
    server.register(PROJECT);
    server.register(EMPTY);

    Path tree = Files.createDirectories(work.resolve("tree"));
    Files.writeString(tree.resolve("README.md"), "# tools\n".repeat(10)); // 80 bytes
    Files.write(tree.resolve("weights.bin"), new byte[2520]);
    Releases publisher = Releases.on(archive(server.masterToken).project(PROJECT).build());
    pushed = publisher.push(tree, id("1.0.0"), FileSelection.standard(), null);
    publisher.push(tree, id("1.1.0"), FileSelection.standard(), null);
    publisher.yank(id("1.1.0"), REASON);

    Releases anyone = Releases.on(archive(null).build());
    for (int i = 0; i < PULLS; i++) {
      assertThat(anyone.pull(pushed, work.resolve("pull-" + i)).cached()).isFalse();
    }
    page = new DashboardPage(chromium.driver(), server.url());
  }

  @AfterEach
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void showsEachHostedReleaseItsYankAndItsDownloads() throws Exception {
    JsonNode listed = releasesAnswer();
    page.open();
    page.signIn(server.masterToken);
    page.choose(PROJECT);
    page.ready(PROJECT);

    assertThat(pushed.files()).hasSize(2);
    assertThat(pushed.files().stream().mapToLong(ReleaseFile::bytes).sum()).isEqualTo(2600);
    assertThat(page.releases())
        .containsExactly(
            List.of("1.1.0", published(listed, 0), "2.6 kB", "2", "no", "yanked: " + REASON, "0"),
            List.of("1.0.0", published(listed, 1), "2.6 kB", "2", "no", "", "3"));
    assertThat(page.releasesText())
        .contains("2 hosted releases, 1 yanked; 3 downloads in all. Public: anyone may pull them.");

    assertThat(page.chartIds()).endsWith("downloads");
    DashboardPage.Chart downloads = page.chart("downloads");
    assertThat(downloads.total()).isEqualTo(PULLS);
    assertThat(downloads.state()).isEqualTo("drawn");
    assertThat(downloads.columns()).containsExactly("day", "1.0.0");
    assertThat(downloads.rows()).hasSize(30);
    assertThat(downloads.rows().get(29)).containsExactly(page.ready(PROJECT).get("last"), "3");
    assertThat(downloads.drawn()).hasSize(1);
    assertThat(downloads.drawn().get(0).stream().mapToLong(Number::longValue).sum())
        .isEqualTo(PULLS);
    assertThat(
            page.js(
                "return document.querySelector(\"[data-chart='downloads'] .summary\").textContent"))
        .isEqualTo("3 downloads of 1 release; the most pulled is 1.0.0 with 3.");

    page.js("document.documentElement.style.overflow = 'hidden'");
    long height = (Long) page.js("return document.documentElement.scrollHeight");
    chromium.driver().manage().window().setSize(new Dimension(1280, (int) height + 140));
    chromium.screenshot(Path.of("target", "dashboard-releases.png"));
  }

  @Test
  void aProjectWithoutReleasesSaysSoAndAProjectTokenSeesItsOwn() throws Exception {
    page.open();
    page.signIn(server.masterToken);
    page.choose(EMPTY);
    page.ready(EMPTY);
    assertThat(page.releases()).isEmpty();
    assertThat(page.releasesText()).startsWith("No hosted releases.");
    assertThat(page.chartIds()).doesNotContain("downloads");

    page.signOut();
    RawHttp.Response issued =
        server.admin("POST", "/v1/tokens", "{\"project\":\"" + PROJECT + "\"}");
    page.signIn(RunningServer.JSON.readTree(issued.body()).get("token").asText());
    page.openByName(PROJECT);
    page.ready(PROJECT);
    assertThat(page.releases()).extracting(r -> r.get(0)).containsExactly("1.1.0", "1.0.0");
    assertThat(page.chart("downloads").total()).isEqualTo(PULLS);
  }

  private UpkeepArchiveBuilder archive(String token) {
    return UpkeepArchive.at(URI.create(server.url() + "/")).token(token);
  }

  private static ReleaseId id(String version) {
    return new ReleaseId(Workspace.DEFAULT, Title.of("tools"), ReleaseVersion.of(version));
  }

  /** The collector's own list of the project's releases, newest first. */
  private JsonNode releasesAnswer() throws IOException {
    RawHttp.Response r = server.admin("GET", "/v1/projects/" + PROJECT + "/releases", null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return RunningServer.JSON.readTree(r.body()).get("releases");
  }

  /** The day the page must show for the {@code i}th release: its UTC publication day. */
  private static String published(JsonNode releases, int i) {
    return releases.get(i).get("published_at").asText().substring(0, 10);
  }
}

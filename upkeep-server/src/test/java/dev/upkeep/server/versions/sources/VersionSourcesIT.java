package dev.upkeep.server.versions.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import dev.upkeep.server.testing.FakeSourceServer;
import dev.upkeep.server.testing.GitHubFixtures;
import dev.upkeep.server.testing.MutableClock;
import dev.upkeep.server.versions.VersionCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Release sources against real HTTP servers on loopback ports: a Maven repository layout serving
 * real {@code maven-metadata.xml} files copied from the local Maven repository, and a GitHub API
 * serving GitHub-shaped releases, tags and {@code .migas.json}. The store is a real SQLite file;
 * the clock that decides the TTL is moved by the test.
 */
class VersionSourcesIT {
  static final String PROJECT = "acme/tool";
  static final String PICOCLI = "/m2/info/picocli/picocli/maven-metadata.xml";
  static final String RELEASES = "/repos/acme/tool/releases";
  static final String TAGS = "/repos/acme/tool/tags";
  static final String MIGAS = "/repos/acme/tool/contents/.migas.json";
  static final Duration TTL = SourceSettings.DEFAULT_TTL;

  /** Far above any answer from a loopback server; a check must never get near it. */
  static final Duration AT_ONCE = Duration.ofSeconds(1);

  @TempDir Path dir;
  Store store;
  MutableClock clock;
  ProjectRegistry registry;
  long project;
  FakeSourceServer maven;
  FakeSourceServer github;
  final List<VersionSources> opened = new ArrayList<>();

  @BeforeEach
  void setUp() {
    store = JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL);
    clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    registry = new ProjectRegistry(store.projects(), Clock.systemUTC(), Visibility.COUNTS_PUBLIC);
    project = registry.register(PROJECT).id();
    maven = FakeSourceServer.start();
    maven.serveResource(
        PICOCLI, "application/xml", "/maven-repository/info/picocli/picocli/maven-metadata.xml");
    github = FakeSourceServer.start();
    GitHubFixtures.serveAcmeTool(github, PROJECT);
  }

  @AfterEach
  void tearDown() {
    opened.forEach(VersionSources::close);
    maven.close();
    github.close();
    store.close();
  }

  SourceSettings settings() {
    return SourceSettings.defaults()
        .withGithubApiUrl(github.url().toString())
        .withFirstFetchWait(Duration.ofSeconds(10));
  }

  VersionSources open(SourceSettings settings) {
    VersionSources s = VersionSources.create(store.versionSources(), settings, clock);
    opened.add(s);
    return s;
  }

  @Test
  void mavenSourceListsEveryVersionOfARealMetadataFile() {
    VersionSources sources = open(settings());
    sources.add(project, "maven", "info.picocli:picocli", maven.url() + "/m2/");

    SourceView v = sources.views(project).get(0);

    assertThat(v.kind()).isEqualTo(SourceKind.MAVEN);
    assertThat(v.url()).isEqualTo(maven.url() + PICOCLI);
    assertThat(v.state()).isEqualTo(SourceState.FRESH);
    assertThat(v.snapshot().releases()).hasSize(73).contains(new SourceRelease("4.7.7", false));
    assertThat(v.fetchedAt()).isEqualTo(clock.instant());
    VersionCheck.Result r = new VersionCheck(registry, sources, clock).check(PROJECT, "4.7.5");
    assertThat(r.latest()).isEqualTo("4.7.7");
    assertThat(r.scheme().id()).isEqualTo("maven");
  }

  @Test
  void mavenSourceFallsBackToTheServersRepositorySetting() {
    VersionSources sources = open(settings().withMavenRepositoryUrl(maven.url() + "/m2"));
    sources.add(project, "maven", "info.picocli:picocli", null);

    assertThat(sources.views(project).get(0).url()).isEqualTo(maven.url() + PICOCLI);
    assertThat(sources.views(project).get(0).snapshot().releases()).hasSize(73);
  }

  @Test
  void githubSourceReadsReleasesTagsAndMigasJson() {
    VersionSources sources = open(settings());
    sources.add(project, "github", PROJECT, null);
    VersionCheck check = new VersionCheck(registry, sources, clock);

    VersionCheck.Result bad = check.check(PROJECT, "v2.0.0");
    assertThat(bad.flagged()).isTrue();
    assertThat(bad.latest()).isEqualTo("2.0.1");
    assertThat(bad.message())
        .isEqualTo(
            "Version 2.0.0 is flagged: Marked bad in .migas.json of acme/tool."
                + " Please upgrade to 2.0.1.");
    assertThat(check.check(PROJECT, "1.9.0").message())
        .isEqualTo(
            "Version 1.9.0 is flagged: Writes corrupt indexes on NFS. Please upgrade to 2.0.1.");
    assertThat(check.check(PROJECT, "2.0.1").message()).isEmpty();
    assertThat(check.check(PROJECT, "2.0.1", true).latest()).isEqualTo("2.1.0-rc.1");
    assertThat(bad.badVersions()).containsExactly("1.9.0", "2.0.0");
    assertThat(github.hits(RELEASES)).isEqualTo(1);
    assertThat(github.hits(TAGS)).isEqualTo(1);
    assertThat(github.hits(MIGAS)).isEqualTo(1);
    assertThat(github.requestHeaders())
        .allSatisfy(h -> assertThat(h).doesNotContainKey("Authorization"))
        .allSatisfy(
            h -> assertThat(h.get("Accept")).containsExactly("application/vnd.github+json"));
  }

  @Test
  void githubTokenIsSentAsBearer() {
    VersionSources sources = open(settings().withGithubToken("ghp_test0123456789"));
    sources.add(project, "github", PROJECT, null);

    sources.views(project);

    assertThat(github.requestHeaders())
        .hasSize(3)
        .allSatisfy(
            h -> assertThat(h.get("Authorization")).containsExactly("Bearer ghp_test0123456789"));
  }

  @Test
  void githubPagesAreFollowedOnTheApiOnly() {
    github.serve(
        RELEASES,
        200,
        "application/json",
        "[{\"tag_name\":\"v1.0.0\",\"draft\":false,\"prerelease\":false}]",
        "Link",
        "<"
            + github.url()
            + "/repos/acme/tool/releases-2?page=2>; rel=\"next\", <x>; rel=\"last\"");
    github.serve(
        "/repos/acme/tool/releases-2",
        200,
        "application/json",
        "[{\"tag_name\":\"v1.1.0\",\"draft\":false,\"prerelease\":false}]",
        "Link",
        "<http://elsewhere.invalid/page3>; rel=\"next\"");
    VersionSources sources = open(settings());
    sources.add(project, "github", PROJECT, null);

    assertThat(sources.views(project).get(0).snapshot().releases())
        .extracting(SourceRelease::version)
        .contains("1.0.0", "1.1.0");
    assertThat(github.hits("/repos/acme/tool/releases-2")).isEqualTo(1);
  }

  @Test
  void manyConcurrentChecksAskEachSourceOncePerTtl() throws Exception {
    VersionSources sources = open(settings());
    sources.add(project, "maven", "info.picocli:picocli", maven.url() + "/m2");
    sources.add(project, "github", PROJECT, null);
    VersionCheck check = new VersionCheck(registry, sources, clock);

    burst(check, 32, 20);

    assertThat(maven.hits(PICOCLI)).isEqualTo(1);
    assertThat(List.of(github.hits(RELEASES), github.hits(TAGS), github.hits(MIGAS)))
        .containsExactly(1, 1, 1);

    clock.advance(TTL.minusSeconds(1));
    burst(check, 32, 20);
    assertThat(maven.totalHits() + github.totalHits()).isEqualTo(4);

    clock.advance(Duration.ofSeconds(1));
    burst(check, 32, 20);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> maven.hits(PICOCLI) == 2 && github.hits(MIGAS) == 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sources.views(project).stream().allMatch(v -> v.state() == SourceState.FRESH));
    burst(check, 32, 20);
    assertThat(maven.hits(PICOCLI)).isEqualTo(2);
    assertThat(List.of(github.hits(RELEASES), github.hits(TAGS), github.hits(MIGAS)))
        .containsExactly(2, 2, 2);
  }

  @Test
  void aStaleAnswerIsServedAtOnceWhileOneRefreshRuns() {
    VersionSources sources = open(settings());
    sources.add(project, "github", PROJECT, null);
    VersionCheck check = new VersionCheck(registry, sources, clock);
    check.check(PROJECT, "2.0.0");
    github.slowDown(Duration.ofMillis(400)); // three requests: 1.2 s, within the timeout
    clock.advance(TTL.plusSeconds(1));

    long start = System.nanoTime();
    VersionCheck.Result r = check.check(PROJECT, "2.0.0");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(AT_ONCE);
    assertThat(r.flagged()).isTrue();
    assertThat(r.latest()).isEqualTo("2.0.1");
    assertThat(sources.views(project).get(0).state()).isEqualTo(SourceState.STALE);
    await().atMost(Duration.ofSeconds(10)).until(() -> github.hits(MIGAS) == 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sources.views(project).get(0).state() == SourceState.FRESH);
  }

  @Test
  void aRateLimitsRetryAfterLongerThanTheTtlIsHonoured() {
    VersionSources sources = open(settings());
    sources.add(project, "github", PROJECT, null);
    VersionCheck check = new VersionCheck(registry, sources, clock);
    check.check(PROJECT, "2.0.0");
    github.answerEverywhere(
        429, "application/json", "{\"message\":\"slow down\"}", "Retry-After", "3600");
    clock.advance(TTL.plusSeconds(1));
    check.check(PROJECT, "2.0.0");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sources.views(project).get(0).state() == SourceState.FAILING);
    int asked = github.totalHits();

    clock.advance(TTL.plusSeconds(1));
    check.check(PROJECT, "2.0.0");
    clock.advance(TTL.plusSeconds(1));
    check.check(PROJECT, "2.0.0");
    assertThat(github.totalHits()).isEqualTo(asked);

    clock.advance(Duration.ofMinutes(31));
    check.check(PROJECT, "2.0.0");
    await().atMost(Duration.ofSeconds(10)).until(() -> github.totalHits() == asked + 1);
  }

  @Test
  void theSavedSnapshotServesARestartWithoutAskingTheSource() {
    VersionSources first = open(settings());
    first.add(project, "github", PROJECT, null);
    first.views(project);
    first.close();
    github.close();
    int asked = github.totalHits();
    clock.advance(Duration.ofMinutes(5));

    VersionSources restarted = open(settings());
    VersionCheck check = new VersionCheck(registry, restarted, clock);
    VersionCheck.Result r = check.check(PROJECT, "2.0.0");

    assertThat(r.flagged()).isTrue();
    assertThat(r.latest()).isEqualTo("2.0.1");
    assertThat(r.message()).doesNotContain("stale");
    assertThat(restarted.views(project).get(0).state()).isEqualTo(SourceState.FRESH);
    assertThat(github.totalHits()).isEqualTo(asked);

    clock.advance(TTL);
    assertThat(check.check(PROJECT, "2.0.0").latest()).isEqualTo("2.0.1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> check.check(PROJECT, "2.0.0").message().contains("may be stale"));
    assertThat(check.check(PROJECT, "2.0.0").message())
        .startsWith(
            "Version 2.0.0 is flagged: Marked bad in .migas.json of acme/tool. Please upgrade to"
                + " 2.0.1. Versions from github acme/tool may be stale (last fetched"
                + " 2026-03-01T12:00:00Z): cannot connect to 127.0.0.1:");
  }

  @Test
  void aFirstEverCheckWaitsOnlyTheBoundForASlowSource() {
    github.slowDown(Duration.ofSeconds(5));
    VersionSources sources =
        open(
            settings()
                .withFirstFetchWait(SourceSettings.DEFAULT_FIRST_FETCH_WAIT)
                .withTimeout(Duration.ofSeconds(10)));
    sources.add(project, "github", PROJECT, null);
    registry.addVersion(PROJECT, "1.0.0");
    VersionCheck check = new VersionCheck(registry, sources, clock);

    long start = System.nanoTime();
    VersionCheck.Result r = check.check(PROJECT, "1.0.0");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(3));
    assertThat(r.latest()).isEqualTo("1.0.0");
    assertThat(r.cached()).isFalse();
    assertThat(r.message()).isEqualTo("Versions from github acme/tool are not fetched yet.");
  }

  @Test
  void aFirstFetchThatFailsSaysTheDataIsMissing() {
    github.close();
    VersionSources sources = open(settings());
    sources.add(project, "github", PROJECT, null);

    VersionCheck.Result r = new VersionCheck(registry, sources, clock).check(PROJECT, "1.0.0");

    assertThat(r.latest()).isEqualTo("1.0.0");
    assertThat(r.message())
        .isEqualTo(
            "Versions from github acme/tool are missing (never fetched): cannot connect to "
                + github.url().getAuthority()
                + " (connection refused).");
  }

  @Test
  void sourcesAreCheckedWhenAdded() {
    VersionSources sources = open(settings());

    assertThatThrownBy(() -> sources.add(project, "maven", "info.picocli:picocli", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--repository")
        .hasMessageContaining("maven-repository-url");
    assertThatThrownBy(() -> sources.add(project, "maven", "picocli", "http://127.0.0.1:1"))
        .hasMessageContaining("groupId:artifactId");
    assertThatThrownBy(() -> sources.add(project, "maven", "a:b", "ftp://127.0.0.1/m2"))
        .hasMessage("repository must be an http(s) URL, was \"ftp://127.0.0.1/m2\"");
    assertThatThrownBy(() -> sources.add(project, "github", "acme", null))
        .hasMessageContaining("owner/repo");
    assertThatThrownBy(() -> sources.add(project, "archive", "x", null))
        .hasMessageContaining("an archive source needs the archive's directory");
    assertThatThrownBy(() -> sources.add(project, "pypi", "x", null))
        .hasMessage("kind must be one of archive, maven, github, was \"pypi\"");
    assertThat(sources.add(project, "github", PROJECT, null)).isPresent();
    assertThat(sources.add(project, "github", "acme/fork", null)).isEmpty();
    assertThat(sources.remove(project, "github")).isTrue();
    assertThat(sources.remove(project, "github")).isFalse();
    assertThat(sources.views(project)).isEmpty();
  }

  /** {@code threads} threads, released together, each checking {@code times} times. */
  private void burst(VersionCheck check, int threads, int times) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < times; i++) {
                    assertThat(check.check(PROJECT, "4.7.7").latest()).isNotBlank();
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

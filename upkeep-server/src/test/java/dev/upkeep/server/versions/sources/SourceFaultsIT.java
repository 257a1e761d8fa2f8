package dev.upkeep.server.versions.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upkeep.server.projects.ProjectRegistry;
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
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A source that goes wrong after a good fetch — down, slower than the timeout, answering garbage,
 * rate-limiting with 403 or 429 — never fails a check: the check answers at once with the last
 * known data, and once the background refresh has failed, its message says that source's data may
 * be stale and why. Real HTTP servers on loopback ports; the Maven one serves a real {@code
 * maven-metadata.xml}.
 */
class SourceFaultsIT {
  static final String PROJECT = "acme/tool";
  static final String PICOCLI = "/m2/info/picocli/picocli/maven-metadata.xml";

  /** Far below the source timeout (3 s) and far above any answer from memory. */
  static final Duration AT_ONCE = Duration.ofSeconds(1);

  /** What goes wrong, and what the message then says. */
  enum Fault {
    DOWN(fake -> "cannot connect to " + fake.url().getAuthority() + " (connection refused)."),
    SLOW(fake -> "no answer from " + fake.url().getAuthority() + " within 3s."),
    GARBAGE(fake -> "is not "),
    FORBIDDEN(fake -> "rate-limited by " + fake.url().getAuthority() + " (HTTP 403), retry after "),
    TOO_MANY(
        fake -> "rate-limited by " + fake.url().getAuthority() + " (HTTP 429), retry after 2m.");

    final Function<FakeSourceServer, String> says;

    Fault(Function<FakeSourceServer, String> says) {
      this.says = says;
    }

    void apply(FakeSourceServer fake) {
      switch (this) {
        case DOWN -> fake.close();
        case SLOW -> fake.slowDown(Duration.ofSeconds(8));
        case GARBAGE -> fake.answerEverywhere(200, "text/html", "<html><body>Oops</body>");
        case FORBIDDEN ->
            fake.answerEverywhere(
                403,
                "application/json",
                "{\"message\":\"API rate limit exceeded\"}",
                "X-RateLimit-Remaining",
                "0",
                "X-RateLimit-Reset",
                Long.toString(System.currentTimeMillis() / 1000 + 600));
        case TOO_MANY ->
            fake.answerEverywhere(
                429, "application/json", "{\"message\":\"slow down\"}", "Retry-After", "120");
      }
    }
  }

  @TempDir Path dir;
  Store store;
  MutableClock clock;
  ProjectRegistry registry;
  long project;
  FakeSourceServer fake;
  VersionSources sources;
  VersionCheck check;

  @BeforeEach
  void setUp() {
    store = JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL);
    clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    registry = new ProjectRegistry(store.projects(), Clock.systemUTC(), Visibility.COUNTS_PUBLIC);
    project = registry.register(PROJECT).id();
    fake = FakeSourceServer.start();
    sources =
        VersionSources.create(
            store.versionSources(),
            SourceSettings.defaults()
                .withGithubApiUrl(fake.url().toString())
                .withFirstFetchWait(Duration.ofSeconds(10)),
            clock);
    check = new VersionCheck(registry, sources, clock);
  }

  @AfterEach
  void tearDown() {
    sources.close();
    fake.close();
    store.close();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void githubFault(Fault fault) {
    GitHubFixtures.serveAcmeTool(fake, PROJECT);
    sources.add(project, "github", PROJECT, null);
    assertThat(check.check(PROJECT, "2.0.0").message()).doesNotContain("stale");

    VersionCheck.Result r = checkAfterTheTtl(fault);

    assertThat(r.flagged()).isTrue();
    assertThat(r.latest()).isEqualTo("2.0.1");
    String message = awaitStale();
    assertThat(message)
        .startsWith(
            "Version 2.0.0 is flagged: Marked bad in .migas.json of acme/tool."
                + " Please upgrade to 2.0.1. Versions from github acme/tool may be stale"
                + " (last fetched 2026-03-01T12:00:00Z): ")
        .contains(fault.says.apply(fake));
    assertThat(sources.views(project).get(0).snapshot().releases()).hasSize(4);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void mavenFault(Fault fault) {
    fake.serveResource(
        PICOCLI, "application/xml", "/maven-repository/info/picocli/picocli/maven-metadata.xml");
    sources.add(project, "maven", "info.picocli:picocli", fake.url() + "/m2");
    assertThat(check.check(PROJECT, "4.7.6").latest()).isEqualTo("4.7.7");

    VersionCheck.Result r = checkAfterTheTtl(fault);

    assertThat(r.latest()).isEqualTo("4.7.7");
    assertThat(r.flagged()).isFalse();
    assertThat(awaitStale())
        .startsWith(
            "Versions from maven info.picocli:picocli may be stale"
                + " (last fetched 2026-03-01T12:00:00Z): ")
        .contains(fault.says.apply(fake));
    if (fault == Fault.GARBAGE) {
      assertThat(check.check(PROJECT, "2.0.0").message())
          .contains(fake.url() + PICOCLI + " is not maven-metadata.xml");
    }
  }

  /** Breaks the source, moves past the TTL, checks, and asserts the check answered at once. */
  private VersionCheck.Result checkAfterTheTtl(Fault fault) {
    fault.apply(fake);
    clock.advance(SourceSettings.DEFAULT_TTL.plusSeconds(1));
    long start = System.nanoTime();
    VersionCheck.Result r = check.check(PROJECT, "2.0.0");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
    return r;
  }

  /** The message once the background refresh has failed; every check meanwhile answers at once. */
  private String awaitStale() {
    String[] message = new String[1];
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              long start = System.nanoTime();
              message[0] = check.check(PROJECT, "2.0.0").message();
              assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
              return message[0].contains("may be stale");
            });
    return message[0];
  }
}

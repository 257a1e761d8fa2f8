package dev.upkeep.server.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.projects.UnknownProjectException;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import dev.upkeep.server.testing.MutableClock;
import dev.upkeep.server.versions.sources.SourceSettings;
import dev.upkeep.server.versions.sources.VersionSources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionCheckTest {
  private static final String PROJECT = "nipreps/fmriprep";

  @TempDir Path dataDir;

  private Store store;
  private ProjectRegistry registry;
  private MutableClock clock;
  private VersionSources sources;
  private VersionCheck check;

  @BeforeEach
  void open() {
    store = JdbcStores.sqlite(dataDir, SqliteSynchronous.NORMAL);
    registry = new ProjectRegistry(store.projects(), Clock.systemUTC(), Visibility.COUNTS_PUBLIC);
    registry.register(PROJECT);
    clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    sources = VersionSources.create(store.versionSources(), SourceSettings.defaults(), clock);
    check = new VersionCheck(registry, sources, clock);
  }

  @AfterEach
  void close() {
    sources.close();
    store.close();
  }

  @Test
  void latestIsTheHighestRegisteredStableVersion() {
    registry.addVersion(PROJECT, "1.0.0");
    registry.addVersion(PROJECT, "v1.10.0");
    registry.addVersion(PROJECT, "1.9.2");
    registry.addVersion(PROJECT, "2.0.0-rc.1");

    VersionCheck.Result r = check.check(PROJECT, "1.0.0");

    assertThat(r.latest()).isEqualTo("1.10.0");
    assertThat(r.flagged()).isFalse();
    assertThat(r.message()).isEmpty();
    assertThat(r.badVersions()).isEmpty();
  }

  @Test
  void preReleasesAreLatestOnlyWhenAskedFor() {
    registry.addVersion(PROJECT, "2.0.0-beta");
    registry.addVersion(PROJECT, "2.0.0-rc.1");
    registry.addVersion(PROJECT, "2.0.0-alpha.3");

    assertThat(check.check(PROJECT, "2.0.0-beta").latest()).isEqualTo("2.0.0-beta");
    assertThat(check.check(PROJECT, "2.0.0-beta", true).latest()).isEqualTo("2.0.0-rc.1");

    registry.addVersion(PROJECT, "1.4.0");
    assertThat(check.check(PROJECT, "2.0.0-beta").latest()).isEqualTo("1.4.0");
    assertThat(check.check(PROJECT, "1.4.0", true).latest()).isEqualTo("2.0.0-rc.1");
  }

  @Test
  void flagWithAReplacementSendsUsersThere() {
    registry.addVersion(PROJECT, "1.0.0");
    registry.addVersion(PROJECT, "1.0.1");
    registry.addVersion(PROJECT, "1.1.0");
    registry.flag(PROJECT, "1.0.0", "Corrupts outputs", "1.0.1");

    VersionCheck.Result r = check.check(PROJECT, "1.0.0");

    assertThat(r.latest()).isEqualTo("1.1.0");
    assertThat(r.upgradeTo()).isEqualTo("1.0.1");
    assertThat(r.message())
        .isEqualTo("Version 1.0.0 is flagged: Corrupts outputs. Please upgrade to 1.0.1.");
  }

  @Test
  void flaggedLatestIsNotLatest() {
    registry.addVersion(PROJECT, "1.0.0");
    registry.addVersion(PROJECT, "1.1.0");
    registry.flag(PROJECT, "1.1.0", "Broken wheel");

    assertThat(check.check(PROJECT, "1.0.0").latest()).isEqualTo("1.0.0");
    VersionCheck.Result r = check.check(PROJECT, "1.1.0");
    assertThat(r.flagged()).isTrue();
    assertThat(r.upgradeTo()).isNull();
    assertThat(r.message()).isEqualTo("Version 1.1.0 is flagged: Broken wheel.");
  }

  @Test
  void latestIsTheAskedVersionWhenNoneIsRegistered() {
    VersionCheck.Result r = check.check(PROJECT, "v0.3.0");

    assertThat(r.latest()).isEqualTo("0.3.0");
    assertThat(r.flagged()).isFalse();
  }

  @Test
  void flaggedVersionMessageGivesTheReasonAndTheUpgradeTarget() {
    registry.addVersion(PROJECT, "1.0.0");
    registry.addVersion(PROJECT, "1.1.0");
    registry.flag(PROJECT, "1.0.0", "corrupts the output on save");

    VersionCheck.Result r = check.check(PROJECT, "1.0.0");

    assertThat(r.flagged()).isTrue();
    assertThat(r.latest()).isEqualTo("1.1.0");
    assertThat(r.message()).contains("corrupts the output on save").contains("1.1.0");
    assertThat(r.badVersions()).containsExactly("1.0.0");

    VersionCheck.Result other = check.check(PROJECT, "1.1.0");
    assertThat(other.flagged()).isFalse();
    assertThat(other.message()).isEmpty();
    assertThat(other.badVersions()).containsExactly("1.0.0");
  }

  @Test
  void flaggedVersionIsFoundWithALeadingV() {
    registry.addVersion(PROJECT, "1.0.0");
    registry.addVersion(PROJECT, "1.2.0");
    registry.flag(PROJECT, "1.0.0", "broken wheel");

    VersionCheck.Result r = check.check(PROJECT, "v1.0.0");

    assertThat(r.flagged()).isTrue();
    assertThat(r.message()).contains("broken wheel").contains("1.2.0");
  }

  @Test
  void flaggedLatestVersionHasNoUpgradeTarget() {
    registry.addVersion(PROJECT, "1.0.0");
    registry.flag(PROJECT, "1.0.0", "leaks memory");

    VersionCheck.Result r = check.check(PROJECT, "1.0.0");

    assertThat(r.flagged()).isTrue();
    assertThat(r.message()).contains("leaks memory").doesNotContain("upgrade");
  }

  @Test
  void flaggedMessageSeparatesTheReasonFromTheUpgradeAdvice() {
    registry.addVersion(PROJECT, "1.0.0");
    registry.addVersion(PROJECT, "1.1.0");
    registry.flag(PROJECT, "1.0.0", "corrupts outputs");

    assertThat(check.check(PROJECT, "1.0.0").message()).doesNotContain("outputs Please");
  }

  @Test
  void unflagClearsTheFlag() {
    registry.addVersion(PROJECT, "1.0.0");
    registry.addVersion(PROJECT, "1.1.0");
    registry.flag(PROJECT, "1.0.0", "bad");
    assertThat(check.check(PROJECT, "1.0.0").flagged()).isTrue();

    registry.unflag(PROJECT, "1.0.0");

    VersionCheck.Result r = check.check(PROJECT, "1.0.0");
    assertThat(r.flagged()).isFalse();
    assertThat(r.message()).isEmpty();
    assertThat(r.badVersions()).isEmpty();
  }

  @Test
  void secondCallIsServedFromTheCache() {
    registry.addVersion(PROJECT, "1.0.0");

    assertThat(check.check(PROJECT, "1.0.0").cached()).isFalse();
    assertThat(check.check(PROJECT, "1.0.0").cached()).isTrue();
    assertThat(check.check(PROJECT, "0.9.0").cached()).isTrue();
  }

  @Test
  void cacheExpiresAfterTheTtl() {
    registry.addVersion(PROJECT, "1.0.0");
    check.check(PROJECT, "1.0.0");

    clock.advance(VersionCheck.DEFAULT_TTL.minus(Duration.ofMillis(1)));
    assertThat(check.check(PROJECT, "1.0.0").cached()).isTrue();

    clock.advance(Duration.ofMillis(1));
    assertThat(check.check(PROJECT, "1.0.0").cached()).isFalse();
  }

  @Test
  void cacheIsDroppedWhenTheRegistryChanges() {
    registry.addVersion(PROJECT, "1.0.0");
    assertThat(check.check(PROJECT, "1.0.0").latest()).isEqualTo("1.0.0");
    assertThat(check.check(PROJECT, "1.0.0").cached()).isTrue();

    registry.addVersion(PROJECT, "2.0.0");
    VersionCheck.Result afterAdd = check.check(PROJECT, "1.0.0");
    assertThat(afterAdd.cached()).isFalse();
    assertThat(afterAdd.latest()).isEqualTo("2.0.0");

    registry.flag(PROJECT, "1.0.0", "bad");
    VersionCheck.Result afterFlag = check.check(PROJECT, "1.0.0");
    assertThat(afterFlag.cached()).isFalse();
    assertThat(afterFlag.flagged()).isTrue();

    registry.unflag(PROJECT, "1.0.0");
    VersionCheck.Result afterUnflag = check.check(PROJECT, "1.0.0");
    assertThat(afterUnflag.cached()).isFalse();
    assertThat(afterUnflag.flagged()).isFalse();
  }

  @Test
  void unknownProjectIsRefused() {
    assertThatThrownBy(() -> check.check("nobody/nothing", "1.0.0"))
        .isInstanceOf(UnknownProjectException.class)
        .hasMessageContaining("nobody/nothing");
  }
}

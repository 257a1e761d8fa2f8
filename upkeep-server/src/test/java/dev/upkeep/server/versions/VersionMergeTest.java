package dev.upkeep.server.versions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.store.SourceFlag;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.SourceSnapshot;
import dev.upkeep.server.store.VersionRecord;
import dev.upkeep.server.versions.sources.SourceKind;
import dev.upkeep.server.versions.sources.SourceState;
import dev.upkeep.server.versions.sources.SourceView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionMergeTest {
  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void versionsAreTheUnionWithTheirOriginsInSourceOrder() {
    ProjectVersions all =
        merge(
            List.of(
                github(List.of(rel("v2.0.0"), rel("1.9.0")), List.of()),
                maven(rel("2.0.0"), rel("2.1.0"))),
            List.of(manual("2.0.0"), manual("0.1")));

    assertThat(all.scheme()).isEqualTo(VersionScheme.MAVEN);
    assertThat(all.versions())
        .extracting(MergedVersion::version, MergedVersion::origins)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("0.1", List.of("manual")),
            org.assertj.core.groups.Tuple.tuple("1.9.0", List.of("github")),
            org.assertj.core.groups.Tuple.tuple("2.0.0", List.of("maven", "github", "manual")),
            org.assertj.core.groups.Tuple.tuple("2.1.0", List.of("maven")));
  }

  @Test
  void withoutAMavenSourceTheSchemeIsSemver() {
    assertThat(merge(List.of(github(List.of(rel("1.0.0")), List.of())), List.of()).scheme())
        .isEqualTo(VersionScheme.SEMVER);
    assertThat(merge(List.of(), List.of(manual("1.0.0"))).scheme()).isEqualTo(VersionScheme.SEMVER);
  }

  @Test
  void theEarliestSourcesReasonWinsAndAManualReplacementCompletesIt() {
    VersionRecord flagged = new VersionRecord("2.0.0", T, true, "Manual reason.", "2.0.2", false);
    ProjectVersions all =
        merge(
            List.of(
                github(
                    List.of(rel("2.0.0"), rel("2.0.1"), rel("2.0.2")),
                    List.of(new SourceFlag("2.0.0", "From .migas.json.", null)))),
            List.of(flagged));

    MergedVersion v = all.find("2.0.0").orElseThrow();
    assertThat(v.flagged()).isTrue();
    assertThat(v.reason()).isEqualTo("From .migas.json.");
    assertThat(v.flaggedBy()).isEqualTo("github");
    assertThat(v.replacement()).isEqualTo("2.0.2");
    assertThat(all.upgradeTarget("2.0.0", false)).contains("2.0.2");
  }

  @Test
  void theManualRegistryFlagsWhatNoSourceFlags() {
    ProjectVersions all =
        merge(
            List.of(github(List.of(rel("1.0.0"), rel("1.1.0")), List.of())),
            List.of(new VersionRecord("1.0.0", T, true, "Leaks memory.", null, false)));

    MergedVersion v = all.find("1.0.0").orElseThrow();
    assertThat(v.flagged()).isTrue();
    assertThat(v.flaggedBy()).isEqualTo("manual");
    assertThat(all.upgradeTarget("1.0.0", false)).contains("1.1.0");
  }

  @Test
  void aLiftedManualFlagOverridesASourcesFlag() {
    ProjectVersions all =
        merge(
            List.of(
                github(
                    List.of(rel("1.0.0"), rel("1.1.0")),
                    List.of(new SourceFlag("1.0.0", "Bad.", null)))),
            List.of(new VersionRecord("1.0.0", T, false, null, null, true)));

    MergedVersion v = all.find("1.0.0").orElseThrow();
    assertThat(v.flagged()).isFalse();
    assertThat(v.flagLifted()).isTrue();
    assertThat(v.reason()).isEqualTo("Bad.");
    assertThat(all.badVersions()).isEmpty();
  }

  @Test
  void aSourcesPreReleaseMarkIsRespectedAndPreReleasesAreNeverLatestUnlessAsked() {
    ProjectVersions all =
        merge(
            List.of(
                github(
                    List.of(rel("1.0.0"), new SourceRelease("1.1.0", true), rel("1.2.0-rc.1")),
                    List.of())),
            List.of());

    assertThat(all.find("1.1.0").orElseThrow().preRelease()).isTrue();
    assertThat(all.find("1.2.0-rc.1").orElseThrow().preRelease()).isTrue();
    assertThat(all.latest(false)).contains("1.0.0");
    assertThat(all.latest(true)).contains("1.2.0-rc.1");
  }

  @Test
  void latestIsTheNewestReleaseThatIsNotFlagged() {
    ProjectVersions all =
        merge(
            List.of(
                github(
                    List.of(rel("1.0.0"), rel("2.0.0")),
                    List.of(new SourceFlag("2.0.0", "Broken.", null)))),
            List.of());

    assertThat(all.latest(false)).contains("1.0.0");
    assertThat(all.upgradeTarget("2.0.0", false)).isEmpty();
  }

  @Test
  void aFlagOfAVersionNoSourceReleasedIsKeptButNeverLatest() {
    ProjectVersions all =
        merge(
            List.of(github(List.of(rel("1.0.0")), List.of(new SourceFlag("0.9.0", "Old.", null)))),
            List.of());

    MergedVersion v = all.find("0.9.0").orElseThrow();
    assertThat(v.released()).isFalse();
    assertThat(v.flagged()).isTrue();
    assertThat(all.badVersions()).containsExactly("0.9.0");
    assertThat(all.latest(true)).contains("1.0.0");
  }

  @Test
  void aFailingSourcesLastGoodSnapshotStillCounts() {
    SourceView failing =
        new SourceView(
            SourceKind.MAVEN,
            "g:a",
            "http://repo/g/a/maven-metadata.xml",
            SourceState.FAILING,
            "rate-limited",
            T,
            new SourceSnapshot(T, List.of(rel("3.0")), List.of()));

    assertThat(merge(List.of(failing), List.of()).latest(false)).contains("3.0");
  }

  private static ProjectVersions merge(List<SourceView> sources, List<VersionRecord> manual) {
    return VersionMerge.merge(sources, manual, VersionMerge.schemeOf(sources));
  }

  private static SourceRelease rel(String v) {
    return new SourceRelease(v.startsWith("v") ? v.substring(1) : v, false);
  }

  private static VersionRecord manual(String v) {
    return new VersionRecord(v, T, false, null, null, false);
  }

  private static SourceView maven(SourceRelease... releases) {
    return view(SourceKind.MAVEN, "g:a", List.of(releases), List.of());
  }

  private static SourceView github(List<SourceRelease> releases, List<SourceFlag> flags) {
    return view(SourceKind.GITHUB, "acme/tool", releases, flags);
  }

  private static SourceView view(
      SourceKind kind, String ref, List<SourceRelease> releases, List<SourceFlag> flags) {
    return new SourceView(
        kind,
        ref,
        "http://x",
        SourceState.FRESH,
        null,
        null,
        new SourceSnapshot(T, releases, flags));
  }
}

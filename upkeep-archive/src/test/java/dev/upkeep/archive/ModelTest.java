package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Titles, versions, requirements and paths: rmellipse's rules and where Upkeep is stricter. */
class ModelTest {
  @Test
  void titlesAreNormalisedAsRmellipseDoes() {
    assertThat(Title.of("My_Workflow..v2").value()).isEqualTo("my-workflow-v2");
    assertThat(Title.of("first-workflow")).isEqualTo(Title.of("First_Workflow"));
    assertThatThrownBy(() -> Title.of("2fast")).hasMessageContaining("starts with a digit");
    assertThatThrownBy(() -> Title.of("SELF")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> Title.of("a b")).hasMessageContaining("'a b' is not valid");
    assertThatThrownBy(() -> Title.of("trailing-")).hasMessageContaining("not valid");
    assertThatThrownBy(() -> Title.of("")).hasMessageContaining("empty");
  }

  @Test
  void versionsAreStrictSemver() {
    for (String bad : List.of("1.0", "v1.0.0", " 1.0.0", "01.0.0", "1.0.0-rc.01", "1.0.0+", "")) {
      assertThatThrownBy(() -> ReleaseVersion.of(bad))
          .as(bad)
          .hasMessageContaining("is not a SemVer 2.0 version");
    }
    assertThat(ReleaseVersion.of("1.0.0-rc.1+build.7").isPreRelease()).isTrue();
  }

  @Test
  void versionsSortBySemverPrecedenceThenBuild() {
    List<String> ordered =
        List.of(
            "0.1.0",
            "0.1.5",
            "0.1.10",
            "0.9.9",
            "0.9.9+build.10",
            "0.9.9+build.7",
            "0.9.9+build.8",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "10.0.0");
    List<ReleaseVersion> shuffled =
        new ArrayList<>(ordered.stream().map(ReleaseVersion::of).toList());
    Collections.shuffle(shuffled, new Random(7));

    Collections.sort(shuffled);

    assertThat(shuffled.stream().map(String::valueOf).toList()).isEqualTo(ordered);
  }

  @Test
  void requirementsAsRmellipseWritesThem() {
    Requirement r = Requirement.parse("first-workflow>=0.1.0, <0.2.0");
    assertThat(r.workspace()).isEqualTo(Workspace.DEFAULT);
    assertThat(r.title().value()).isEqualTo("first-workflow");
    assertThat(r.matches(ReleaseVersion.of("0.1.5"))).isTrue();
    assertThat(r.matches(ReleaseVersion.of("0.2.0"))).isFalse();
    assertThat(r).hasToString("first-workflow>=0.1.0, <0.2.0");

    Requirement w = Requirement.parse("Lab Workspace/Calibration_Data<2.0.0");
    assertThat(w.workspace()).isEqualTo("Lab Workspace");
    assertThat(w.title().value()).isEqualTo("calibration-data");
    assertThat(w).hasToString("Lab Workspace/calibration-data<2.0.0");

    assertThat(Requirement.parse("plain").expression().isAny()).isTrue();
    assertThat(Requirement.parse("first-workflow !=0.1.3").matches(ReleaseVersion.of("0.1.3")))
        .isFalse();
    assertThatThrownBy(() -> Requirement.parse("a/b/c>=1.0.0"))
        .hasMessageContaining("[workspace/]name<expression>");
    assertThatThrownBy(() -> Requirement.parse(">=1.0.0")).hasMessageContaining("names no release");
    assertThatThrownBy(() -> Requirement.parse("x>=1.0"))
        .hasMessageStartingWith("requirement 'x>=1.0': version expression");
  }

  @Test
  void pathsStayInsideTheRelease() {
    assertThat(ReleasePath.check("results/output-file.txt")).isEqualTo("results/output-file.txt");
    assertThat(ReleasePath.check(".gitignore")).isEqualTo(".gitignore");
    for (String bad :
        List.of(
            "../etc/passwd",
            "a/../../b",
            "/etc/passwd",
            "C:/x",
            "a//b",
            "a/./b",
            "a\\b",
            "a/",
            "nul\0x",
            "")) {
      assertThatThrownBy(() -> ReleasePath.check(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void blobIdsAre64LowercaseHexDigits() {
    assertThat(BlobId.isValid(BlobId.EMPTY.hex())).isTrue();
    assertThatThrownBy(
            () -> new BlobId("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"))
        .hasMessageContaining("64 lowercase hex");
    assertThatThrownBy(() -> new BlobId("../../x")).hasMessageContaining("64 lowercase hex");
  }
}

package dev.upkeep.server.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageEventBuilderTest {
  private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void leftOutComponentsHaveTheirDefaults() {
    UsageEvent e = UsageEvent.builder(7, UsageEvent.BREADCRUMB, T0).build();

    assertThat(e)
        .isEqualTo(
            new UsageEventBuilder(7, UsageEvent.BREADCRUMB, T0)
                .eventId(null)
                .version("unknown")
                .language(null)
                .languageVersion(null)
                .userId(null)
                .sessionId(null)
                .userType(UserType.GENERAL)
                .platform("unknown")
                .container("unknown")
                .ci(false)
                .status(RunStatus.R)
                .statusDesc(null)
                .errorType(null)
                .errorDesc(null)
                .attributes(List.of())
                .build());
    assertThat(e.eventId()).isNull();
    assertThat(e.projectId()).isEqualTo(7);
    assertThat(e.kind()).isEqualTo("breadcrumb");
    assertThat(e.timestamp()).isEqualTo(T0);
    assertThat(e.version()).isEqualTo("unknown");
    assertThat(e.language()).isNull();
    assertThat(e.languageVersion()).isNull();
    assertThat(e.userId()).isNull();
    assertThat(e.sessionId()).isNull();
    assertThat(e.userType()).isEqualTo(UserType.GENERAL);
    assertThat(e.platform()).isEqualTo("unknown");
    assertThat(e.container()).isEqualTo("unknown");
    assertThat(e.ci()).isFalse();
    assertThat(e.status()).isEqualTo(RunStatus.R);
    assertThat(e.statusDesc()).isNull();
    assertThat(e.errorType()).isNull();
    assertThat(e.errorDesc()).isNull();
    assertThat(e.attributes()).isEmpty();
  }

  @Test
  void aBuilderMakesANewEventAtEachBuildWithTheValuesSetSoFar() {
    UsageEventBuilder b = UsageEvent.builder(1, "report", T0).userId("u\u0000");
    UsageEvent first = b.attributes(List.of(Map.entry("k", "v"))).build();
    UsageEvent second = b.eventId("e2").timestamp(T0.plusSeconds(1)).build();

    assertThat(first.eventId()).isNull();
    assertThat(first.userId()).isEqualTo("u\uFFFD");
    assertThat(first.attributes()).containsExactly(Map.entry("k", "v"));
    assertThat(second.eventId()).isEqualTo("e2");
    assertThat(second.timestamp()).isEqualTo(T0.plusSeconds(1));
    assertThat(second.attributes()).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void requiredComponentsAreChecked() {
    assertThatThrownBy(() -> UsageEvent.builder(1, null, T0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("kind");
    assertThatThrownBy(() -> UsageEvent.builder(1, "breadcrumb", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timestamp");
    assertThatThrownBy(() -> UsageEvent.builder(1, "breadcrumb", T0).version(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("version");
  }

  @Test
  void onlyTheBuilderConstructsAUsageEvent() {
    JavaClasses server =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.upkeep.server");

    noClasses()
        .that()
        .doNotBelongToAnyOf(UsageEventBuilder.class)
        .should()
        .callConstructorWhere(
            DescribedPredicate.describe(
                "the constructor of UsageEvent",
                c -> c.getTarget().getOwner().isEquivalentTo(UsageEvent.class)))
        .because("UsageEvent.builder(...) owns the defaults of the components left out")
        .check(server);
  }
}

package dev.upkeep.client;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's architecture, checked on its main classes: feature packages without cycles, the
 * internal packages using only the API's value and SPI types, and one owner of the wall clock.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.upkeep.client");

  /** Methods that read the wall clock, as {@code owner#name}. */
  private static final List<String> WALL_CLOCK =
      List.of(
          Instant.class.getName() + "#now",
          System.class.getName() + "#currentTimeMillis",
          LocalDate.class.getName() + "#now",
          LocalDateTime.class.getName() + "#now",
          ZonedDateTime.class.getName() + "#now",
          OffsetDateTime.class.getName() + "#now",
          Clock.class.getName() + "#systemUTC",
          Clock.class.getName() + "#systemDefaultZone");

  /** A call of one of {@link #WALL_CLOCK}, or a method reference to one. */
  private static final DescribedPredicate<JavaAccess<?>> READS_THE_WALL_CLOCK =
      DescribedPredicate.describe(
          "read the wall clock (" + String.join(", ", WALL_CLOCK) + ")",
          access ->
              WALL_CLOCK.contains(
                  access.getTargetOwner().getName() + "#" + access.getTarget().getName()));

  @Test
  void featurePackagesHaveNoCycles() {
    slices()
        .matching("dev.upkeep.client.(**)")
        .namingSlices("package $1")
        .should()
        .beFreeOfCycles()
        .check(MAIN);
  }

  @Test
  void internalPackagesUseOnlyTheApisValueAndSpiTypes() {
    noClasses()
        .that()
        .resideInAPackage("dev.upkeep.client.internal..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.upkeep.client")
                .and(not(belongToAnyOf(ConsentMode.class, SecretStore.class, UserIdPolicy.class))))
        .because("the API uses the internal packages, not the other way round")
        .check(MAIN);
  }

  @Test
  void onlyTheBuildersDefaultReadsTheWallClock() {
    noClasses()
        .that(not(belongToAnyOf(ClientBuilder.class)))
        .should()
        .accessTargetWhere(READS_THE_WALL_CLOCK)
        .because("the client's time comes from its Clock (ClientBuilder.clock, default UTC)")
        .check(MAIN);
  }

  @Test
  void theWallClockRuleSeesTheBuildersDefault() {
    ArchRule everywhere = noClasses().should().accessTargetWhere(READS_THE_WALL_CLOCK);

    EvaluationResult result = everywhere.evaluate(MAIN);

    assertThat(result.getFailureReport().getDetails())
        .singleElement()
        .asString()
        .contains(ClientBuilder.class.getName())
        .contains("systemUTC");
  }
}

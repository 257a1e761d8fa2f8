package dev.upkeep.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Time is injected (ARCHITECTURE.md, conventions): the main classes of the server and of the
 * modules beside it (protocol, signing, archive, watch, cli) read the wall clock only through a
 * {@link Clock} they are given. Durations may still use {@link System#nanoTime()}.
 *
 * <p>Only the clock-owning places make the system clock ({@link Clock#systemUTC()} and friends):
 * the composition roots ({@code UpkeepServer}, the CLI's commands), the store's default ({@code
 * StoreClock}, until the store is opened with the server's clock) and the documented defaults of
 * public builders ({@code Demo.Builder}, {@code Watch.Builder}, {@code CdcsArchiveBuilder}, {@code
 * FileSystemArchive.open(Path)}).
 */
class WallClockTest {
  private static final List<String> PACKAGES =
      List.of(
          "dev.upkeep.protocol",
          "dev.upkeep.signing",
          "dev.upkeep.archive",
          "dev.upkeep.watch",
          "dev.upkeep.server",
          "dev.upkeep.cli");

  /** The classes that may make the system clock, besides the CLI's. */
  private static final Set<String> CLOCK_OWNERS =
      Set.of(
          "dev.upkeep.server.UpkeepServer",
          "dev.upkeep.server.store.jdbc.StoreClock",
          "dev.upkeep.server.demo.Demo$Builder",
          "dev.upkeep.watch.Watch$Builder",
          "dev.upkeep.archive.CdcsArchiveBuilder",
          "dev.upkeep.archive.FileSystemArchive");

  /** Types whose {@code now(...)} without a {@link Clock} reads the system clock. */
  private static final Set<Class<?>> DATED =
      Set.of(
          Instant.class,
          LocalDate.class,
          LocalDateTime.class,
          LocalTime.class,
          ZonedDateTime.class,
          OffsetDateTime.class,
          OffsetTime.class,
          Year.class,
          YearMonth.class,
          MonthDay.class);

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(PACKAGES);

  @Test
  void everyModuleIsImported() {
    assertThat(MAIN.stream().map(JavaClass::getName))
        .contains(
            "dev.upkeep.protocol.Json",
            "dev.upkeep.signing.Keys",
            "dev.upkeep.archive.FileSystemArchive",
            "dev.upkeep.watch.Watch",
            "dev.upkeep.server.UpkeepServer",
            "dev.upkeep.cli.Main");
  }

  @Test
  void noMainClassReadsTheWallClockButThroughAClock() {
    noClasses()
        .should()
        .callCodeUnitWhere(
            DescribedPredicate.describe(
                "Instant.now(), LocalDate.now(), ... without a Clock, System.currentTimeMillis()"
                    + " or new Date()",
                WallClockTest::readsTheWallClock))
        .because("time is injected: take a java.time.Clock (tests use a fake one)")
        .check(MAIN);
  }

  @Test
  void onlyTheClockOwnersMakeTheSystemClock() {
    noClasses()
        .that(
            DescribedPredicate.describe(
                "are not clock owners (composition roots, builder defaults, the CLI)",
                (JavaClass c) ->
                    !CLOCK_OWNERS.contains(c.getName())
                        && !c.getPackageName().startsWith("dev.upkeep.cli")))
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "Clock.systemUTC(), Clock.systemDefaultZone() or Clock.system(zone)",
                call ->
                    call.getTargetOwner().isEquivalentTo(Clock.class)
                        && call.getName().startsWith("system")))
        .because("a component is given its Clock by the composition root that owns it")
        .check(MAIN);
  }

  private static boolean readsTheWallClock(JavaCall<?> call) {
    JavaClass owner = call.getTargetOwner();
    String name = call.getName();
    if (owner.isEquivalentTo(System.class)) {
      return name.equals("currentTimeMillis");
    }
    if (owner.isEquivalentTo(Date.class)) {
      return name.equals("<init>") && call.getTarget().getRawParameterTypes().isEmpty();
    }
    if (name.equals("now") && DATED.stream().anyMatch(owner::isEquivalentTo)) {
      return call.getTarget().getRawParameterTypes().stream()
          .noneMatch(t -> t.isAssignableTo(Clock.class));
    }
    return false;
  }
}

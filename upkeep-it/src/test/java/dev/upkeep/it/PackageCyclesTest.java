package dev.upkeep.it;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No package of any module (protocol, client, keyring, signing, archive, watch, server, CLI, the
 * example app) depends, through others, on itself: every {@code dev.upkeep} package of the main
 * classes on this module's class path is one slice, and the slices form no cycle.
 *
 * <p>One exception, by name: a module's {@code internal} packages may use the vocabulary of the API
 * they implement — its value types and the callbacks an application implements — which the API's
 * facade hands them (upkeep-client's {@code ConsentMode}, {@code UserIdPolicy} and {@code
 * SecretStore}; upkeep-watch's {@code Detection}, {@code Run}, {@code Stop} and {@code
 * WatchListener}). Any other dependency of an internal package on its API, and any other cycle,
 * fails.
 */
class PackageCyclesTest {
  private static final List<String> VOCABULARY =
      List.of(
          "dev.upkeep.client.ConsentMode",
          "dev.upkeep.client.UserIdPolicy",
          "dev.upkeep.client.SecretStore",
          "dev.upkeep.watch.Detection",
          "dev.upkeep.watch.Run",
          "dev.upkeep.watch.Stop",
          "dev.upkeep.watch.WatchListener");

  @Test
  void everyModulesPackagesAreFreeOfCycles() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.upkeep");

    slices()
        .matching("dev.upkeep.(**)")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(
            resideInAPackage("dev.upkeep..internal.."),
            DescribedPredicate.describe(
                "the API's vocabulary " + VOCABULARY,
                c -> VOCABULARY.contains(c.getName()) || isNestedIn(c)))
        .check(classes);
  }

  /** A nested class of a vocabulary type (an enum's constant body, a listener's default types). */
  private static boolean isNestedIn(JavaClass c) {
    return c.getEnclosingClass().map(e -> VOCABULARY.contains(e.getName())).orElse(false);
  }
}

package dev.upkeep.it;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of any module (protocol, client, keyring, signing, archive, watch, server, CLI, the
 * example app) depends, through others, on itself: every {@code dev.upkeep} package of the main
 * classes on this module's class path is one slice, and the slices form no cycle.
 *
 * <p>One shape of cycle is known and left out until the modules are reshaped: a module's {@code
 * internal} packages using the public types of the package they are internal to, while those call
 * into them (found in upkeep-watch, upkeep-signing and upkeep-client). Any other cycle fails.
 */
class PackageCyclesTest {
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
        .ignoreDependency(internal("watch"), resideInAPackage("dev.upkeep.watch"))
        .ignoreDependency(internal("signing"), resideInAPackage("dev.upkeep.signing"))
        .ignoreDependency(internal("client"), resideInAPackage("dev.upkeep.client"))
        .check(classes);
  }

  private static DescribedPredicate<JavaClass> internal(String module) {
    return resideInAPackage("dev.upkeep." + module + ".internal..");
  }
}

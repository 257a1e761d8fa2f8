package dev.upkeep.server;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of the server depends, through others, on itself: each package (the root {@code
 * dev.upkeep.server} and each subpackage) is one slice, and the slices form no cycle. A cycle fails
 * with the dependencies that make it.
 */
class PackageCyclesTest {
  @Test
  void theServersPackagesAreFreeOfCycles() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.upkeep.server");

    slices().matching("dev.upkeep.(**)").should().beFreeOfCycles().check(classes);
  }
}

package dev.upkeep.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of the CLI depends, through others, on itself: the root {@code dev.upkeep.cli} (the
 * commands and {@code Main}) and each subpackage are one slice each, and they form no cycle.
 */
class PackageCyclesTest {
  @Test
  void theCommandLinesPackagesAreFreeOfCycles() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.upkeep.cli");

    slices().matching("dev.upkeep.(**)").should().beFreeOfCycles().check(classes);
  }
}

package dev.kiln.engine.image;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The image packages layer as their package-info files say: core, then backends and mutate beside each other. */
class ImagePackagesArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kiln.engine");

    @Test
    void coreDoesNotDependOnItsBackendsOrMutate() {
        noClasses().that().resideInAPackage("dev.kiln.engine.image")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiln.engine.image.layout..",
                        "dev.kiln.engine.image.tarball..", "dev.kiln.engine.image.mutate..")
                .check(MAIN);
    }

    @Test
    void ociModelDoesNotDependOnImages() {
        noClasses().that().resideInAPackage("dev.kiln.engine.oci..")
                .should().dependOnClassesThat().resideInAPackage("dev.kiln.engine.image..")
                .check(MAIN);
    }

    @Test
    void backendsAndMutateAreIndependentOfEachOther() {
        noClasses().that().resideInAPackage("dev.kiln.engine.image.layout..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiln.engine.image.tarball..",
                        "dev.kiln.engine.image.mutate..")
                .check(MAIN);
        noClasses().that().resideInAPackage("dev.kiln.engine.image.tarball..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiln.engine.image.layout..",
                        "dev.kiln.engine.image.mutate..")
                .check(MAIN);
        noClasses().that().resideInAPackage("dev.kiln.engine.image.mutate..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiln.engine.image.layout..",
                        "dev.kiln.engine.image.tarball..")
                .check(MAIN);
    }
}

package dev.kiln.engine.cache.key;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code cache.key} sits above the frontend and the step packages, and below the build. */
class CacheKeyArchitectureTest {

    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kiln.engine");
    }

    @Test
    void keysDependOnlyOnTheModelAndTheFrontend() {
        classes().that().resideInAPackage("dev.kiln.engine.cache.key..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.kiln.engine.cache", "dev.kiln.engine.cache.key..",
                        "dev.kiln.engine.context..", "dev.kiln.engine.dockerfile..", "dev.kiln.engine.step..",
                        "dev.kiln.engine.oci..", "dev.kiln.engine.image..", "dev.kiln.engine.reference..",
                        "dev.kiln.engine.fs..", "dev.kiln.engine.crypto..", "java..")
                .check(engine);
    }

    @Test
    void onlyTheBuildMayUseTheKeys() {
        noClasses().that().resideOutsideOfPackages("dev.kiln.engine.cache.key..", "dev.kiln.engine.build..")
                .should().dependOnClassesThat().resideInAPackage("dev.kiln.engine.cache.key..")
                .check(engine);
    }
}

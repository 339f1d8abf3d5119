package dev.kiln.engine.registry.auth;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * Guards the agreed direction: the registry client depends on {@code registry.auth}, never the reverse, so this
 * package uses no other engine package, only the JDK, Vert.x, the AWS SDK (with Netty) and SLF4J.
 */
class AuthArchitectureTest {

    private static final JavaClasses AUTH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kiln.engine.registry.auth");

    @Test
    void authDependsOnNoOtherEnginePackage() {
        classes().that().resideInAPackage("dev.kiln.engine.registry.auth..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.kiln.engine.registry.auth..",
                        "java..", "javax..", "io.vertx..", "io.netty..", "org.slf4j..", "software.amazon.awssdk..")
                .check(AUTH);
    }
}

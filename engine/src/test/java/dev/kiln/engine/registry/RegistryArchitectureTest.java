package dev.kiln.engine.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.kiln.engine.image.remote.RemoteBlobSource;
import dev.kiln.engine.registry.transport.TransportFactory;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guards the registry packages' layering and their promise not to block event loops with file I/O. */
class RegistryArchitectureTest {

    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kiln.engine");
    }

    @Test
    void theTransportKnowsOnlyAuthVertxAndTheJdk() {
        classes().that().resideInAPackage("dev.kiln.engine.registry.transport..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.kiln.engine.registry.transport..",
                        "dev.kiln.engine.registry.auth..", "io.vertx..", "java..", "javax..", "org.slf4j..")
                .check(engine);
    }

    @Test
    void theProtocolDoesNotKnowTheImageBackend() {
        noClasses().that().resideInAPackage("dev.kiln.engine.registry")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kiln.engine.image.remote..",
                        "dev.kiln.engine.image.layout..", "dev.kiln.engine.image.tarball..", "dev.kiln.engine.image.mutate..")
                .check(engine);
    }

    @Test
    void onlyTheBlockingHelpersUseBlockingFileApis() {
        noClasses().that().resideInAnyPackage("dev.kiln.engine.registry..", "dev.kiln.engine.image.remote..")
                .and().doNotBelongToAnyOf(TransportFactory.class, RemoteBlobSource.class)
                .and().resideOutsideOfPackage("dev.kiln.engine.registry.auth..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a java.nio.file.Files method",
                        call -> call.getTarget().getOwner().isEquivalentTo(Files.class)))
                .check(engine);
    }
}

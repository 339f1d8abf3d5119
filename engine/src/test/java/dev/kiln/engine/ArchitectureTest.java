package dev.kiln.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the package design: no cycles between engine packages, the lowest layers stay free of the
 * higher ones, and every package of every module documents its design in a package-info.java.
 */
class ArchitectureTest {

    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kiln.engine");
    }

    @Test
    void enginePackagesHaveNoCycles() {
        slices().matching("dev.kiln.engine.(**)").should().beFreeOfCycles()
                .allowEmptyShould(true)
                .check(engine);
    }

    @Test
    void theOciModelDependsOnNoOtherEnginePackage() {
        noClasses().that().resideInAPackage("dev.kiln.engine.oci..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.kiln.engine.image..", "dev.kiln.engine.registry..", "dev.kiln.engine.fs..",
                        "dev.kiln.engine.build..", "dev.kiln.engine.dockerfile..", "dev.kiln.engine.layer..")
                .allowEmptyShould(true)
                .check(engine);
    }

    @Test
    void posixAccessDependsOnlyOnTheJdk() {
        classes().that().resideInAPackage("dev.kiln.engine.fs..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.kiln.engine.fs..", "java..", "org.slf4j..")
                .allowEmptyShould(true)
                .check(engine);
    }

    @Test
    void everyPackageOfEveryModuleHasAPackageInfo() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        List<Path> sourceRoots;
        try (Stream<Path> modules = Files.list(repo)) {
            sourceRoots = modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList();
        }
        assertThat(sourceRoots).as("module source roots under " + repo).isNotEmpty();
        List<String> undocumented = sourceRoots.stream().flatMap(ArchitectureTest::packageDirs)
                .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
                .map(repo::relativize).map(Path::toString).toList();
        assertThat(undocumented).as("packages without package-info.java").isEmpty();
    }

    private static Stream<Path> packageDirs(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).map(Path::getParent).distinct().toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.kiln.executor.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Buildah;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance corpus: every case under {@code conformance/} built by buildah and by Kiln and compared (see
 * the package doc and the corpus's README.md). One registry, one buildah store and one pair of base images serve
 * the whole run. {@code -Dkiln.conformance.kiln=false} runs the buildah side only, which checks every case's
 * expectations against the reference; {@code -Dkiln.conformance.cases=REGEX} runs only the matching cases.
 */
@RequiresTools({Tool.DOCKER_REGISTRY, Tool.BUILDAH, Tool.RUNC, Tool.UMOCI, Tool.SKOPEO})
class ConformanceIT {

    /** System property switching the Kiln side on (default) or off. */
    static final String KILN_SWITCH = "kiln.conformance.kiln";

    /** System property: a regular expression selecting cases by directory name (default: all). */
    static final String CASES_FILTER = "kiln.conformance.cases";

    private static RegistryServer registry;
    private static Buildah buildah;
    private static TempDir work;
    private static ExecutorService pool;

    /** Parallel buildah builds: the machine has 2 cores, and the Kiln side overlaps with them. */
    private static final int REFERENCE_THREADS = 2;

    @BeforeAll
    static void start() {
        registry = RegistryServer.startPlain();
        TestBases.push(registry);
        buildah = Buildah.create();
        work = TempDir.create("kiln-conformance-");
        // pull the bases once, so that parallel builds do not race to pull them
        for (String image : List.of(TestBases.BUSYBOX, TestBases.USERS)) {
            buildah.run("pull", "--tls-verify=false", registry.reference(image)).orThrow();
        }
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
        for (AutoCloseable c : new AutoCloseable[] {work, buildah, registry}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("stop conformance fixtures: " + e.getMessage(), e);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        boolean kiln = Boolean.parseBoolean(System.getProperty(KILN_SWITCH, "true"));
        List<CaseDefinition> all = Corpus.cases();
        assertThat(all).as("corpus size").hasSizeGreaterThanOrEqualTo(60);
        String only = System.getProperty(CASES_FILTER, "");
        List<CaseDefinition> cases = all.stream().filter(c -> only.isEmpty() || c.name().matches(only)).toList();
        // buildah's side runs ahead on REFERENCE_THREADS workers while the test thread runs Kiln's side
        pool = Executors.newFixedThreadPool(REFERENCE_THREADS);
        Map<String, Future<Reference>> references = new LinkedHashMap<>();
        cases.forEach(c -> references.put(c.name(), pool.submit(() -> reference(c))));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), c.dir().toUri(),
                () -> compare(c, await(references.get(c.name())), kiln)));
    }

    /** buildah's side of a case, with the problems its checks found so far. */
    private record Reference(CaseWorkspace workspace, Path dir, BuiltImage image, SortedMap<String, FsEntry> tree,
            CaseChecks checks) {
    }

    private static Reference reference(CaseDefinition c) throws IOException {
        Path dir = Files.createDirectories(work.resolve(c.name()));
        CaseWorkspace ws = CaseWorkspace.prepare(c, dir, registry.hostPort());
        CaseChecks checks = new CaseChecks(c);
        BuiltImage theirs = new BuildahSide(buildah, registry).build(ws, dir.resolve("buildah-oci"));
        SortedMap<String, FsEntry> tree = checks.compared("buildah", theirs.image().flatten().entries(), true);
        checks.runsAsExpected("buildah", theirs);
        checks.buildahLayers(theirs.image());
        checks.buildahSideOfAllowances(tree, theirs.config());
        return new Reference(ws, dir, theirs, tree, checks);
    }

    private static void compare(CaseDefinition c, Reference ref, boolean withKiln) {
        try {
            CaseChecks checks = ref.checks();
            if (withKiln) {
                BuiltImage ours = new KilnSide(registry).build(ref.workspace(), ref.dir());
                checks.sameTree(ref.tree(), checks.compared("Kiln", ours.image().flatten().entries(), true));
                checks.sameConfig(ref.image().config(), ours.config());
                checks.kilnLayers(ours.image());
                checks.runsAsExpected("Kiln", ours);
            }
            assertThat(checks.problems()).as("case " + c.name() + " (" + c.dir() + ")").isEmpty();
        } finally {
            TempDir.deleteRecursively(ref.dir());
        }
    }

    private static Reference await(Future<Reference> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** The case directories. */
    static final class Corpus {
        private Corpus() {
        }

        static List<CaseDefinition> cases() throws IOException {
            Path root;
            try {
                root = Path.of(ConformanceIT.class.getResource("/conformance/README.md").toURI()).getParent();
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("find the corpus: conformance/README.md is not on the test class path", e);
            }
            try (Stream<Path> dirs = Files.list(root)) {
                return dirs.filter(d -> Files.isDirectory(d) && d.getFileName().toString().matches("\\d{3}-.+")).sorted()
                        .map(CaseDefinition::load).toList();
            }
        }
    }
}

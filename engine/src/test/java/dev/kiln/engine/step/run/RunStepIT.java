package dev.kiln.engine.step.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.run.IsolationKind;
import dev.kiln.engine.run.Isolation;
import dev.kiln.engine.run.Isolations;
import dev.kiln.engine.run.OutputLine;
import dev.kiln.engine.run.RunResult;
import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RUN steps planned from real Dockerfiles, prepared and run under namespaced isolation in a busybox rootfs. */
@RequiresTools({Tool.UMOCI, Tool.BUSYBOX})
class RunStepIT {

    TempDir temp;
    Path dir;
    Path root;
    Path context;
    Path stage;
    MountSources sources;
    final Isolation isolation = Isolations.onThisHost().of(IsolationKind.NAMESPACED);

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "RUN tests need root");
        temp = TempDir.create("kiln-runstep-it-");
        dir = temp.path();
        root = busybox(dir.resolve("rootfs"));
        Files.writeString(root.resolve("etc/passwd"), "app:x:1000:1000:app:/home/app:/bin/sh\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(root.resolve("etc/group"), "app:x:1000:\n", java.nio.file.StandardOpenOption.APPEND);
        context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("hello.txt"), "from the context\n");
        stage = Files.createDirectories(dir.resolve("stage0/out"));
        Files.writeString(stage.resolve("artifact"), "built\n");
        sources = Fixtures.sources(context, null, Map.of(0, dir.resolve("stage0")));
    }

    @AfterEach
    void tearDown() {
        if (temp != null) {
            temp.close();
        }
    }

    static Path busybox(Path rootfs) throws Exception {
        Image image = OciLayout.open(BaseImages.busyboxLayout(Arch.AMD64)).image(BaseImages.TAG);
        Files.createDirectories(rootfs);
        LayerExtractor extractor = new LayerExtractor();
        for (Layer layer : image.layers()) {
            try (InputStream in = layer.openCompressed()) {
                extractor.extract(layer.digest(), in, rootfs);
            }
        }
        return rootfs;
    }

    record Outcome(RunResult result, List<String> stdout, List<String> stderr) {
    }

    private RunStep runStep(RunStepOptions o) {
        return new RunStep(o);
    }

    private RunStepOptions options() {
        return RunStepOptions.of(dir.resolve("work"));
    }

    private Outcome run(RunStep with, Step step, ContainerConfig config) throws Exception {
        try (PreparedRun prepared = with.prepare(step, Fixtures.config(config), sources, "0", 1)) {
            return start(prepared);
        }
    }

    private Outcome start(PreparedRun prepared) throws Exception {
        List<OutputLine> lines = new CopyOnWriteArrayList<>();
        RunResult r = isolation.start(root, prepared.spec(), lines::add).result().toCompletionStage()
                .toCompletableFuture().get(120, TimeUnit.SECONDS);
        return new Outcome(r, lines.stream().filter(l -> l.stream() == OutputLine.Stream.STDOUT).map(OutputLine::text).toList(),
                lines.stream().filter(l -> l.stream() == OutputLine.Stream.STDERR).map(OutputLine::text).toList());
    }

    private Outcome run(String dockerfile) throws Exception {
        return run(runStep(options()), Fixtures.run(dockerfile), ContainerConfig.empty());
    }

    /** The rootfs's entries, to show a run left nothing behind. */
    private List<String> tree() throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aCacheMountPersistsBetweenTwoRuns() throws Exception {
        String df = "FROM scratch\nRUN --mount=type=cache,target=/var/cache/app echo x >> /var/cache/app/log && wc -l < /var/cache/app/log\n";
        assertThat(run(df).stdout()).containsExactly("1");
        assertThat(run(df).stdout()).containsExactly("2");
        assertThat(root.resolve("var/cache/app")).doesNotExist();
    }

    @Test
    void lockedCacheRunsDoNotOverlap() throws Exception {
        String df = "FROM scratch\nRUN --mount=type=cache,target=/c,sharing=locked "
                + "echo start >> /c/log; sleep 1; echo end >> /c/log\n";
        RunStep rs = runStep(options());
        Path root2 = busybox(dir.resolve("rootfs2"));
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<RunResult> a = ex.submit(() -> runIn(rs, df, root));
            Future<RunResult> b = ex.submit(() -> runIn(rs, df, root2));
            assertThat(a.get(120, TimeUnit.SECONDS).succeeded()).isTrue();
            assertThat(b.get(120, TimeUnit.SECONDS).succeeded()).isTrue();
        }
        String check = "FROM scratch\nRUN --mount=type=cache,target=/c cat /c/log\n";
        assertThat(run(check).stdout()).containsExactly("start", "end", "start", "end");
    }

    private RunResult runIn(RunStep rs, String df, Path rootfs) throws Exception {
        try (PreparedRun p = rs.prepare(Fixtures.run(df), Fixtures.config(), sources, "0", 1)) {
            return isolation.start(rootfs, p.spec(), line -> { }).result().toCompletionStage().toCompletableFuture()
                    .get(120, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPrivateCacheInUseGivesTheSecondRunItsOwnDirectory() throws Exception {
        RunStep rs = runStep(options());
        String df = "FROM scratch\nRUN --mount=type=cache,target=/c,sharing=private ls -A /c; touch /c/mark\n";
        try (PreparedRun holder = rs.prepare(Fixtures.run(df), Fixtures.config(), sources, "0", 1)) {
            assertThat(start(holder).stdout()).isEmpty();
            Outcome second = run(rs, Fixtures.run(df), ContainerConfig.empty());
            assertThat(second.stdout()).as("a fresh directory, not the one holding mark").isEmpty();
        }
        assertThat(run(rs, Fixtures.run(df), ContainerConfig.empty()).stdout()).containsExactly("mark");
    }

    @Test
    void aCacheIsSeededFromAStageOnFirstUse() throws Exception {
        String df = "FROM scratch AS builder\nFROM scratch\nRUN --mount=type=cache,target=/c,from=builder,source=/out cat /c/artifact\n";
        assertThat(run(df).stdout()).containsExactly("built");
    }

    @Test
    void aSecretIsVisibleOnlyDuringTheRunAndLeavesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "s3cr3t-value");
        RunStep rs = runStep(options().withSecrets(Secrets.parse(List.of("id=token,src=" + file), Map.of())));
        List<String> before = tree();
        Outcome o = run(rs, Fixtures.run("FROM scratch\nRUN --mount=type=secret,id=token,required "
                + "cat /run/secrets/token; echo; stat -c %a /run/secrets/token\n"), ContainerConfig.empty());
        assertThat(o.stdout()).containsExactly("s3cr3t-value", "400");
        assertThat(tree()).isEqualTo(before);
        Outcome after = run("FROM scratch\nRUN cat /run/secrets/token\n");
        assertThat(after.result().succeeded()).isFalse();
    }

    @Test
    void aSecretCanBeAnEnvironmentVariable() throws Exception {
        RunStep rs = runStep(options().withSecrets(Secrets.parse(List.of("id=tok,env=T"), Map.of("T", "env-secret"))));
        Outcome o = run(rs, Fixtures.run("FROM scratch\nRUN --mount=type=secret,id=tok,env=TOKEN "
                + "echo \"$TOKEN\"; ls /run/secrets 2>&1 || true\n"), ContainerConfig.empty());
        assertThat(o.stdout().getFirst()).isEqualTo("env-secret");
        assertThat(String.join("\n", o.stdout())).doesNotContain("tok\n");
    }

    @Test
    void aReadOnlyContextBindRejectsWrites() throws Exception {
        Outcome o = run("FROM scratch\nRUN --mount=target=/src cat /src/hello.txt; echo x > /src/new.txt\n");
        assertThat(o.stdout()).containsExactly("from the context");
        assertThat(o.result().succeeded()).isFalse();
        assertThat(String.join("\n", o.stderr())).contains("Read-only file system");
        assertThat(context.resolve("new.txt")).doesNotExist();
    }

    @Test
    void writesToAReadWriteBindAreDiscarded() throws Exception {
        Outcome o = run("FROM scratch AS b\nFROM scratch\nRUN --mount=from=b,source=/out,target=/o,rw "
                + "echo changed > /o/artifact && cat /o/artifact\n");
        assertThat(o.stdout()).containsExactly("changed");
        assertThat(stage.resolve("artifact")).hasContent("built");
        assertThat(root.resolve("o")).doesNotExist();
    }

    @Test
    void aContextBindHonoursDockerignore() throws Exception {
        Files.writeString(context.resolve("secret.env"), "x");
        sources = Fixtures.sources(context, "*.env\n", Map.of());
        Outcome o = run("FROM scratch\nRUN --mount=target=/src ls /src\n");
        assertThat(o.stdout()).containsExactly("hello.txt");
    }

    @Test
    void aHeredocWithShebangRunsAsAFileThatDoesNotStay() throws Exception {
        List<String> before = tree();
        Outcome o = run("FROM scratch\nRUN <<EOF\n#!/bin/sh\necho \"run as $0\"\nEOF\n");
        assertThat(o.stdout()).containsExactly("run as /dev/pipes/EOF");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void aHeredocWithoutShebangIsRunByTheShell() throws Exception {
        Outcome o = run("FROM scratch\nRUN <<EOF\necho one\necho two\nEOF\n");
        assertThat(o.stdout()).containsExactly("one", "two");
    }

    @Test
    void execFormRunsWithoutAShell() throws Exception {
        Outcome o = run("FROM scratch\nRUN [\"/bin/echo\", \"$HOME\", \"a  b\"]\n");
        assertThat(o.stdout()).containsExactly("$HOME a  b");
    }

    @Test
    void networkNoneHasOnlyLoopback() throws Exception {
        Outcome o = run("FROM scratch\nRUN --network=none ls /sys/class/net\n");
        assertThat(o.stdout()).containsExactly("lo");
    }

    @Test
    void envAndUserAreTheStepsAndTheConfigs() throws Exception {
        Outcome o = run(runStep(options()), Fixtures.run("FROM scratch\nARG VERSION=1.2\nENV GREETING=hello\n"
                + "RUN echo \"$GREETING $VERSION $PATH\"; id -u; pwd\n"),
                ContainerConfig.empty().withUser("app").withWorkingDir("/work"));
        assertThat(o.stdout()).containsExactly("hello 1.2 " + RunStep.DEFAULT_PATH, "1000", "/work");
    }

    @Test
    void aFailingCommandIsAResultWithBuildKitsMessage() throws Exception {
        Outcome o = run("FROM scratch\nRUN exit 3\n");
        assertThat(o.result().failureMessage())
                .contains("process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3");
    }
}

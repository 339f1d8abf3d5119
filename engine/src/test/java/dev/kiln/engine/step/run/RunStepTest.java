package dev.kiln.engine.step.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.instruction.NetworkMode;
import dev.kiln.engine.dockerfile.plan.Step;
import dev.kiln.engine.dockerfile.shell.Env;
import dev.kiln.engine.oci.ContainerConfig;
import dev.kiln.engine.run.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution without running anything: what the spec holds, and the errors. */
class RunStepTest {

    @TempDir
    Path dir;
    Path context;
    MountSources sources;
    RunStep step;

    @BeforeEach
    void setUp() throws Exception {
        context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("a.txt"), "a");
        sources = Fixtures.sources(context, null, Map.of());
        step = new RunStep(RunStepOptions.of(dir.resolve("work")));
    }

    private PreparedRun prepare(String dockerfile) throws StepException {
        return step.prepare(Fixtures.run(dockerfile), Fixtures.config(), sources, "0", 1);
    }

    private PreparedRun prepare(RunStep with, String dockerfile, ContainerConfig config) throws StepException {
        return with.prepare(Fixtures.run(dockerfile), Fixtures.config(config), sources, "build", 3);
    }

    @Test
    void envIsTheScopeWithArgsThenProxiesThenADefaultPath() throws Exception {
        RunStep withProxy = new RunStep(RunStepOptions.of(dir.resolve("work"))
                .withProxyEnv(Env.empty().with("http_proxy", "http://proxy:3128").with("A", "proxy")));
        try (PreparedRun run = prepare(withProxy, "FROM scratch\nARG A=1\nENV B=2\nRUN env\n", ContainerConfig.empty())) {
            assertThat(run.spec().envValue("A")).contains("1");
            assertThat(run.spec().envValue("B")).contains("2");
            assertThat(run.spec().envValue("http_proxy")).contains("http://proxy:3128");
            assertThat(run.spec().envValue("PATH")).isPresent();
        }
    }

    @Test
    void userWorkdirAndStepComeFromTheConfig() throws Exception {
        ContainerConfig c = ContainerConfig.empty().withUser("app:staff").withWorkingDir("/srv/app");
        try (PreparedRun run = prepare(step, "FROM scratch\nRUN pwd\n", c)) {
            assertThat(run.spec().user()).isEqualTo("app:staff");
            assertThat(run.spec().workingDir()).isEqualTo("/srv/app");
            assertThat(run.spec().stage()).isEqualTo("build");
            assertThat(run.spec().step()).isEqualTo(3);
        }
        try (PreparedRun run = prepare("FROM scratch\nRUN pwd\n")) {
            assertThat(run.spec().user()).isEmpty();
            assertThat(run.spec().workingDir()).isEqualTo("/");
        }
    }

    @Test
    void networkModesArePassedOnAndNoneMayBeDowngraded() throws Exception {
        try (PreparedRun run = prepare("FROM scratch\nRUN --network=none true\n")) {
            assertThat(run.spec().network()).isEqualTo(NetworkMode.NONE);
            assertThat(run.warnings()).isEmpty();
        }
        RunStep noNetns = new RunStep(RunStepOptions.of(dir.resolve("work")).withAllowNetworkNone(false));
        try (PreparedRun run = prepare(noNetns, "FROM scratch\nRUN --network=none true\n", ContainerConfig.empty())) {
            assertThat(run.spec().network()).isEqualTo(NetworkMode.DEFAULT);
            assertThat(run.warnings()).singleElement().asString().startsWith("Dockerfile:2: RUN --network=none");
        }
    }

    @Test
    void insecureSecurityIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> prepare("FROM scratch\n\nRUN --security=insecure true\n"))
                .isInstanceOf(StepException.class)
                .hasMessageStartingWith("Dockerfile:3: RUN --security=insecure: privileged execution is not supported");
    }

    @Test
    void sshMountsAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> prepare("FROM scratch\nRUN --mount=type=ssh true\n"))
                .isInstanceOf(StepException.class)
                .hasMessage("Dockerfile:2: RUN --mount=type=ssh: SSH agent forwarding is not supported by Kiln")
                .extracting(e -> ((StepException) e).reason()).isEqualTo(StepException.Reason.UNSUPPORTED);
    }

    @Test
    void aMissingRequiredSecretFailsNamingTheId() {
        assertThatThrownBy(() -> prepare("FROM scratch\nRUN --mount=type=secret,id=npmrc,required true\n"))
                .hasMessage("Dockerfile:2: RUN --mount=type=secret,id=npmrc: secret npmrc is required but was not "
                        + "provided (--secret id=npmrc,...)");
    }

    @Test
    void aMissingOptionalSecretIsSkipped() throws Exception {
        try (PreparedRun run = prepare("FROM scratch\nRUN --mount=type=secret,id=npmrc true\n")) {
            assertThat(run.spec().mounts()).isEmpty();
        }
    }

    @Test
    void secretsDefaultToRunSecretsAndEnvSecretsBecomeVariablesOnly() throws Exception {
        RunStep withSecrets = new RunStep(RunStepOptions.of(dir.resolve("work"))
                .withSecrets(Secrets.parse(List.of("id=tok,env=T", "id=pw,env=P"), Map.of("T", "t0ken", "P", "pa55"))));
        String df = "FROM scratch\nRUN --mount=type=secret,id=tok --mount=type=secret,id=pw,env=PASSWORD,mode=0440,uid=7 true\n";
        try (PreparedRun run = prepare(withSecrets, df, ContainerConfig.empty())) {
            assertThat(run.spec().mounts()).singleElement().isInstanceOfSatisfying(MountSpec.Secret.class, s -> {
                assertThat(s.target()).isEqualTo("/run/secrets/tok");
                assertThat(s.mode()).isEqualTo(0400);
            });
            assertThat(run.spec().envValue("PASSWORD")).contains("pa55");
            assertThat(run.spec().toString()).contains("PASSWORD").doesNotContain("pa55").doesNotContain("t0ken");
            assertThat(run.toString()).doesNotContain("pa55");
        }
    }

    @Test
    void relativeTargetsAreBelowTheWorkingDirectoryAndAllAreIgnored() throws Exception {
        ContainerConfig c = ContainerConfig.empty().withWorkingDir("/app");
        try (PreparedRun run = prepare(step, "FROM scratch\nRUN --mount=type=tmpfs,target=tmp --mount=target=/src true\n", c)) {
            assertThat(run.spec().mounts()).extracting(MountSpec::target).containsExactly("/app/tmp", "/src");
            assertThat(run.ignores().isIgnored("/app/tmp/x")).isTrue();
            assertThat(run.ignores().isIgnored("/src")).isTrue();
            assertThat(run.ignores().isIgnored("/app")).isFalse();
        }
    }

    @Test
    void aReadOnlyContextBindWithoutIgnoreRulesMountsTheContextItself() throws Exception {
        try (PreparedRun run = prepare("FROM scratch\nRUN --mount=type=bind,source=a.txt,target=/a true\n")) {
            assertThat(run.spec().mounts()).singleElement().isEqualTo(
                    new MountSpec.Bind(context.resolve("a.txt").toRealPath(), "/a", true));
        }
    }

    @Test
    void aBindSourceCannotClimbOutOfTheContext() throws Exception {
        try (PreparedRun run = prepare("FROM scratch\nRUN --mount=source=../../..,target=/c true\n")) {
            assertThat(((MountSpec.Bind) run.spec().mounts().getFirst()).source()).isEqualTo(context.toRealPath());
        }
    }

    @Test
    void aMissingBindSourceFailsNamingIt() {
        assertThatThrownBy(() -> prepare("FROM scratch\nRUN --mount=source=nope,target=/n true\n"))
                .hasMessage("Dockerfile:2: RUN --mount=type=bind,source=nope,target=/n: \"/nope\" not found in the build context");
    }

    @Test
    void anIgnoredFileIsNotInTheContext() throws Exception {
        sources = Fixtures.sources(context, "a.txt\n", Map.of());
        assertThatThrownBy(() -> prepare("FROM scratch\nRUN --mount=source=a.txt,target=/a true\n"))
                .hasMessageContaining("not found in the build context");
    }

    @Test
    void aMountOnTheRootIsRefused() {
        assertThatThrownBy(() -> prepare("FROM scratch\nWORKDIR /\nRUN --mount=type=tmpfs,target=. true\n"))
                .isInstanceOf(StepException.class)
                .hasMessage("Dockerfile:3: RUN --mount=type=tmpfs,target=.: invalid mount target \"/\"");
    }

    @Test
    void requiredDevicesAreRefusedAndOptionalOnesSkipped() throws Exception {
        assertThatThrownBy(() -> prepare("FROM scratch\nRUN --device=vendor.com/gpu=all,required true\n"))
                .hasMessageContaining("devices (CDI) are not supported by Kiln");
        try (PreparedRun run = prepare("FROM scratch\nRUN --device=vendor.com/gpu=all true\n")) {
            assertThat(run.warnings()).singleElement().asString().contains("skipped");
        }
    }

    @Test
    void aHeredocScriptIsAReadOnlyMountOfAnExecutableFile() throws Exception {
        Path scriptDir;
        try (PreparedRun run = prepare("FROM scratch\nRUN <<EOF\n#!/bin/sh\necho hi\nEOF\n")) {
            MountSpec.Bind b = (MountSpec.Bind) run.spec().mounts().getFirst();
            assertThat(b.target()).isEqualTo("/dev/pipes");
            assertThat(b.readOnly()).isTrue();
            assertThat(b.source().resolve("EOF")).hasContent("#!/bin/sh\necho hi").isExecutable();
            scriptDir = b.source();
        }
        assertThat(scriptDir).as("deleted on close").doesNotExist();
    }
}

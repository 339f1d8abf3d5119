package dev.kiln.engine.dockerfile.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.engine.dockerfile.parser.DockerfileParseException;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Behaviours of the instruction pass, each as BuildKit's {@code instructions} package has it. */
class InstructionParserTest {

    private static Instruction second(String instruction) {
        return parse("FROM busybox\n" + instruction + "\n").instructions().get(1);
    }

    private static Dockerfile parse(String text) {
        return Dockerfile.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String instruction) {
        try {
            second(instruction);
        } catch (DockerfileParseException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + instruction);
    }

    @Test
    void everyInstructionKnowsItsLinesAndOriginalText() {
        Instruction run = second("RUN  echo a \\\n  b   ");

        assertThat(run.location()).isEqualTo(new SourceRange("Dockerfile", 2, 3));
        assertThat(run.original()).isEqualTo("RUN  echo a   b");
        assertThat(run.keyword()).isEqualTo("RUN");
    }

    @Test
    void literalMountsAreTypedWithBuildKitsDefaults() {
        Run run = (Run) second("RUN --mount=target=/a --mount=type=cache,target=/c --mount=type=tmpfs,target=/t,size=1GiB"
                + " --mount=type=secret,id=s --mount=type=ssh true");

        assertThat(run.mounts()).containsExactly(
                new RunMount.Bind("/a", "", "", true),
                new RunMount.Cache("/c", "", "", "", RunMount.Sharing.SHARED, false, OptionalLong.empty(),
                        OptionalLong.empty(), OptionalLong.empty()),
                new RunMount.Tmpfs("/t", "", "", false, 1L << 30),
                new RunMount.Secret("s", "", "", Optional.empty(), false, OptionalLong.empty(), OptionalLong.empty(),
                        OptionalLong.empty()),
                new RunMount.Ssh("", "", "", false, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()));
    }

    @Test
    void mountKeysHaveAliasesAndModesAreOctal() {
        Run run = (Run) second("RUN --mount=type=cache,dst=/c,src=/s,readonly,mode=0750,uid=1,gid=2,sharing=LOCKED true");

        assertThat(run.mounts().getFirst()).isEqualTo(new RunMount.Cache("/c", "", "/s", "", RunMount.Sharing.LOCKED,
                true, OptionalLong.of(0750), OptionalLong.of(1), OptionalLong.of(2)));
    }

    @Test
    void mountsWithVariablesStayUnresolvedUntilExpanded() {
        Run run = (Run) second("RUN --mount=type=cache,target=$HOME/.cache,uid=${UID} true");

        assertThat(run.mounts()).containsExactly(new RunMount.Unresolved("type=cache,target=$HOME/.cache,uid=${UID}"));
        Map<String, String> env = Map.of("$HOME/.cache", "/root/.cache", "${UID}", "1000");
        RunMount resolved = RunMount.parse(((RunMount.Unresolved) run.mounts().getFirst()).spec(),
                word -> env.getOrDefault(word, word));
        assertThat(resolved).isEqualTo(new RunMount.Cache("/root/.cache", "", "", "", RunMount.Sharing.SHARED, false,
                OptionalLong.empty(), OptionalLong.of(1000), OptionalLong.empty()));
        assertThatThrownBy(() -> RunMount.parse("type=cache,target=/c,uid=x", word -> word))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid value x for uid");
    }

    @Test
    void runFlagsDefaultAndValidateNetworkSecurityAndDevices() {
        Run plain = (Run) second("RUN true");
        Run flagged = (Run) second("RUN --network=none --security=insecure --device=vendor.com/gpu=0,required true");

        assertThat(plain.network()).isEqualTo(NetworkMode.DEFAULT);
        assertThat(plain.security()).isEqualTo(SecurityMode.SANDBOX);
        assertThat(flagged.network()).isEqualTo(NetworkMode.NONE);
        assertThat(flagged.security()).isEqualTo(SecurityMode.INSECURE);
        assertThat(flagged.devices()).containsExactly(new RunDevice("vendor.com/gpu=0", true));
    }

    @Test
    void runHeredocsBecomeFilesOfTheCommandLine() {
        Run run = (Run) second("RUN <<-EOF bash\n\techo hi\nEOF");

        assertThat(run.command()).isEqualTo(new CommandLine(List.of("<<-EOF bash"), true,
                List.of(new InlineFile("EOF", "\techo hi\n", true))));
        assertThat(run.command().files().getFirst().effectiveData()).isEqualTo("echo hi\n");
    }

    @Test
    void copyAndAddAcceptOnlyTheirOwnFlags() {
        assertThat(error("COPY --checksum=sha256:0 a b")).isEqualTo("Dockerfile:2: unknown flag: --checksum");
        assertThat(error("COPY --keep-git-dir a b")).isEqualTo("Dockerfile:2: unknown flag: --keep-git-dir");
        assertThat(error("ADD --from=x a b")).isEqualTo("Dockerfile:2: unknown flag: --from");
        assertThat(error("ADD --parents a b")).isEqualTo("Dockerfile:2: unknown flag: --parents");
        assertThat(error("RUN --chmod=755 true")).isEqualTo("Dockerfile:2: unknown flag: --chmod");
    }

    @Test
    void copyCollectsRepeatedExcludesAndHeredocSources() {
        Copy copy = (Copy) parse("FROM x\nCOPY --exclude=a --exclude=b <<-EOF src /dst/\n\tz\nEOF\n").instructions().get(1);

        assertThat(copy.excludes()).containsExactly("a", "b");
        assertThat(copy.operands()).isEqualTo(new SourcesAndDestination(List.of("src"),
                List.of(new InlineSource("EOF", "z\n", true)), "/dst/"));
    }

    @Test
    void addKeepsItsOptionalBooleansTriState() {
        Add plain = (Add) second("ADD a b");
        Add flagged = (Add) second("ADD --keep-git-dir --unpack=false --checksum=sha256:00 a b");

        assertThat(plain.keepGitDir()).isEmpty();
        assertThat(plain.unpack()).isEmpty();
        assertThat(flagged.keepGitDir()).contains(true);
        assertThat(flagged.unpack()).contains(false);
        assertThat(flagged.checksum()).contains("sha256:00");
    }

    @Test
    void literalChmodIsCheckedNowAndVariablesLater() {
        assertThat(((Copy) second("COPY --chmod=u+x,go-w a b")).chmod()).contains("u+x,go-w");
        assertThat(((Copy) second("COPY --chmod=${MODE} a b")).chmod()).contains("${MODE}");
        assertThat(error("COPY --chmod=1777x a b"))
                .isEqualTo("Dockerfile:2: invalid chmod parameter: '1777x'. it should be octal string and between 0 and 07777");
    }

    @Test
    void healthcheckDurationsFollowGoSyntax() {
        Healthcheck h = (Healthcheck) second(
                "HEALTHCHECK --interval=1m30s --timeout=1.5s --start-period=2h --start-interval=500ms --retries=+4 CMD [\"x\"]");

        assertThat(h.test()).containsExactly("CMD", "x");
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(h.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(h.startPeriod()).isEqualTo(Duration.ofHours(2));
        assertThat(h.startInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(h.retries()).isEqualTo(4);
        assertThat(((Healthcheck) second("HEALTHCHECK none")).disabled()).isTrue();
        assertThat(((Healthcheck) second("HEALTHCHECK CMD curl -f x")).test()).containsExactly("CMD-SHELL", "curl -f x");
    }

    @Test
    void onbuildChecksOnlyTheTriggerKeywordAndParsesTheRestOnDemand() {
        Onbuild onbuild = (Onbuild) second("ONBUILD COPY --bogus a b");

        assertThat(onbuild.expression()).isEqualTo("COPY --bogus a b");
        assertThatThrownBy(onbuild::trigger).isInstanceOf(DockerfileParseException.class)
                .hasMessage("Dockerfile:2: unknown flag: --bogus");
        assertThat(((Onbuild) second("onbuild run echo hi")).trigger()).isInstanceOf(Run.class);
    }

    @Test
    void fromLowerCasesTheStageNameAndKeepsThePlatform() {
        From from = (From) parse("FROM --platform=$BUILDPLATFORM golang AS Build\n").instructions().getFirst();

        assertThat(from.stageName()).contains("build");
        assertThat(from.platform()).contains("$BUILDPLATFORM");
        assertThat(from.image()).isEqualTo("golang");
    }

    @Test
    void argsAndEnvKeepQuotesForTheLaterExpansion() {
        Arg arg = (Arg) parse("ARG A B=\"x y\" C=\nFROM x\n").instructions().getFirst();
        Env env = (Env) second("ENV K=\"a b\" M='c'");

        assertThat(arg.args()).containsExactly(new ArgDefinition("A", Optional.empty()),
                new ArgDefinition("B", Optional.of("\"x y\"")), new ArgDefinition("C", Optional.of("")));
        assertThat(error("ENV K=\"a b\" L legacy"))
                .isEqualTo("Dockerfile:2: Syntax error - can't find = in \"L\". Must be of the form: name=value");
        assertThat(((Env) second("ENV L legacy value")).variables()).containsExactly(new KeyValue("L", "legacy value", true));
        assertThat(env.variables()).containsExactly(new KeyValue("K", "\"a b\"", false), new KeyValue("M", "'c'", false));
    }

    @Test
    void unknownInstructionsSuggestTheClosestKeywordInTheSameCase() {
        assertThat(error("COPPY a b")).isEqualTo("Dockerfile:2: unknown instruction: COPPY (did you mean COPY?)");
        assertThat(error("workdri /x")).isEqualTo("Dockerfile:2: unknown instruction: workdri (did you mean workdir?)");
        assertThat(error("Entrypiont x")).isEqualTo("Dockerfile:2: unknown instruction: Entrypiont (did you mean entrypoint?)");
        assertThat(error("XYZZY x")).isEqualTo("Dockerfile:2: unknown instruction: XYZZY");
    }

    @Test
    void stopsignalAndArgIgnoreFlagsAsBuildKitDoes() {
        assertThat(((StopSignal) second("STOPSIGNAL --x SIGINT")).signal()).isEqualTo("SIGINT");
        assertThat(((Arg) second("ARG --y A")).args()).containsExactly(new ArgDefinition("A", Optional.empty()));
    }

    @Test
    void emptyExecFormsAreEmptyWordLists() {
        assertThat(((Cmd) second("CMD []")).command()).isEqualTo(new CommandLine(List.of(), false, List.of()));
        assertThat(((Entrypoint) second("ENTRYPOINT")).command()).isEqualTo(new CommandLine(List.of(), true, List.of()));
    }
}

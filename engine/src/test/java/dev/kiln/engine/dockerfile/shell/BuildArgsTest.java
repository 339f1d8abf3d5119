package dev.kiln.engine.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ARG scoping as BuildKit implements it. */
class BuildArgsTest {

    private static final PlatformArgs AMD64_TO_ARM = new PlatformArgs("linux/arm/v7", "linux", "arm", "v7",
            "linux/amd64", "linux", "amd64", "");
    private static final ShellLex LEX = ShellLex.standard();

    private static BuildArgs build(String... nameValues) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            args.put(nameValues[i], nameValues[i + 1]);
        }
        return BuildArgs.create(args, AMD64_TO_ARM);
    }

    @Test
    void globalArgsExpandFromLinesButAreInvisibleInStagesUntilRedeclared() {
        BuildArgs args = build();
        args.declareGlobal("VERSION", "1.36", LEX);

        assertThat(LEX.expand("busybox:$VERSION", args.globalEnv())).isEqualTo("busybox:1.36");
        BuildArgs.Stage stage = args.newStage(Env.empty());
        assertThat(stage.env().contains("VERSION")).isFalse();

        BuildArgs.Declared imported = stage.declare("VERSION", null, LEX);
        assertThat(imported.value()).isEqualTo("1.36");
        assertThat(stage.env().get("VERSION")).isEqualTo("1.36");
    }

    @Test
    void buildArgsOverrideGlobalAndStageDefaultsVerbatim() {
        BuildArgs args = build("VERSION", "$NOT_EXPANDED", "MODE", "release");
        args.declareGlobal("VERSION", "1.36", LEX);
        BuildArgs.Stage stage = args.newStage(Env.empty());
        stage.declare("MODE", "debug", LEX);
        stage.declare("VERSION", null, LEX);

        assertThat(args.globalEnv().get("VERSION")).isEqualTo("$NOT_EXPANDED");
        assertThat(stage.env().get("MODE")).isEqualTo("release");
        assertThat(stage.env().get("VERSION")).isEqualTo("$NOT_EXPANDED");
    }

    @Test
    void aStageDefaultWinsOverTheGlobalDefault() {
        BuildArgs args = build();
        args.declareGlobal("V", "global", LEX);
        BuildArgs.Stage stage = args.newStage(Env.empty());

        assertThat(stage.declare("V", "stage-$V", LEX).value()).isEqualTo("stage-");
    }

    @Test
    void defaultsExpandAgainstTheirScope() {
        BuildArgs args = build();
        args.declareGlobal("BASE", "alpine", LEX);
        args.declareGlobal("IMAGE", "${BASE}-${TARGETARCH}${TARGETVARIANT:+-$TARGETVARIANT}", LEX);
        BuildArgs.Stage stage = args.newStage(Env.fromList(List.of("PATH=/bin")));
        stage.setEnv("HOME", "/root");
        stage.declare("CONF", "$HOME/.conf:$PATH:$IMAGE", LEX);

        assertThat(args.globalEnv().get("IMAGE")).isEqualTo("alpine-arm-v7");
        assertThat(stage.env().get("CONF")).isEqualTo("/root/.conf:/bin:");
    }

    @Test
    void platformArgsAreGlobalAndImportedByDeclaration() {
        BuildArgs args = build("TARGETOS", "freebsd");

        assertThat(args.globalEnv().names()).containsExactlyElementsOf(BuildArgs.PLATFORM_ARGS);
        assertThat(args.globalEnv().get("TARGETOS")).isEqualTo("freebsd");
        assertThat(args.globalEnv().get("BUILDARCH")).isEqualTo("amd64");
        BuildArgs.Stage stage = args.newStage(Env.empty());
        assertThat(stage.env().contains("TARGETARCH")).isFalse();
        stage.declare("TARGETARCH", null, LEX);
        assertThat(stage.env().get("TARGETARCH")).isEqualTo("arm");
        assertThat(args.unconsumed()).isEmpty();
    }

    @Test
    void undeclaredBuildArgsAreInvisibleAndReportedAsNotConsumed() {
        BuildArgs args = build("USED", "1", "UNUSED", "2", "ALSO_UNUSED", "3");
        args.newStage(Env.empty()).declare("USED", null, LEX);

        assertThat(args.globalEnv().contains("UNUSED")).isFalse();
        assertThat(args.unconsumed()).containsExactly("UNUSED", "ALSO_UNUSED");
        assertThat(args.unconsumedWarning())
                .contains("[Warning] One or more build-args [UNUSED ALSO_UNUSED] were not consumed");
    }

    @Test
    void aDeclarationAnywhereConsumesABuildArg() {
        BuildArgs args = build("G", "1", "S", "2");
        args.declareGlobal("G", null, LEX);
        args.newStage(Env.empty()).declare("S", null, LEX);

        assertThat(args.unconsumedWarning()).isEmpty();
    }

    @Test
    void envAfterArgWinsEverywhere() {
        BuildArgs args = build("V", "from-arg");
        BuildArgs.Stage stage = args.newStage(Env.empty());
        stage.declare("V", null, LEX);
        stage.setEnv("V", "from-env");

        assertThat(stage.env().get("V")).isEqualTo("from-env");
        assertThat(stage.imageEnv().get("V")).isEqualTo("from-env");
        assertThat(stage.historyArgs()).containsExactly("V=from-env");
    }

    @Test
    void argAfterEnvWinsForTheBuildButNotForTheImage() {
        BuildArgs args = build("V", "from-arg");
        BuildArgs.Stage stage = args.newStage(Env.fromList(List.of("V=from-base-image")));
        stage.declare("V", null, LEX);

        assertThat(stage.env().get("V")).isEqualTo("from-arg");
        assertThat(stage.imageEnv().get("V")).isEqualTo("from-base-image");
    }

    @Test
    void argsNeverReachTheImageConfig() {
        BuildArgs args = build();
        BuildArgs.Stage stage = args.newStage(Env.fromList(List.of("PATH=/bin")));
        stage.declare("A", "1", LEX);
        stage.setEnv("E", "2");

        assertThat(stage.imageEnv().toList()).containsExactly("PATH=/bin", "E=2");
        assertThat(stage.env().toList()).containsExactly("PATH=/bin", "A=1", "E=2");
    }

    @Test
    void anArgWithoutAnyValueIsDeclaredButUnset() {
        BuildArgs args = build();
        BuildArgs.Stage stage = args.newStage(Env.empty());
        BuildArgs.Declared d = stage.declare("NOTHING", null, LEX);

        assertThat(d.value()).isNull();
        assertThat(d.historyText()).isEqualTo("NOTHING");
        assertThat(stage.env().contains("NOTHING")).isFalse();
        assertThat(stage.historyArgs()).containsExactly("NOTHING=");
    }

    @Test
    void proxiesNeedNoDeclarationAndStayOutOfEnvironmentHistoryAndWarnings() {
        BuildArgs args = build("HTTP_PROXY", "http://user:pw@proxy:3128", "no_proxy", "localhost");
        BuildArgs.Stage stage = args.newStage(Env.empty());

        assertThat(stage.env().isEmpty()).isTrue();
        assertThat(stage.historyArgs()).isEmpty();
        assertThat(args.unconsumed()).isEmpty();
        assertThat(args.runProxyEnv().toList()).containsExactly("HTTP_PROXY=http://user:pw@proxy:3128",
                "http_proxy=http://user:pw@proxy:3128", "NO_PROXY=localhost", "no_proxy=localhost");
    }

    @Test
    void aDeclaredProxyIsAnOrdinaryArgument() {
        BuildArgs args = build("HTTP_PROXY", "http://proxy:3128");
        BuildArgs.Stage stage = args.newStage(Env.empty());
        stage.declare("HTTP_PROXY", null, LEX);

        assertThat(stage.env().get("HTTP_PROXY")).isEqualTo("http://proxy:3128");
        assertThat(stage.runHistoryPrefix()).isEqualTo("|1 HTTP_PROXY=http://proxy:3128");
    }

    @Test
    void proxyNamesMatchInAnyCaseAndEmptyValuesAreDropped() {
        BuildArgs args = build("Https_Proxy", "http://p", "FTP_PROXY", "");

        assertThat(args.runProxyEnv().toList()).containsExactly("HTTPS_PROXY=http://p", "https_proxy=http://p");
        assertThat(args.unconsumed()).containsExactly("Https_Proxy");
    }

    @Test
    void aStageBasedOnAStageInheritsItsArgsAndEnvironment() {
        BuildArgs args = build("A", "1");
        BuildArgs.Stage base = args.newStage(Env.empty());
        base.declare("A", null, LEX);
        base.setEnv("E", "x");
        BuildArgs.Stage child = args.newStage(base);
        child.declare("B", "2", LEX);

        assertThat(child.env().toList()).containsExactly("A=1", "E=x", "B=2");
        assertThat(child.runHistoryPrefix()).isEqualTo("|2 A=1 B=2");
        assertThat(base.args()).extracting(BuildArgs.Declared::name).containsExactly("A");
    }

    @Test
    void aRedeclaredArgIsListedOnceInTheHistory() {
        BuildArgs args = build();
        BuildArgs.Stage stage = args.newStage(Env.empty());
        stage.declare("A", "1", LEX);
        stage.declare("B", "2", LEX);
        stage.declare("A", "3", LEX);

        assertThat(stage.runHistoryPrefix()).isEqualTo("|2 A=3 B=2");
    }

    @Test
    void sbomScanArgsAreNeverEnvironmentVariables() {
        BuildArgs args = build("BUILDKIT_SBOM_SCAN_STAGE", "true");
        BuildArgs.Stage stage = args.newStage(Env.empty());

        assertThat(stage.declare("BUILDKIT_SBOM_SCAN_STAGE", null, LEX).value()).isEqualTo("true");
        assertThat(stage.env().isEmpty()).isTrue();
    }

    @Test
    void globalArgsComeBeforeTheFirstStage() {
        BuildArgs args = build();
        args.newStage(Env.empty());

        assertThatThrownBy(() -> args.declareGlobal("LATE", "x", LEX))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("declare global ARG LATE: a stage has already started");
    }

    @Test
    void aStageOfAnotherBuildIsRejected() {
        BuildArgs.Stage foreign = build().newStage(Env.empty());

        assertThatThrownBy(() -> build().newStage(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBadDefaultFailsWithTheExpansionError() {
        BuildArgs args = build();

        assertThatThrownBy(() -> args.newStage(Env.empty()).declare("X", "${REQUIRED:?set it}", LEX))
                .isInstanceOf(ExpansionException.class)
                .hasMessage("failed to process \"${REQUIRED:?set it}\": REQUIRED: set it");
        assertThatThrownBy(() -> build().declareGlobal("Y", "${", LEX)).isInstanceOf(ExpansionException.class);
    }
}

package dev.kiln.executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorCommandTest {

    @TempDir
    Path ctx;

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new ExecutorCommand(env::get), args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    private static ExecutorCommand parse(Map<String, String> env, String... args) {
        ExecutorCommand cmd = new ExecutorCommand(env::get);
        new picocli.CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    private Path dockerfile() throws IOException {
        return Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
    }

    @Test
    void helpExitsZeroAndListsKanikoFlags() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--destination", "--context", "--cache-repo", "--snapshot-mode", "--snapshotMode",
                "--custom-platform", "--customPlatform", "--tar-path", "--tarPath", "--registry-mirror", "--oci-layout-path");
    }

    @Test
    void unknownFlagExitsOneWithCobraStyleError() {
        Run r = run("--no-such-flag");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: Unknown option: '--no-such-flag'").contains("Usage: executor");
    }

    @Test
    void missingDestinationIsKanikosError() {
        Run r = run("--context", ctx.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("you must provide --destination, or use --no-push");
    }

    @Test
    void cacheWithNoPushNeedsACacheRepo() throws IOException {
        dockerfile();
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "--cache", "-c", ctx.toString()).validate())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("specify cache repo with --cache-repo");
    }

    @Test
    void dockerfileIsFoundRelativeToTheContext() throws IOException {
        Path df = dockerfile();
        ExecutorPlan plan = parse(Map.of(), "--no-push", "--context=" + ctx, "--dockerfile", "Dockerfile").validate();
        assertThat(plan.dockerfile()).isEqualTo(df.toAbsolutePath().toString());
    }

    @Test
    void dockerfileIsFoundInTheContextSubPathFirst() throws IOException {
        dockerfile();
        Path sub = Files.createDirectories(ctx.resolve("app"));
        Path inSub = Files.writeString(sub.resolve("Dockerfile"), "FROM scratch\n");
        ExecutorPlan plan = parse(Map.of(), "--no-push", "-c", ctx.toString(), "--context-sub-path", "app").validate();
        assertThat(plan.dockerfile()).isEqualTo(inSub.toAbsolutePath().toString());
    }

    @Test
    void dockerfileFallsBackToTheContextRootWithASubPath() throws IOException {
        Path df = dockerfile();
        Files.createDirectories(ctx.resolve("app"));
        ExecutorPlan plan = parse(Map.of(), "--no-push", "-c", ctx.toString(), "--context-sub-path", "app").validate();
        assertThat(plan.dockerfile()).isEqualTo(df.toAbsolutePath().toString());
    }

    @Test
    void zstdCompressionWithoutAnImageFormatBuildsOci() throws IOException {
        dockerfile();
        ExecutorCommand c = parse(Map.of(), "--no-push", "-c", ctx.toString(), "--compression=zstd");
        dev.kiln.engine.build.BuildRequest request = new BuildRunner(c.opts, c.buildFlags, c.validate(), Map.of()).request();
        assertThat(request.imageFormat()).contains(dev.kiln.engine.image.mutate.ImageFormat.OCI);
    }

    @Test
    void zstdCompressionWithTheDockerImageFormatIsRefused() throws IOException {
        dockerfile();
        ExecutorCommand c = parse(Map.of(), "--no-push", "-c", ctx.toString(), "--compression=zstd", "--image-format=docker");
        ExecutorPlan plan = c.validate();
        assertThatThrownBy(() -> new BuildRunner(c.opts, c.buildFlags, plan, Map.of()).request())
                .isInstanceOf(UsageException.class)
                .hasMessage("--compression=zstd needs --image-format=oci: Docker schema 2 has no zstd layer type");
    }

    @Test
    void dirContextPrefixIsAccepted() throws IOException {
        Path df = dockerfile();
        ExecutorPlan plan = parse(Map.of(), "--no-push", "-c", "dir://" + ctx).validate();
        assertThat(plan.dockerfile()).isEqualTo(df.toAbsolutePath().toString());
    }

    @Test
    void missingDockerfileNamesBothPlacesLookedAt() {
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "-c", ctx.toString(), "-f", "Nope").validate())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("please provide a valid path to a Dockerfile")
                .hasMessageContaining(ctx.resolve("Nope").toString());
    }

    @Test
    void bothSpellingsOfDeprecatedFlagsSetTheSameOption() throws IOException {
        dockerfile();
        ExecutorCommand old = parse(Map.of(), "--no-push", "-c", ctx.toString(), "--snapshotMode=redo",
                "--customPlatform", "linux/arm64", "--tarPath", "/tmp/x.tar");
        ExecutorCommand neu = parse(Map.of(), "--no-push", "-c", ctx.toString(), "--snapshot-mode=redo",
                "--custom-platform", "linux/arm64", "--tar-path", "/tmp/x.tar");
        for (ExecutorCommand c : new ExecutorCommand[]{old, neu}) {
            assertThat(c.opts.snapshotMode).isEqualTo("redo");
            assertThat(c.opts.registry.customPlatform).isEqualTo("linux/arm64");
            assertThat(c.opts.tarPath).isEqualTo("/tmp/x.tar");
        }
    }

    @Test
    void booleanFlagsTakeExplicitValuesAsPflagDoes() {
        ExecutorCommand c = parse(Map.of(), "--cache=true", "--cache-run-layers=false", "--ignore-var-run=false", "--no-push");
        assertThat(c.opts.cache).isTrue();
        assertThat(c.opts.cacheRunLayers).isFalse();
        assertThat(c.opts.ignoreVarRun).isFalse();
        assertThat(c.opts.noPush).isTrue();
    }

    @Test
    void kanikoDefaultsAreKept() {
        ExecutorCommand c = parse(Map.of());
        assertThat(c.opts.dockerfile).isEqualTo("Dockerfile");
        assertThat(c.opts.context).isEqualTo("/workspace/");
        assertThat(c.opts.cacheDir).isEqualTo("/cache");
        assertThat(c.opts.kanikoDir).isEqualTo("/kaniko");
        assertThat(c.opts.snapshotMode).as("unset: Kiln's exact mode").isNull();
        assertThat(c.opts.cacheTtl).isEqualTo("336h");
        assertThat(c.opts.compressedCaching).isTrue();
        assertThat(c.opts.cacheRunLayers).isTrue();
        assertThat(c.opts.ignoreVarRun).isTrue();
    }

    @Test
    void repeatedFlagsAccumulateAndBareBuildArgsComeFromTheEnvironment() throws IOException {
        dockerfile();
        ExecutorPlan plan = parse(Map.of("HTTP_PROXY", "http://proxy:3128"), "-c", ctx.toString(),
                "-d", "reg.local/a:1", "--destination=reg.local/a:2", "--build-arg", "A=1", "--build-arg", "HTTP_PROXY",
                "--build-arg", "EMPTY").validate();
        assertThat(plan.destinations()).containsExactly("reg.local/a:1", "reg.local/a:2");
        assertThat(plan.buildArgs()).containsEntry("A", "1").containsEntry("HTTP_PROXY", "http://proxy:3128")
                .containsEntry("EMPTY", "");
    }

    @Test
    void registryMirrorComesFromTheEnvironmentToo() throws IOException {
        dockerfile();
        ExecutorCommand c = parse(Map.of("KANIKO_REGISTRY_MIRROR", "mirror.local"), "--no-push", "-c", ctx.toString(),
                "--registry-mirror", "other.local");
        c.validate();
        assertThat(c.opts.registry.registryMirrors).containsExactly("other.local", "mirror.local");
    }

    @Test
    void badValuesAreNamed() throws IOException {
        dockerfile();
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "-c", ctx.toString(), "--snapshot-mode", "fast").validate())
                .hasMessageContaining("invalid --snapshot-mode \"fast\"");
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "-c", ctx.toString(), "--cache-ttl", "2 weeks").validate())
                .hasMessageContaining("invalid duration \"2 weeks\"");
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "-c", ctx.toString(), "--label", "novalue").validate())
                .hasMessageContaining("invalid --label \"novalue\": expected key=value");
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "-c", ctx.toString(), "--registry-client-cert", "r=/only/cert").validate())
                .hasMessageContaining("invalid --registry-client-cert");
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "-c", ctx.toString(), "--compression", "lz4").validate())
                .hasMessageContaining("invalid --compression \"lz4\"");
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "-c", ctx.toString(), "-v", "loud").call())
                .hasMessageContaining("invalid log level \"loud\"");
    }

    @Test
    void digestFilesNeedADestination() throws IOException {
        dockerfile();
        assertThatThrownBy(() -> parse(Map.of(), "--no-push", "-c", ctx.toString(), "--image-name-with-digest-file", "/tmp/d").validate())
                .hasMessage("you must provide --destination if setting ImageNameDigestFile");
    }

    @Test
    void aScratchBuildWritesTheLayoutTarballAndDigestFileAndExitsZero() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /a.txt\nCMD [\"/a.txt\"]\n");
        Files.writeString(ctx.resolve("a.txt"), "a\n");
        Path out = ctx.resolveSibling(ctx.getFileName() + "-out");
        Run r = run("--no-push", "-c", ctx.toString(), "--log-format", "text", "--kaniko-dir", out.resolve("work").toString(),
                "--oci-layout-path", out.resolve("layout").toString(), "--tar-path", out.resolve("image.tar").toString(),
                "--digest-file", out.resolve("digest").toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(out.resolve("layout/index.json")).exists();
        assertThat(out.resolve("image.tar")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("digest"))).startsWith("sha256:").hasSize(71);
    }

    @Test
    void aFailedBuildPrintsOneLineAndExitsNonZeroWritingNothing() throws IOException {
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY missing.txt /m\n");
        Path out = ctx.resolveSibling(ctx.getFileName() + "-out");
        Run r = run("--no-push", "-c", ctx.toString(), "--log-format", "text", "--kaniko-dir", out.resolve("work").toString(),
                "--oci-layout-path", out.resolve("layout").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("error building image: ").contains("missing.txt").contains("not found");
        assertThat(out.resolve("layout")).doesNotExist();
    }

    @Test
    void versionSubcommandPrintsTheVersion() {
        Run r = run("version");
        assertThat(r.code()).isZero();
    }

    @Test
    void versionLineIsKanikosWithKilnsName() {
        // kaniko: fmt.Println("Kaniko version : ", version.Version()) prints "Kaniko version :  v1.23.2"
        assertThat(run("version").out()).isEqualTo("Kiln version :  " + Version.current() + System.lineSeparator());
        assertThat(run("--version").out()).isEqualTo("Kiln version :  " + Version.current() + System.lineSeparator());
    }
}

package dev.kiln.warmer;

import dev.kiln.executor.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WarmerCommandTest {

    @TempDir
    Path dir;

    private static String[] run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new WarmerCommand(env::get), args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsKanikoWarmerFlags() {
        String[] r = run(Map.of(), "--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("--image", "--cache-dir", "--cache-ttl", "--force", "--dockerfile",
                "--custom-platform", "--customPlatform", "--registry-mirror", "--skip-tls-verify-pull");
    }

    @Test
    void noImageIsKanikosError() {
        String[] r = run(Map.of());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("You must select at least one image to cache");
    }

    @Test
    void missingDockerfileIsNamed() {
        String[] r = run(Map.of(), "--dockerfile", dir.resolve("Nope").toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains(dir.resolve("Nope").toString()).contains("does not exist");
    }

    @Test
    void shortFlagsAndGoDurationsAreAccepted() {
        WarmerCommand c = new WarmerCommand(k -> null);
        new picocli.CommandLine(c).parseArgs("-i", "busybox", "-i", "debian:12", "-c", dir.toString(), "-f",
                "--cache-ttl=6h", "--log-format", "text", "--customPlatform", "linux/arm64");
        c.validate();
        assertThat(c.images).containsExactly("busybox", "debian:12");
        assertThat(c.cacheDir).isEqualTo(dir.toString());
        assertThat(c.force).isTrue();
        assertThat(c.registry.customPlatform).isEqualTo("linux/arm64");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void dockerfileUrlIsNotCheckedAsAPath() {
        WarmerCommand c = new WarmerCommand(k -> null);
        new picocli.CommandLine(c).parseArgs("--dockerfile", "https://example.invalid/Dockerfile");
        c.validate();
    }

    @Test
    void malformedImageIsAUsageError() {
        String[] r = run(Map.of(), "-i", "Busybox:latest");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("Busybox:latest").contains("lowercase");
    }

    @Test
    void badPlatformIsNamed() {
        String[] r = run(Map.of(), "-i", "busybox", "--custom-platform", "linux//arm64");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("invalid platform \"linux//arm64\"");
    }

    @Test
    void badTtlIsNamed() {
        String[] r = run(Map.of(), "-i", "busybox", "--cache-ttl", "forever");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("invalid duration \"forever\"");
    }
}

package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.instruction.Add;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests made from parsed instructions carry their words, flags and line into a real copy. */
class CopyRequestTest {

    @TempDir
    Path base;

    private static Dockerfile parse(String text) {
        return Dockerfile.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aParsedCopyWithAHeredocAndFlagsIsCarriedOut() throws IOException {
        Dockerfile df = parse("FROM scratch\nCOPY --chmod=755 --exclude=*.md a.txt <<run.sh /bin/\n#!/bin/sh\nrun.sh\n");
        Copy copy = df.instructions().stream().filter(Copy.class::isInstance).map(Copy.class::cast).findFirst().orElseThrow();
        CopyRequest r = CopyRequest.forCopy(copy, "/");
        assertThat(r.kind()).isEqualTo(CopyRequest.Kind.COPY);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.sources()).containsExactly("a.txt");
        assertThat(r.inline()).hasSize(1);
        assertThat(r.chmod()).contains("755");
        assertThat(r.excludes()).containsExactly("*.md");

        Path ctx = Files.createDirectory(base.resolve("ctx"));
        Fs.file(ctx, "a.txt", "A", 0644);
        Path root = Files.createDirectory(base.resolve("rootfs"));
        new CopyOperation(CopyOptions.defaults().withScratch(base.resolve("scratch")))
                .apply(r, CopySource.context(LocalContext.of(ctx, DockerIgnore.none())), root);
        assertThat(Fs.entry(root.resolve("bin/a.txt"))).isEqualTo("file 0755 0:0 \"A\"");
        assertThat(Fs.entry(root.resolve("bin/run.sh"))).isEqualTo("file 0755 0:0 \"#!/bin/sh\n\"");
    }

    @Test
    void aParsedAddKeepsItsAddOnlyFlags() {
        Dockerfile df = parse("FROM scratch\n\nADD --keep-git-dir=true --unpack=false --checksum=abc https://h/r.git /src\n");
        Add add = df.instructions().stream().filter(Add.class::isInstance).map(Add.class::cast).findFirst().orElseThrow();
        CopyRequest r = CopyRequest.forAdd(add, "/work");
        assertThat(r.kind()).isEqualTo(CopyRequest.Kind.ADD);
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.keepGitDir()).isEqualTo(Optional.of(true));
        assertThat(r.unpack()).isEqualTo(Optional.of(false));
        assertThat(r.checksum()).contains("abc");
        assertThat(r.sources()).isEqualTo(List.of("https://h/r.git"));
        assertThat(r.workdir()).isEqualTo("/work");
    }
}

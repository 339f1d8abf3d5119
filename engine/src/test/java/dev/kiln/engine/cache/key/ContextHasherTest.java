package dev.kiln.engine.cache.key;

import static dev.kiln.engine.cache.key.KeyFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextHasherTest {

    @TempDir
    Path dir;

    @Test
    void eachFileIsReadOnceHoweverOftenItIsCopied() throws IOException {
        write(dir.resolve("app/a"), "a");
        write(dir.resolve("app/lib/b"), "b");
        ContextHasher hasher = new ContextHasher(LocalContext.of(dir, DockerIgnore.none()));
        byte[] first = hasher.tree("app", List.of());
        assertThat(hasher.tree("/app/", List.of())).isEqualTo(first); // another spelling, the same files
        hasher.tree("/app/lib", List.of());
        hasher.tree("app", List.of("lib"));
        assertThat(hasher.tree("app", List.of())).isEqualTo(first);
        assertThat(hasher.filesRead()).isEqualTo(2);
    }

    @Test
    void wildcardsMatchAsCopyDoesAndFollowALinkedPrefix() throws IOException {
        write(dir.resolve("src/x.go"), "");
        write(dir.resolve("src/y.txt"), "");
        write(dir.resolve("src/sub/z.go"), "");
        Files.createSymbolicLink(dir.resolve("code"), Path.of("src"));
        ContextHasher hasher = new ContextHasher(LocalContext.of(dir, DockerIgnore.none()));
        assertThat(hasher.matches("src/*.go")).containsExactly("/src/x.go");
        assertThat(hasher.matches("code/*/*.go")).containsExactly("/src/sub/z.go");
        assertThat(hasher.matches("./src/../src/y.txt")).containsExactly("/src/y.txt");
        assertThat(hasher.matches("missing/*.go")).containsExactly("/missing");
    }
}

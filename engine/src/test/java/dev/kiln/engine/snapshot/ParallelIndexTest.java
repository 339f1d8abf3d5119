package dev.kiln.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.fs.Posix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work-stealing walk records exactly what a walk on one thread records. */
class ParallelIndexTest {

    @TempDir
    Path root;

    @Test
    void parallelIndexEqualsSequentialIndexOnARandomTree() throws Exception {
        Random random = new Random(20241127L);
        List<Path> dirs = new ArrayList<>(List.of(root));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Path parent = dirs.get(random.nextInt(dirs.size()));
            Path p = parent.resolve("n" + i);
            switch (random.nextInt(10)) {
                case 0, 1 -> dirs.add(Files.createDirectory(p));
                case 2 -> Files.createSymbolicLink(p, Path.of("../t" + random.nextInt(100)));
                case 3 -> {
                    if (!files.isEmpty()) {
                        Files.createLink(p, files.get(random.nextInt(files.size())));
                    }
                }
                default -> {
                    byte[] content = new byte[random.nextInt(3000)];
                    random.nextBytes(content);
                    files.add(Files.write(p, content));
                    Posix.chmod(p, random.nextInt(010000));
                }
            }
        }
        IndexOptions opts = new IndexOptions(SnapshotMode.FULL,
                IgnoreList.of(List.of(IgnoreList.Rule.pathAndBelow(root.relativize(dirs.get(5)).toString()
                        .transform(s -> "/" + s), "test"))), 1, Duration.ZERO);
        Index sequential = Index.build(root, opts);
        Index parallel = Index.build(root, opts.withParallelism(4));
        assertThat(sequential.size()).isGreaterThan(2000);
        assertThat(parallel.entries()).isEqualTo(sequential.entries());
        assertThat(ChangeDetector.diff(sequential, parallel).isEmpty()).isTrue();
    }
}

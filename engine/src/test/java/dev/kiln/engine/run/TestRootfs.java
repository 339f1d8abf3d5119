package dev.kiln.engine.run;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.layer.extract.LayerExtractor;
import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.image.BaseImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test fixtures: a busybox rootfs extracted with Kiln's own extractor, output collection, host probes. */
final class TestRootfs {

    private TestRootfs() {}

    /** Skips unless the JVM runs as root (every RUN needs it). */
    static void assumeRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "RUN isolation tests need root");
    }

    /** The busybox image's rootfs, extracted into {@code dir/rootfs}. */
    static Path busybox(Path dir) throws IOException {
        Image image = OciLayout.open(BaseImages.busyboxLayout(Arch.AMD64)).image(BaseImages.TAG);
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        LayerExtractor extractor = new LayerExtractor();
        for (Layer layer : image.layers()) {
            try (InputStream in = layer.openCompressed()) {
                extractor.extract(layer.digest(), in, root);
            }
        }
        return root;
    }

    /** Adds users {@code app} (1000, home /home/app, groups audio and video) and {@code other} (1001). */
    static void addUsers(Path root) throws IOException {
        Files.writeString(root.resolve("etc/passwd"), "app:x:1000:1000:app:/home/app:/bin/sh\n"
                + "other:x:1001:1001::/home/other:/bin/sh\n", StandardOpenOption.APPEND);
        Files.writeString(root.resolve("etc/group"), "app:x:1000:\nother:x:1001:\naudio:x:29:app\n"
                + "video:x:44:other,app\n", StandardOpenOption.APPEND);
        Files.createDirectories(root.resolve("home/app"));
    }

    /** The host's mount table as this process sees it. */
    static List<String> mountinfo() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"));
    }

    /** Pids of live (non-zombie) processes whose root directory is {@code root}. */
    static List<Long> processesIn(Path root) throws IOException {
        Path real = root.toRealPath();
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (Files.readSymbolicLink(p.resolve("root")).equals(real)) {
                        found.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | SecurityException e) {
                    // gone, a zombie, or not ours to read
                }
            }
        }
        return found;
    }

    /** An {@link OutputSink} that keeps every line. */
    static final class Collector implements OutputSink {
        final List<OutputLine> lines = new CopyOnWriteArrayList<>();

        @Override
        public void accept(OutputLine line) {
            lines.add(line);
        }

        List<String> stdout() {
            return lines.stream().filter(l -> l.stream() == OutputLine.Stream.STDOUT).map(OutputLine::text).toList();
        }

        List<String> stderr() {
            return lines.stream().filter(l -> l.stream() == OutputLine.Stream.STDERR).map(OutputLine::text).toList();
        }
    }

    /** Runs and waits (bounded), so a hang fails the test instead of the build. */
    static RunResult run(Isolation isolation, Path root, RunSpec spec, OutputSink sink) throws Exception {
        return isolation.start(root, spec, sink).result().toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS);
    }

    /** {@link #run(Isolation, Path, RunSpec, OutputSink)} of a builder's spec. */
    static RunResult run(Isolation isolation, Path root, RunSpec.Builder spec, OutputSink sink) throws Exception {
        return run(isolation, root, spec.build(), sink);
    }

    /** The entries of a directory, by name. */
    static Set<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return Set.copyOf(s.map(p -> p.getFileName().toString()).toList());
        }
    }
}

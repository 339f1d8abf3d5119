package dev.kiln.benchmarks;

import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import dev.kiln.engine.dockerfile.plan.Plan;
import dev.kiln.engine.dockerfile.plan.PlanOptions;
import dev.kiln.engine.dockerfile.plan.Planner;
import dev.kiln.engine.oci.Platform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Dockerfile frontend on a realistic ~100-line multi-stage file (Go, Node and Debian stages, global ARGs,
 * heredocs, cache and secret mounts, {@code COPY --from}): parsing alone, and parsing plus planning as a
 * build does before it starts. Both run once per build, so anything under a millisecond is noise next to a
 * registry round trip; the benchmark guards against accidental super-linear behaviour.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DockerfileParseBenchmark {

    byte[] dockerfile;
    PlanOptions options;

    @Setup
    public void setUp() {
        try (InputStream in = DockerfileParseBenchmark.class.getResourceAsStream("multistage.Dockerfile")) {
            if (in == null) {
                throw new IllegalStateException("multistage.Dockerfile is missing from the benchmark jar");
            }
            dockerfile = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        options = PlanOptions.of(Platform.of("linux", "arm64", "v8"), Platform.of("linux", "amd64"))
                .withBuildArgs(Map.of("VERSION", "1.4.2", "COMMIT", "0123abc", "GO_VERSION", "1.23"));
    }

    /** Parser and instruction pass: bytes to typed instructions with build-check warnings. */
    @Benchmark
    public Dockerfile parse() {
        return Dockerfile.parse("Dockerfile", dockerfile);
    }

    /** Parsing plus planning: stages, graph, target, scopes of every step. */
    @Benchmark
    public Plan parseAndPlan() {
        return Planner.plan(Dockerfile.parse("Dockerfile", dockerfile), options);
    }
}

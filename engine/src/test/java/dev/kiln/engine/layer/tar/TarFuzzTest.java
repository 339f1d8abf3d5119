package dev.kiln.engine.layer.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.layer.ExtractException;
import dev.kiln.engine.layer.Trees;
import dev.kiln.engine.layer.compress.Compression;
import dev.kiln.engine.layer.extract.ExtractOptions;
import dev.kiln.engine.layer.extract.LayerExtractor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of {@link TarReader} and of the extractor on top of it: valid archives from
 * {@link FuzzSeeds} are damaged by {@link TarMutator} (header bytes, numeric fields in octal and base-256,
 * typeflags, names, magic and prefix, lying PAX and GNU extension headers, duplicated, swapped, deleted
 * and inserted blocks, truncation, trailing garbage; checksums usually fixed up so the damage reaches the
 * parser) and fed to the reader and to {@link LayerExtractor}, plain or compressed. The only acceptable
 * outcomes are a clean read or the project's typed exception (the crashes it found are fixed and kept in
 * {@link FormerCrash}); the extractor must also leave a sentinel
 * directory next to the rootfs exactly as it was. The timeout is a hang guard, not a speed assertion.
 *
 * <p>Cases are a function of the seed and their number (and, for the hostile seeds, of the bytes of the
 * test's temporary path, padded to a fixed length): a failure names both and its mutations and saves its
 * input under {@code target/tar-fuzz-failures}; replay one with {@code -Dkiln.fuzz.seed=S
 * -Dkiln.fuzz.only=N}, run more with {@code -Dkiln.fuzz.cases=N}.
 */
class TarFuzzTest {

    static final long SEED = Long.getLong("kiln.fuzz.seed", 0x6b696c6eL);
    static final int CASES = Integer.getInteger("kiln.fuzz.cases", 4000);
    static final int ONLY = Integer.getInteger("kiln.fuzz.only", -1);
    static final Duration HANG_GUARD = Duration.ofMinutes(3);
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** One fuzz input; {@code compression} and {@code damageCompressed} only matter to the extractor. */
    record Case(int index, String seed, String mutations, byte[] tar, TarLimits limits, Compression compression,
                boolean damageCompressed, Random random) {
        @Override
        public String toString() {
            return "case " + index + " (seed " + SEED + ") from " + seed + " [" + mutations + "], " + tar.length
                    + " bytes, " + limits + ", " + compression + (damageCompressed ? " damaged" : "");
        }
    }

    static Case newCase(int index, List<FuzzSeeds.Seed> seeds) {
        Random r = new Random(SEED * 1_000_003L + index);
        FuzzSeeds.Seed seed = seeds.get(r.nextInt(seeds.size()));
        TarMutator m = new TarMutator(r);
        byte[] tar = r.nextInt(20) == 0 ? seed.tar() : m.mutate(seed.tar());
        TarLimits limits = r.nextInt(4) == 0 ? new TarLimits(512 + r.nextInt(4096), 100 + r.nextInt(300)) : TarLimits.DEFAULT;
        Compression c = switch (r.nextInt(10)) {
            case 0 -> Compression.GZIP;
            case 1 -> Compression.ZSTD;
            default -> Compression.NONE;
        };
        return new Case(index, seed.name(), m.log(), tar, limits, c, r.nextBoolean(), r);
    }

    static IntStream cases(int count) {
        return ONLY >= 0 ? IntStream.of(ONLY) : IntStream.range(0, count);
    }

    @Test
    void everySeedIsAValidArchive() throws IOException {
        for (FuzzSeeds.Seed seed : FuzzSeeds.all("/tmp/kfz-sentinel")) {
            TarReader r = new TarReader(new ByteArrayInputStream(seed.tar()), TarLimits.DEFAULT);
            int entries = 0;
            while (r.next() != null) {
                r.content().transferTo(OutputStream.nullOutputStream());
                entries++;
            }
            assertThat(entries).as(seed.name()).isGreaterThanOrEqualTo(5);
            assertThat(TarMutator.headers(seed.tar())).as(seed.name()).hasSizeGreaterThanOrEqualTo(entries);
        }
    }

    @Test
    void mutatedArchivesAreReadOrRefusedWithATarException() {
        outcomes();
    }

    @Test
    void mutationsReachEveryKindOfReaderErrorAndLeaveSomeArchivesReadable() {
        assumeTrue(ONLY < 0 && CASES >= 1000, "coverage is judged on full runs only");
        Map<String, Integer> outcomes = outcomes();
        System.out.println("tar fuzz, reader outcomes of " + CASES + " cases (seed " + SEED + "): " + outcomes);
        assertThat(outcomes).containsKeys("read", "TRUNCATED", "MALFORMED", "TOO_LARGE", "UNSUPPORTED");
        assertThat(outcomes.get("read")).as("%s", outcomes).isGreaterThan(CASES / 10);
        assertThat(outcomes.get("MALFORMED")).as("%s", outcomes).isLessThan(CASES * 3 / 4);
    }

    @Test
    void formerCrashesAreNowMalformedArchiveErrors() {
        for (FormerCrash crash : FormerCrash.values()) {
            for (byte[] tar : crash.reproducers()) {
                assertThatThrownBy(() -> FormerCrash.readAll(tar, crash.limits()))
                        .as("FormerCrash.%s", crash)
                        .isInstanceOf(TarException.class);
            }
        }
    }

    /** Runs every reader case; fails on anything but a clean read or a TarException. Returns outcome counts. */
    private static Map<String, Integer> outcomes() {
        List<FuzzSeeds.Seed> seeds = FuzzSeeds.all("/tmp/kfz-sentinel");
        Map<String, Integer> counts = new java.util.TreeMap<>();
        Case[] current = new Case[1];
        assertTimeoutPreemptively(HANG_GUARD, () -> cases(CASES).forEach(i -> {
            Case c = newCase(i, seeds);
            current[0] = c;
            String outcome;
            try {
                read(c);
                outcome = "read";
            } catch (TarException e) {
                assertThat(e.getMessage()).as("%s", c).isNotBlank();
                outcome = e.kind().name();
            } catch (Throwable t) {
                throw new AssertionError("reader threw " + t + " in " + FormerCrash.thrower(t) + " for " + c
                        + "; input saved as " + save(c, c.tar()), t);
            }
            counts.merge(outcome, 1, Integer::sum);
        }), () -> "reader hangs in " + current[0]);
        return counts;
    }

    /** Reads every entry, consuming content by skipping, in bulk or a byte at a time (chosen by the case). */
    private static void read(Case c) throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(c.tar()), c.limits());
        int style = c.index() % 3;
        byte[] buf = new byte[700];
        while (r.next() != null) {
            InputStream content = r.content();
            if (style == 1) {
                while (content.read(buf, 0, buf.length) >= 0) {
                    // drain
                }
            } else if (style == 2) {
                for (int k = 0; k < 1000 && content.read() >= 0; k++) {
                    // drain a byte at a time, the rest is skipped by next()
                }
            }
        }
        assertThat(r.next()).isNull();
    }

    @Test
    void extractingMutatedLayersFailsOnlyWithExtractExceptionsAndNeverWritesOutsideTheRootfs(@TempDir Path base)
            throws IOException {
        Path sentinel = Files.createDirectory(base.resolve("sentinel"));
        Files.writeString(sentinel.resolve("canary"), "precious");
        Files.createDirectory(sentinel.resolve("dir"));
        Files.writeString(sentinel.resolve("dir/inner"), "also precious");
        SortedMap<String, Trees.Node> before = Trees.snapshot(sentinel);
        Trees.Node sentinelNode = Trees.node(sentinel);
        List<FuzzSeeds.Seed> seeds = FuzzSeeds.all(sentinel.toString());
        Map<ExtractException.Reason, Integer> reasons = new EnumMap<>(ExtractException.Reason.class);
        int[] extracted = new int[1];
        int[] rerooted = new int[1]; // cases where an escaping link or name landed in <rootfs>/sentinel instead
        Case[] current = new Case[1];
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int i : cases(CASES / 2).toArray()) {
                Case c = newCase(i, seeds);
                current[0] = c;
                Path rootfs = Files.createDirectory(base.resolve("rootfs"));
                byte[] blob = blob(c);
                ExtractOptions options = ExtractOptions.DEFAULT.withLimits(c.limits())
                        .withPreserveOwnership(ROOT).withComputeDigests(i % 2 == 0);
                try {
                    new LayerExtractor(options).extract("fuzz-" + i, new ByteArrayInputStream(blob), rootfs);
                    extracted[0]++;
                } catch (ExtractException e) {
                    assertThat(e.getMessage()).as("%s", c).startsWith("extract layer fuzz-" + i + ": ");
                    reasons.merge(e.reason(), 1, Integer::sum);
                } catch (Throwable t) {
                    throw new AssertionError("extractor threw " + t + " in " + FormerCrash.thrower(t) + " for " + c
                            + "; input saved as " + save(c, blob), t);
                }
                if (Files.isDirectory(rootfs.resolve("sentinel"), LinkOption.NOFOLLOW_LINKS)) {
                    rerooted[0]++;
                }
                assertThat(Trees.snapshot(sentinel)).as("sentinel after %s", c).isEqualTo(before);
                assertThat(Trees.node(sentinel)).as("sentinel after %s", c).isEqualTo(sentinelNode);
                assertThat(Posix.statx(sentinel.resolve("canary")).nlink()).as("canary links after %s", c).isEqualTo(1);
                try (Stream<Path> s = Files.list(base)) {
                    assertThat(s.map(p -> p.getFileName().toString())).as("beside the rootfs after %s", c)
                            .containsExactlyInAnyOrder("rootfs", "sentinel");
                }
                delete(rootfs);
            }
        }, () -> "extractor hangs in " + current[0]);
        System.out.println("tar fuzz, extractor: " + extracted[0] + " extracted, " + rerooted[0] + " with escapes"
                + " re-rooted, refused " + reasons + " (seed " + SEED + ")");
        assertThat(Path.of("/kfz-pwned")).doesNotExist(); // targets of HOSTILE_NAMES, had they escaped
        assertThat(Path.of("/tmp/kfz-pwned")).doesNotExist();
        if (ONLY < 0 && CASES >= 1000) { // coverage is judged on full runs only
            assertThat(extracted[0]).as("%s", reasons).isGreaterThan(CASES / 40);
            assertThat(rerooted[0]).as("escapes neutralised inside the rootfs").isGreaterThan(CASES / 100);
            assertThat(reasons).containsKeys(ExtractException.Reason.MALFORMED, ExtractException.Reason.TRUNCATED,
                    ExtractException.Reason.UNSAFE_PATH);
        }
    }

    /**
     * Saves a failing input under {@code target/tar-fuzz-failures} for an exact replay (the hostile seeds
     * hold the test's temporary path, so a rerun with the same seed has the same layout but not always
     * the same bytes). Returns the path, or why it could not be saved.
     */
    private static String save(Case c, byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "tar-fuzz-failures"));
            return Files.write(dir.resolve("seed-" + SEED + "-case-" + c.index() + ".bin"), input).toAbsolutePath().toString();
        } catch (IOException e) {
            return "(not saved: " + e + ")";
        }
    }

    /** The case's tar, compressed if the case says so, and then maybe damaged (a flipped byte or a cut). */
    private static byte[] blob(Case c) throws IOException {
        if (c.compression() == Compression.NONE) {
            return c.tar();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = c.compression().compress(out, 1)) {
            z.write(c.tar());
        }
        byte[] blob = out.toByteArray();
        if (!c.damageCompressed() || blob.length < 8) {
            return blob;
        }
        Random r = c.random();
        if (r.nextBoolean()) {
            return Arrays.copyOf(blob, 4 + r.nextInt(blob.length - 4));
        }
        blob[2 + r.nextInt(blob.length - 2)] ^= (byte) (1 + r.nextInt(255));
        return blob;
    }

    /** Removes a tree without following links, opening up directories a layer made unwritable. */
    private static void delete(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

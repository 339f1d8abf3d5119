package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tool.Buildah;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same COPY/ADD steps built by buildah (FROM scratch, then {@code buildah mount}) and by Kiln on an
 * empty rootfs, compared entry by entry: type, mode, owner, content, link target and file mtimes.
 *
 * <p>Differences found, where Kiln follows BuildKit: buildah creates the missing parents of
 * {@code COPY --chmod=0640 f /o1/o2/a} 0755 (BuildKit, and Kiln, give them the octal mode), and gives a
 * directory created by {@code COPY dir /out} the time of the build (BuildKit, and Kiln, the source
 * directory's mtime). In an {@code ADD}ed archive buildah drops {@code .wh.} files (BuildKit's
 * {@code Untar} has no whiteout converter and extracts them as ordinary files) and writes a 0640 entry
 * as 0644 (BuildKit chmods every entry to its header's mode). buildah 1.28 also rejects symbolic
 * {@code --chmod} values, so none is compared.
 */
@RequiresTools(Tool.BUILDAH)
class BuildahCopyIT {

    static final List<String> STEPS = List.of(
            "COPY a.txt /f1",
            "COPY dir /out",
            "COPY --chown=42:43 a.txt /co/in/",
            "COPY --chmod=0640 a.txt /o1/o2/a",
            "COPY link-to-a /la",
            "COPY *.txt /w/",
            "COPY --chown=7 dir/sub /sub",
            "ADD archive.tar.gz /t/");

    @TempDir
    Path base;

    @Test
    void kilnMatchesBuildahExceptWhereBuildKitDiffers() throws Exception {
        Path ctx = Files.createDirectory(base.resolve("ctx"));
        Fs.file(ctx, "a.txt", "A", 0644);
        Fs.file(ctx, "b.txt", "B", 0600);
        Fs.dir(ctx, "dir", 0750);
        Fs.file(ctx, "dir/x", "X", 0640);
        Fs.dir(ctx, "dir/sub", 0700);
        Fs.file(ctx, "dir/sub/y", "Y", 0755);
        Fs.link(ctx, "dir/inner", "../a.txt");
        Fs.link(ctx, "link-to-a", "a.txt");
        Files.write(ctx.resolve("archive.tar.gz"), AddArchiveTest.compress("gz", AddArchiveTest.tar()));
        Fs.settle(ctx);
        Files.writeString(base.resolve("Dockerfile"), "FROM scratch\n" + String.join("\n", STEPS) + "\n");

        Path kiln = Files.createDirectory(base.resolve("kiln"));
        CopyOperation op = new CopyOperation(CopyOptions.defaults().withScratch(base.resolve("scratch")));
        LocalContext context = LocalContext.of(ctx, DockerIgnore.none());
        op.apply(CopyRequest.builder(CopyRequest.Kind.COPY).source("a.txt").destination("/f1").build(), CopySource.context(context), kiln);
        op.apply(CopyRequest.builder(CopyRequest.Kind.COPY).source("dir").destination("/out").build(), CopySource.context(context), kiln);
        op.apply(CopyRequest.builder(CopyRequest.Kind.COPY).source("a.txt").chown("42:43").destination("/co/in/").build(),
                CopySource.context(context), kiln);
        op.apply(CopyRequest.builder(CopyRequest.Kind.COPY).source("a.txt").chmod("0640").destination("/o1/o2/a").build(),
                CopySource.context(context), kiln);
        op.apply(CopyRequest.builder(CopyRequest.Kind.COPY).source("link-to-a").destination("/la").build(), CopySource.context(context), kiln);
        op.apply(CopyRequest.builder(CopyRequest.Kind.COPY).source("*.txt").destination("/w/").build(), CopySource.context(context), kiln);
        op.apply(CopyRequest.builder(CopyRequest.Kind.COPY).source("dir/sub").chown("7").destination("/sub").build(),
                CopySource.context(context), kiln);
        op.apply(CopyRequest.builder(CopyRequest.Kind.ADD).source("archive.tar.gz").destination("/t/").build(),
                CopySource.context(context), kiln);

        Path theirs;
        try (Buildah buildah = Buildah.create()) {
            buildah.bud(ctx).file(base.resolve("Dockerfile")).tag("localhost/kiln-copy-compare:latest").run();
            String container = buildah.run("from", "localhost/kiln-copy-compare:latest").orThrow().stdout().strip();
            Path mount = Path.of(buildah.run("mount", container).orThrow().stdout().strip());
            theirs = base.resolve("buildah");
            copyTree(mount, theirs);
        }

        SortedMap<String, String> ours = Fs.describe(kiln);
        SortedMap<String, String> buildahs = Fs.describe(theirs);
        // path -> {buildah's value (null: absent), Kiln's = BuildKit's value}
        Map<String, String[]> known = Map.of(
                "/o1", new String[] {"dir 0755 0:0", "dir 0640 0:0"},
                "/o1/o2", new String[] {"dir 0755 0:0", "dir 0640 0:0"},
                "/t/.wh.gone", new String[] {null, "file 0644 7:8 \"\""},
                "/t/d/f", new String[] {"file 0644 7:8 \"F\"", "file 0640 7:8 \"F\""},
                "/t/d/h", new String[] {"file 0644 7:8 \"F\"", "file 0640 7:8 \"F\""});
        SortedMap<String, String> expected = new TreeMap<>(buildahs);
        known.forEach((path, values) -> {
            assertThat(buildahs.get(path)).as("buildah's " + path).isEqualTo(values[0]);
            expected.put(path, values[1]);
        });
        assertThat(ours).isEqualTo(expected);
        for (String path : ours.keySet()) {
            Path k = kiln.resolve(path.substring(1));
            Path b = theirs.resolve(path.substring(1));
            boolean compared = Fs.entry(k).startsWith("file") || path.equals("/out/sub") || path.equals("/t/d");
            if (compared && Files.exists(b, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // buildah's layers carry whole seconds; Kiln's rootfs keeps the nanoseconds of the source
                assertThat(Fs.mtime(k).truncatedTo(ChronoUnit.SECONDS)).as("mtime of " + path).isEqualTo(Fs.mtime(b));
            }
        }
        assertThat(Fs.mtime(kiln.resolve("out"))).as("BuildKit keeps the source directory's mtime").isEqualTo(Fs.T0);
    }

    /** Copies buildah's mount with {@code cp -a}, keeping owners, modes and times, before the store is removed. */
    private static void copyTree(Path from, Path to) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cp", "-a", from + "/.", to.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("cp -a " + from + " " + to + ": " + out);
        }
    }
}

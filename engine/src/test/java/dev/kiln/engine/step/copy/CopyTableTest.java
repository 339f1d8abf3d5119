package dev.kiln.engine.step.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.context.DockerIgnore;
import dev.kiln.engine.context.LocalContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * COPY from the build context, case by case, against the tree BuildKit's documented rules produce. Each case
 * names the destination subtree it owns; the whole subtree (paths, types, modes, owners, contents, link
 * targets) must equal the expectation.
 */
class CopyTableTest {

    @TempDir
    Path base;
    Path ctx;
    Path root;

    /** One COPY and the tree expected under {@code prefix}. */
    record Case(String name, String prefix, UnaryOperator<CopyRequest.Builder> request, Map<String, String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("file to file", "/f1", b -> b.source("a.txt").destination("/f1"),
                        Map.of("/f1", "file 0644 0:0 \"A\"")),
                new Case("file into a directory named with a slash", "/d1", b -> b.source("a.txt").destination("/d1/"),
                        Map.of("/d1", "dir 0755 0:0", "/d1/a.txt", "file 0644 0:0 \"A\"")),
                new Case("file into an existing directory without slash", "/existing",
                        b -> b.source("a.txt").destination("/existing"),
                        Map.of("/existing", "dir 0711 500:600", "/existing/a.txt", "file 0644 0:0 \"A\"")),
                new Case("missing parents are created 0755", "/p1", b -> b.source("b.txt").destination("/p1/p2/b"),
                        Map.of("/p1", "dir 0755 0:0", "/p1/p2", "dir 0755 0:0", "/p1/p2/b", "file 0600 0:0 \"B\"")),
                new Case("a directory copies its contents", "/out", b -> b.source("dir").destination("/out"),
                        Map.of("/out", "dir 0755 0:0", "/out/x", "file 0640 0:0 \"X\"", "/out/sub", "dir 0700 0:0",
                                "/out/sub/y", "file 0644 0:0 \"Y\"", "/out/inner", "link 0:0 -> ../a.txt")),
                new Case("trailing slash and /. on the source change nothing", "/out2",
                        b -> b.source("dir/.").destination("/out2/"),
                        Map.of("/out2", "dir 0755 0:0", "/out2/x", "file 0640 0:0 \"X\"", "/out2/sub", "dir 0700 0:0",
                                "/out2/sub/y", "file 0644 0:0 \"Y\"", "/out2/inner", "link 0:0 -> ../a.txt")),
                new Case("star wildcard", "/w", b -> b.source("*.txt").destination("/w/"),
                        Map.of("/w", "dir 0755 0:0", "/w/a.txt", "file 0644 0:0 \"A\"", "/w/b.txt", "file 0600 0:0 \"B\"")),
                new Case("question mark and class wildcards", "/q", b -> b.source("[ab].tx?").destination("/q/"),
                        Map.of("/q", "dir 0755 0:0", "/q/a.txt", "file 0644 0:0 \"A\"", "/q/b.txt", "file 0600 0:0 \"B\"")),
                new Case("wildcard in a middle component", "/n", b -> b.source("dir/*/y").destination("/n/"),
                        Map.of("/n", "dir 0755 0:0", "/n/y", "file 0644 0:0 \"Y\"")),
                new Case("several sources into a directory", "/m", b -> b.source("a.txt").source("run.sh").destination("/m/"),
                        Map.of("/m", "dir 0755 0:0", "/m/a.txt", "file 0644 0:0 \"A\"", "/m/run.sh", "file 0755 0:0 \"#!\"")),
                new Case("several directories merge without a slash", "/merged",
                        b -> b.source("dir").source("dir2").destination("/merged"),
                        Map.of("/merged", "dir 0755 0:0", "/merged/x", "file 0640 0:0 \"X\"", "/merged/sub", "dir 0700 0:0",
                                "/merged/sub/y", "file 0644 0:0 \"Y\"", "/merged/inner", "link 0:0 -> ../a.txt",
                                "/merged/z", "file 0644 0:0 \"Z\"")),
                new Case("destination relative to WORKDIR", "/app",
                        b -> b.source("a.txt").destination("rel/").workdir("/app"),
                        Map.of("/app", "dir 0755 0:0", "/app/rel", "dir 0755 0:0", "/app/rel/a.txt", "file 0644 0:0 \"A\"")),
                new Case("dot is the WORKDIR as a directory", "/app",
                        b -> b.source("a.txt").destination(".").workdir("/app"),
                        Map.of("/app", "dir 0755 0:0", "/app/a.txt", "file 0644 0:0 \"A\"")),
                new Case("source climbing out of the context is cleaned", "/c1", b -> b.source("../../a.txt").destination("/c1"),
                        Map.of("/c1", "file 0644 0:0 \"A\"")),
                new Case("a symlink given as source is followed", "/la", b -> b.source("link-to-a").destination("/la"),
                        Map.of("/la", "file 0644 0:0 \"A\"")),
                new Case("a symlink to a directory given as source copies the directory", "/ld",
                        b -> b.source("link-to-dir").destination("/ld/"),
                        Map.of("/ld", "dir 0755 0:0", "/ld/x", "file 0640 0:0 \"X\"", "/ld/sub", "dir 0700 0:0",
                                "/ld/sub/y", "file 0644 0:0 \"Y\"", "/ld/inner", "link 0:0 -> ../a.txt")),
                new Case("an absolute symlink resolves inside the context", "/abs", b -> b.source("abs-link").destination("/abs"),
                        Map.of("/abs", "file 0644 0:0 \"A\"")),
                new Case("wildcard matches of symlinks are followed, keeping the link name", "/lk",
                        b -> b.source("link-to-a*").destination("/lk/"),
                        Map.of("/lk", "dir 0755 0:0", "/lk/link-to-a", "file 0644 0:0 \"A\"")),
                new Case("destination through a symlinked directory of the rootfs", "/usrlib",
                        b -> b.source("a.txt").destination("/lnk/"),
                        Map.of("/usrlib", "dir 0755 0:0", "/usrlib/a.txt", "file 0644 0:0 \"A\"")),
                new Case("destination symlink climbing out stays in the rootfs", "/outside",
                        b -> b.source("a.txt").destination("/esc/"),
                        Map.of("/outside", "dir 0755 0:0", "/outside/a.txt", "file 0644 0:0 \"A\"")),
                new Case("wildcard without match copies nothing, not even the destination", "/none",
                        b -> b.source("nomatch*").destination("/none/"), Map.of()),
                new Case("--parents keeps the source's directories", "/par",
                        b -> b.source("dir/sub/y").source("a.txt").parents(true).destination("/par/"),
                        Map.of("/par", "dir 0755 0:0", "/par/dir", "dir 0750 0:0", "/par/dir/sub", "dir 0700 0:0",
                                "/par/dir/sub/y", "file 0644 0:0 \"Y\"", "/par/a.txt", "file 0644 0:0 \"A\"")),
                new Case("--parents keeps only what follows /./", "/piv",
                        b -> b.source("dir/./sub/*").parents(true).destination("/piv/"),
                        Map.of("/piv", "dir 0755 0:0", "/piv/sub", "dir 0700 0:0", "/piv/sub/y", "file 0644 0:0 \"Y\"")),
                new Case("--parents with ** matches at any depth", "/deep",
                        b -> b.source("dir/**/y").parents(true).destination("/deep/"),
                        Map.of("/deep", "dir 0755 0:0", "/deep/dir", "dir 0750 0:0", "/deep/dir/sub", "dir 0700 0:0",
                                "/deep/dir/sub/y", "file 0644 0:0 \"Y\"")),
                new Case("--exclude patterns are relative to the copied directory", "/ex",
                        b -> b.source("dir").exclude("sub").exclude("*.none").destination("/ex/"),
                        Map.of("/ex", "dir 0755 0:0", "/ex/x", "file 0640 0:0 \"X\"", "/ex/inner", "link 0:0 -> ../a.txt")),
                new Case("--exclude with an exception reaches into an excluded directory", "/ex2",
                        b -> b.source("dir").exclude("sub").exclude("!sub/y").exclude("x").destination("/ex2/"),
                        Map.of("/ex2", "dir 0755 0:0", "/ex2/sub", "dir 0700 0:0", "/ex2/sub/y", "file 0644 0:0 \"Y\"",
                                "/ex2/inner", "link 0:0 -> ../a.txt")),
                new Case("--chown by name gives the user's primary group, created parents included", "/co",
                        b -> b.source("dir/sub").chown("app").destination("/co/in/"),
                        Map.of("/co", "dir 0755 1000:1001", "/co/in", "dir 0755 1000:1001", "/co/in/y", "file 0644 1000:1001 \"Y\"")),
                new Case("--chown user:group by names", "/cg", b -> b.source("a.txt").chown("app:staff").destination("/cg"),
                        Map.of("/cg", "file 0644 1000:50 \"A\"")),
                new Case("--chown by id alone sets the group to the same id", "/ci", b -> b.source("a.txt").chown("42").destination("/ci"),
                        Map.of("/ci", "file 0644 42:42 \"A\"")),
                new Case("--chown uid:gid", "/cu", b -> b.source("a.txt").chown("42:43").destination("/cu"),
                        Map.of("/cu", "file 0644 42:43 \"A\"")),
                new Case("--chown leaves an existing destination directory alone", "/existing",
                        b -> b.source("a.txt").chown("42:43").destination("/existing/"),
                        Map.of("/existing", "dir 0711 500:600", "/existing/a.txt", "file 0644 42:43 \"A\"")),
                new Case("--chmod octal applies to files and to created parents", "/o1",
                        b -> b.source("a.txt").chmod("0640").destination("/o1/o2/a"),
                        Map.of("/o1", "dir 0640 0:0", "/o1/o2", "dir 0640 0:0", "/o1/o2/a", "file 0640 0:0 \"A\"")),
                new Case("--chmod octal with special bits", "/sx", b -> b.source("run.sh").chmod("4755").destination("/sx"),
                        Map.of("/sx", "file 4755 0:0 \"#!\"")),
                new Case("--chmod u+x", "/ux", b -> b.source("a.txt").chmod("u+x").destination("/ux"),
                        Map.of("/ux", "file 0744 0:0 \"A\"")),
                new Case("--chmod go-w on files and directories", "/gw", b -> b.source("wdir").chmod("go-w").destination("/gw/"),
                        Map.of("/gw", "dir 0755 0:0", "/gw/w", "file 0644 0:0 \"W\"", "/gw/wsub", "dir 0755 0:0")),
                new Case("--chmod a=r on files and directories", "/ar", b -> b.source("wdir").chmod("a=r").destination("/ar/"),
                        Map.of("/ar", "dir 0755 0:0", "/ar/w", "file 0444 0:0 \"W\"", "/ar/wsub", "dir 0444 0:0")),
                new Case("--chmod a+X adds x to directories and executables only", "/ax",
                        b -> b.source("a.txt").source("run.sh").source("dir").chmod("a+X").destination("/ax/"),
                        Map.of("/ax", "dir 0755 0:0", "/ax/a.txt", "file 0644 0:0 \"A\"", "/ax/run.sh", "file 0755 0:0 \"#!\"",
                                "/ax/x", "file 0640 0:0 \"X\"", "/ax/sub", "dir 0711 0:0", "/ax/sub/y", "file 0644 0:0 \"Y\"",
                                "/ax/inner", "link 0:0 -> ../a.txt")));
    }

    @BeforeEach
    void setUp() throws IOException {
        ctx = Files.createDirectory(base.resolve("ctx"));
        Fs.file(ctx, "a.txt", "A", 0644);
        Fs.file(ctx, "b.txt", "B", 0600);
        Fs.file(ctx, "run.sh", "#!", 0755);
        Fs.dir(ctx, "dir", 0750);
        Fs.file(ctx, "dir/x", "X", 0640);
        Fs.dir(ctx, "dir/sub", 0700);
        Fs.file(ctx, "dir/sub/y", "Y", 0644);
        Fs.link(ctx, "dir/inner", "../a.txt");
        Fs.file(ctx, "dir2/z", "Z", 0644);
        Fs.dir(ctx, "wdir", 0777);
        Fs.file(ctx, "wdir/w", "W", 0666);
        Fs.dir(ctx, "wdir/wsub", 0777);
        Fs.link(ctx, "link-to-a", "a.txt");
        Fs.link(ctx, "link-to-dir", "dir");
        Fs.link(ctx, "abs-link", "/a.txt");
        Fs.settle(ctx);

        root = Files.createDirectory(base.resolve("rootfs"));
        Fs.file(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n", 0644);
        Fs.file(root, "etc/group", "root:x:0:\nappgrp:x:1001:\nstaff:x:50:app\n", 0644);
        Fs.dir(root, "existing", 0711);
        dev.kiln.engine.fs.Posix.lchown(root.resolve("existing"), 500, 600);
        Fs.dir(root, "usrlib", 0755);
        Fs.link(root, "lnk", "/usrlib");
        Fs.link(root, "esc", "/../../outside");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void copyGivesTheExpectedTree(Case c) throws IOException {
        var before = Fs.describe(root).keySet();
        CopyRequest request = c.request().apply(CopyRequest.builder(CopyRequest.Kind.COPY).line(3)).build();
        CopyResult result = new CopyOperation(CopyOptions.defaults().withScratch(base.resolve("scratch")))
                .apply(request, CopySource.context(LocalContext.of(ctx, DockerIgnore.none())), root);

        SortedMap<String, String> actual = new TreeMap<>();
        Fs.describe(root).forEach((k, v) -> {
            if (k.equals(c.prefix()) || k.startsWith(c.prefix() + "/")) {
                actual.put(k, v);
            }
        });
        assertThat(actual).as(c.name()).isEqualTo(new TreeMap<>(c.expected()));
        assertThat(result.written()).as("written paths of " + c.name()).containsAll(
                c.expected().keySet().stream().filter(k -> !before.contains(k)).toList());
        assertThat(base.resolve("outside")).as("nothing is written next to the rootfs").doesNotExist();
    }
}

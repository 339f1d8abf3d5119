package dev.kiln.engine.layer.tar;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The valid archives {@link TarFuzzTest} starts from, written by two independent writers: Kiln's
 * {@link TarWriter} (ustar plus PAX where needed, as Go) and commons-compress (GNU long names and
 * base-256 numbers, or POSIX PAX), with every entry type a layer can hold. The hostile seeds are valid
 * tars too: symlinks and hardlinks aimed at a sentinel directory next to the rootfs, then entries through
 * them, which the extractor must keep inside the rootfs.
 */
final class FuzzSeeds {

    /** A seed archive and what it is, for failure messages. */
    record Seed(String name, byte[] tar) {}

    private static final Instant T = Instant.ofEpochSecond(1_600_000_000L);
    static final String LONG = "usr/" + "long-directory-name-".repeat(6) + "/file-with-a-long-name.txt";

    private FuzzSeeds() {}

    /**
     * All seeds. {@code sentinel} is the host path of the directory the hostile seeds aim at (absolute
     * links point at it directly, relative ones climb to it from the rootfs next to it).
     */
    static List<Seed> all(String sentinel) {
        String dir = padded(sentinel);
        List<Seed> seeds = new ArrayList<>();
        seeds.add(new Seed("kiln-every-type", kilnEveryType()));
        seeds.add(new Seed("kiln-content", kilnContent()));
        seeds.add(new Seed("commons-gnu", commons(true)));
        seeds.add(new Seed("commons-pax", commons(false)));
        seeds.add(new Seed("hostile-symlinks", hostileSymlinks(dir)));
        seeds.add(new Seed("hostile-hardlinks", hostileHardlinks(dir)));
        seeds.add(new Seed("hostile-whiteouts", hostileWhiteouts()));
        return seeds;
    }

    /**
     * {@code dir} with slashes appended up to 160 characters: the same directory to the kernel, and the
     * seeds keep the same length and layout whatever the test's temporary directory is called, so a
     * failing case replays with the same mutations at the same offsets.
     */
    static String padded(String dir) {
        return dir + "/".repeat(Math.max(1, 160 - dir.length()));
    }

    private static byte[] kilnEveryType() {
        byte[] hosts = "127.0.0.1 localhost\n".getBytes(StandardCharsets.UTF_8);
        return kiln(List.of(
                entry(TarEntry.of("etc/", TarType.DIRECTORY).withMtime(T), null),
                entry(TarEntry.of("etc/hosts", TarType.REGULAR).withSize(hosts.length).withOwner(0, 42), hosts),
                entry(TarEntry.of("etc/alt", TarType.SYMLINK).withLinkName("hosts").withMode(0777), null),
                entry(TarEntry.of("etc/hard", TarType.HARDLINK).withLinkName("etc/hosts"), null),
                entry(TarEntry.of("run/", TarType.DIRECTORY).withMode(01777), null),
                entry(TarEntry.of("run/fifo", TarType.FIFO), null),
                entry(TarEntry.of("dev/", TarType.DIRECTORY), null),
                entry(TarEntry.of("dev/null", TarType.CHAR_DEVICE).withDevice(1, 3).withMode(0666), null),
                entry(TarEntry.of("dev/loop9", TarType.BLOCK_DEVICE).withDevice(7, 9).withMode(0660), null),
                entry(TarEntry.of("bin/", TarType.DIRECTORY), null),
                entry(TarEntry.of("bin/ping", TarType.REGULAR).withSize(4).withMode(04755)
                        .withXattrs(Map.of("user.kiln", "v".getBytes(StandardCharsets.UTF_8))), new byte[] {1, 2, 3, 4}),
                entry(TarEntry.of("nanos", TarType.REGULAR).withMtime(Instant.ofEpochSecond(1_600_000_000L, 5)), null),
                entry(TarEntry.of(LONG, TarType.REGULAR).withSize(3).withOwner(3_000_000, 3_000_000), "abc".getBytes()),
                entry(TarEntry.of("usr/caf\u00e9-\u00fcber", TarType.SYMLINK).withLinkName("/" + "t".repeat(150)), null),
                entry(TarEntry.of("old/", TarType.DIRECTORY), null),
                entry(TarEntry.of("old/.wh.gone", TarType.REGULAR), null),
                entry(TarEntry.of("old/.wh..wh..opq", TarType.REGULAR), null)));
    }

    /** Regular files spanning several blocks, so that content and padding get cut and shuffled too. */
    private static byte[] kilnContent() {
        List<Item> entries = new ArrayList<>();
        entries.add(entry(TarEntry.of("data/", TarType.DIRECTORY), null));
        int[] sizes = {0, 1, 511, 512, 513, 1500, 3000};
        for (int i = 0; i < sizes.length; i++) {
            byte[] content = new byte[sizes[i]];
            for (int k = 0; k < content.length; k++) {
                content[k] = (byte) ('a' + (k * 7 + i) % 26);
            }
            entries.add(entry(TarEntry.of("data/f" + i, TarType.REGULAR).withSize(content.length), content));
        }
        return kiln(entries);
    }

    /** GNU long names and base-256 numbers ({@code gnu}), or PAX headers for both. */
    private static byte[] commons(boolean gnu) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(gnu ? TarArchiveOutputStream.LONGFILE_GNU : TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(gnu ? TarArchiveOutputStream.BIGNUMBER_STAR : TarArchiveOutputStream.BIGNUMBER_POSIX);
            out.setAddPaxHeadersForNonAsciiNames(!gnu);
            TarArchiveEntry dir = new TarArchiveEntry("opt/");
            out.putArchiveEntry(dir);
            out.closeArchiveEntry();
            TarArchiveEntry file = new TarArchiveEntry("opt/" + LONG);
            byte[] content = "commons content\n".repeat(40).getBytes(StandardCharsets.UTF_8);
            file.setSize(content.length);
            file.setUserId(3_000_000);
            file.setGroupId(70_000_000);
            file.setModTime(T.toEpochMilli());
            if (!gnu) {
                file.addPaxHeader("SCHILY.xattr.user.origin", "commons");
            }
            out.putArchiveEntry(file);
            out.write(content);
            out.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("opt/link", TarConstants.LF_SYMLINK);
            link.setLinkName("/" + "target/".repeat(30));
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("opt/hard", TarConstants.LF_LINK);
            hard.setLinkName("opt/" + LONG);
            out.putArchiveEntry(hard);
            out.closeArchiveEntry();
            TarArchiveEntry chr = new TarArchiveEntry("opt/zero", TarConstants.LF_CHR);
            chr.setDevMajor(1);
            chr.setDevMinor(5);
            out.putArchiveEntry(chr);
            out.closeArchiveEntry();
            TarArchiveEntry blk = new TarArchiveEntry("opt/loop8", TarConstants.LF_BLK);
            blk.setDevMajor(7);
            blk.setDevMinor(8);
            out.putArchiveEntry(blk);
            out.closeArchiveEntry();
            TarArchiveEntry fifo = new TarArchiveEntry("opt/fifo", TarConstants.LF_FIFO);
            out.putArchiveEntry(fifo);
            out.closeArchiveEntry();
            TarArchiveEntry unicode = new TarArchiveEntry("opt/na\u00efve-\u65e5\u672c");
            unicode.setSize(2);
            out.putArchiveEntry(unicode);
            out.write(new byte[] {'h', 'i'});
            out.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Symlinks out of the rootfs (relative, absolute, far up), then entries written through them.
     * {@code sentinel} ends with a slash.
     */
    private static byte[] hostileSymlinks(String sentinel) {
        return kiln(List.of(
                entry(TarEntry.of("esc", TarType.SYMLINK).withLinkName("../sentinel"), null),
                entry(TarEntry.of("abs", TarType.SYMLINK).withLinkName(sentinel), null),
                entry(TarEntry.of("up", TarType.SYMLINK).withLinkName("../../../../../../.."), null),
                entry(TarEntry.of("esc/pwned", TarType.REGULAR).withSize(5), "pwned".getBytes()),
                entry(TarEntry.of("abs/pwned", TarType.REGULAR).withSize(5), "pwned".getBytes()),
                entry(TarEntry.of("up" + sentinel + "pwned", TarType.REGULAR).withSize(5), "pwned".getBytes()),
                entry(TarEntry.of("esc/canary", TarType.REGULAR).withSize(5), "pwned".getBytes()),
                entry(TarEntry.of("esc/sub/", TarType.DIRECTORY), null),
                entry(TarEntry.of("esc", TarType.DIRECTORY).withMode(0700), null),
                entry(TarEntry.of("../sentinel/pwned", TarType.REGULAR).withSize(5), "pwned".getBytes())));
    }

    /**
     * Hardlinks to the sentinel's file: through a symlink (which resolves to a decoy inside the rootfs),
     * then by relative and absolute names (refused or re-rooted). {@code sentinel} ends with a slash.
     */
    private static byte[] hostileHardlinks(String sentinel) {
        return kiln(List.of(
                entry(TarEntry.of("sentinel/canary", TarType.REGULAR).withSize(5), "decoy".getBytes()),
                entry(TarEntry.of("esc", TarType.SYMLINK).withLinkName("../sentinel"), null),
                entry(TarEntry.of("hl-esc", TarType.HARDLINK).withLinkName("esc/canary"), null),
                entry(TarEntry.of("esc/canary", TarType.REGULAR).withSize(5), "pwned".getBytes()),
                entry(TarEntry.of("hl-abs", TarType.HARDLINK).withLinkName(sentinel + "canary"), null),
                entry(TarEntry.of("hl-rel", TarType.HARDLINK).withLinkName("../sentinel/canary"), null)));
    }

    /** Whiteouts and opaque markers below a symlink that points at the sentinel. */
    private static byte[] hostileWhiteouts() {
        return kiln(List.of(
                entry(TarEntry.of("esc", TarType.SYMLINK).withLinkName("../sentinel"), null),
                entry(TarEntry.of("esc/.wh.canary", TarType.REGULAR), null),
                entry(TarEntry.of("esc/.wh..wh..opq", TarType.REGULAR), null),
                entry(TarEntry.of(".wh.esc", TarType.REGULAR), null),
                entry(TarEntry.of(".wh..wh..opq", TarType.REGULAR), null)));
    }

    /** An entry and its content (null for none). */
    private record Item(TarEntry entry, byte[] content) {}

    private static Item entry(TarEntry e, byte[] content) {
        return new Item(e, content);
    }

    private static byte[] kiln(List<Item> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            TarWriter w = new TarWriter(bytes);
            for (Item i : entries) {
                w.write(i.entry(), i.content() == null ? null : new ByteArrayInputStream(i.content()));
            }
            w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

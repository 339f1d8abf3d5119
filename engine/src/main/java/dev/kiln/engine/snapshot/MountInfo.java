package dev.kiln.engine.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The mount table of a process, parsed from {@code /proc/<pid>/mountinfo}
 * (https://man7.org/linux/man-pages/man5/proc_pid_mountinfo.5.html).
 *
 * <p>Immutable. It exists because an in-place build must not snapshot what is mounted into its container
 * (service-account tokens, {@code /etc/hosts}, {@code /proc}, volumes): every mount point becomes an
 * ignore rule, as in kaniko's {@code DetectFilesystemIgnoreList}. Unlike kaniko, octal escapes are
 * decoded: the kernel writes a space, tab, newline and backslash in a path as {@code \040}, {@code \011},
 * {@code \012}, {@code \134}, and a mount point {@code /mnt/my disk} would otherwise not be ignored.
 *
 * @param mounts the mounts in the order of the file
 */
public record MountInfo(List<Mount> mounts) {

    /** Where the running process's mount table is. */
    public static final Path SELF = Path.of("/proc/self/mountinfo");

    public MountInfo {
        mounts = List.copyOf(mounts);
    }

    /**
     * One line of mountinfo.
     *
     * <p>Immutable.
     *
     * @param id         mount ID (field 1)
     * @param parentId   ID of the parent mount (field 2)
     * @param device     {@code major:minor} of the filesystem (field 3)
     * @param root       the directory of the filesystem mounted here (field 4, decoded)
     * @param mountPoint where it is mounted, relative to the process's root (field 5, decoded)
     * @param options    per-mount options (field 6)
     * @param fsType     filesystem type (first field after the {@code -} separator)
     * @param source     mount source (second field after the separator, decoded)
     */
    public record Mount(int id, int parentId, String device, String root, String mountPoint, String options,
                        String fsType, String source) {}

    /** Reads and parses a mountinfo file, e.g. {@link #SELF}. */
    public static MountInfo read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("read mount table " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses mountinfo text. Blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line number and what is wrong with it
     */
    public static MountInfo parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isBlank()) {
                continue;
            }
            mounts.add(parseLine(line, n + 1));
        }
        return new MountInfo(mounts);
    }

    private static Mount parseLine(String line, int number) {
        String[] f = line.trim().split(" +");
        if (f.length < 5) {
            throw bad(number, "expected at least 5 fields, found " + f.length, line);
        }
        int sep = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                sep = i;
                break;
            }
        }
        int id;
        int parent;
        try {
            id = Integer.parseInt(f[0]);
            parent = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
            throw bad(number, "mount ID and parent ID must be numbers", line);
        }
        if (!f[4].startsWith("/")) {
            throw bad(number, "mount point \"" + f[4] + "\" is not absolute", line);
        }
        String fsType = sep >= 0 && sep + 1 < f.length ? f[sep + 1] : "";
        String source = sep >= 0 && sep + 2 < f.length ? unescape(f[sep + 2], number, line) : "";
        return new Mount(id, parent, f[2], unescape(f[3], number, line), unescape(f[4], number, line),
                f.length > 5 ? f[5] : "", fsType, source);
    }

    /** Decodes the kernel's {@code \ooo} escapes; the bytes are UTF-8 (the kernel escapes only " \t\n\\"). */
    static String unescape(String field, int number, String line) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b != '\\') {
                out.write(b);
                continue;
            }
            if (!isOctal(raw, i + 1) || !isOctal(raw, i + 2) || !isOctal(raw, i + 3)) {
                throw bad(number, "bad escape in \"" + field + "\" (expected a backslash and three octal digits)", line);
            }
            int v = (raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0');
            if (v > 0xff) {
                throw bad(number, "bad escape in \"" + field + "\" (octal value above 377)", line);
            }
            out.write(v);
            i += 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] raw, int i) {
        return i < raw.length && raw[i] >= '0' && raw[i] <= '7';
    }

    private static IllegalArgumentException bad(int number, String what, String line) {
        return new IllegalArgumentException("parse mountinfo line " + number + ": " + what + ": " + line);
    }

    /**
     * The mount points at or below {@code root} (a host directory, {@code /} for an in-place build), as
     * container paths relative to it, without duplicates, in file order. The root itself is left out:
     * ignoring the mount the rootfs lives on would ignore everything.
     */
    public List<String> mountPointsUnder(Path root) {
        Objects.requireNonNull(root, "root");
        String r = root.toAbsolutePath().normalize().toString();
        Set<String> out = new LinkedHashSet<>();
        for (Mount m : mounts) {
            String mp = m.mountPoint();
            if (!PathOrder.isAtOrBelow(mp, r) || mp.equals(r)) {
                continue;
            }
            out.add(r.equals("/") ? mp : mp.substring(r.length()));
        }
        return List.copyOf(out);
    }

    /** All mount points except {@code /}: {@code mountPointsUnder(Path.of("/"))}. */
    public List<String> mountPoints() {
        return mountPointsUnder(Path.of("/"));
    }
}

package dev.kiln.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A private fstab(5) that util-linux {@code mount -a -T FILE} mounts entry by entry, in order, in one
 * process: the namespaced setup uses it instead of starting one {@code mount} per file system, which made
 * every RUN pay for about twenty processes.
 *
 * <p>Not thread-safe: one per setup segment, filled by the run's thread. Fields are escaped as
 * <a href="https://man7.org/linux/man-pages/man5/fstab.5.html">fstab(5)</a> and libmount's unmangling
 * expect: space as {@code \040}, tab {@code \011}, newline {@code \012}, backslash {@code \134} (every ASCII
 * control character and {@code #} likewise), so any host path (a build context with spaces, say) reaches
 * {@code mount(2)} unchanged. An entry whose options contain {@code nofail} may fail without failing
 * {@code mount -a}; for a bind mount with {@code ro}, libmount remounts the bind read-only itself.
 */
final class Fstab {

    /**
     * One line of the table. Immutable.
     *
     * @param source  the device, file system name or bind source
     * @param target  the host path of the mount point
     * @param type    the file system type ({@code none} for bind mounts)
     * @param options the mount options, joined with commas
     */
    record Entry(String source, String target, String type, List<String> options) {
        Entry {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(type, "type");
            options = List.copyOf(options);
            if (options.isEmpty()) {
                throw new IllegalArgumentException("fstab entry for " + target + ": no mount options");
            }
        }

        /** The entry as one fstab line (dump and pass fields 0: never dumped, never checked). */
        String line() {
            return escape(source) + ' ' + escape(target) + ' ' + escape(type) + ' '
                    + escape(String.join(",", options)) + " 0 0";
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Appends a mount of file system {@code type} named {@code source} on {@code target}. */
    Fstab mount(String source, String target, String type, String... options) {
        entries.add(new Entry(source, target, type, List.of(options)));
        return this;
    }

    /** Appends a bind mount of {@code source} on {@code target}, with extra options such as {@code ro}. */
    Fstab bind(String source, String target, String... extra) {
        List<String> options = new ArrayList<>(List.of("bind"));
        options.addAll(List.of(extra));
        entries.add(new Entry(source, target, "none", options));
        return this;
    }

    /** True if no entry was added. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries, in mount order. */
    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The table's text: one line per entry, in order. */
    String render() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.line()).append('\n');
        }
        return b.toString();
    }

    /**
     * Escapes one field as a three-digit octal escape: space and every ASCII control character (field and line
     * separators to the parser), the backslash itself, and {@code #} (a comment where a line starts).
     */
    static String escape(String field) {
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ' ' || c == '\\' || c == '#' || c < 0x20 || c == 0x7f) {
                b.append('\\').append(Integer.toOctalString(0x200 | c), 1, 4); // always three digits
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

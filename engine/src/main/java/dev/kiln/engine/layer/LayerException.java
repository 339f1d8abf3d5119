package dev.kiln.engine.layer;

import java.io.IOException;

/**
 * A layer could not be extracted or written. The message names the action, the layer, the entry and the
 * cause: {@code extract layer sha256:ab12…: entry "../../etc/passwd": name has a ".." component}.
 *
 * <p>Immutable. It is an {@link IOException} because every cause is an I/O of some kind (a corrupt or
 * hostile stream, a failed system call) and callers already handle those; the sealed subclasses tell
 * reading from writing, and {@link #entry()} gives the offending tar entry or path for tests and events.
 */
public abstract sealed class LayerException extends IOException permits ExtractException, LayerWriteException {

    private static final long serialVersionUID = 1L;

    private final String layer;
    private final String entry;
    private final String detail;

    LayerException(String layer, String entry, String detail, Throwable cause) {
        super(detail, cause);
        this.layer = layer;
        this.entry = entry;
        this.detail = detail;
    }

    /** What was being done, e.g. {@code extract layer} or {@code write layer}. */
    protected abstract String action();

    /** The layer (a digest, or a description such as the rootfs a layer is written from). */
    public String layer() {
        return layer;
    }

    /** The entry or path at fault, as found in the archive (raw, unnormalised), or null for the whole layer. */
    public String entry() {
        return entry;
    }

    /** The cause in words, without the action, layer and entry. */
    public String detail() {
        return detail;
    }

    @Override
    public String getMessage() {
        return action() + " " + layer + (entry == null ? "" : ": entry " + quote(entry)) + ": " + detail;
    }

    /**
     * An entry name for messages: in double quotes, control characters and quotes escaped (a hostile name
     * can hold newlines meant to forge log lines), cut after 200 characters (names can be 4 KiB).
     */
    public static String quote(String name) {
        StringBuilder b = new StringBuilder(Math.min(name.length(), 200) + 2).append('"');
        int limit = Math.min(name.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = name.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (name.length() > limit) {
            b.append("…(").append(name.length()).append(" characters)");
        }
        return b.append('"').toString();
    }
}

package dev.kiln.engine.layer.tar;

import java.io.IOException;
import java.util.Objects;

/**
 * A tar stream that cannot be read safely: corrupt, truncated, beyond the {@link TarLimits}, or using
 * a feature this reader refuses. Immutable. It names the entry ({@link #entry()}, raw) when one is known
 * so that the extractor can report {@code entry "x": ...}; {@link #getMessage()} is the detail alone.
 */
public final class TarException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The kinds of problems, each mapped to an extraction error reason by the extractor. */
    public enum Kind { TRUNCATED, MALFORMED, TOO_LARGE, UNSUPPORTED }

    private final Kind kind;
    private final String entry;

    public TarException(Kind kind, String entry, String detail) {
        super(detail);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.entry = entry;
    }

    public Kind kind() {
        return kind;
    }

    /** The entry the problem is in or right after, or null at the start of the stream. */
    public String entry() {
        return entry;
    }
}

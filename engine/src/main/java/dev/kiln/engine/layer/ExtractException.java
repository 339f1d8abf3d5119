package dev.kiln.engine.layer;

import java.util.Objects;

/**
 * A layer could not be applied to a rootfs: the stream is corrupt or truncated, an entry is hostile
 * (escapes the root, oversized headers), or a system call failed. Immutable.
 *
 * <p>Extraction stops at the first such error; the rootfs then holds part of the layer and must be
 * discarded by the caller. Nothing is ever written outside the rootfs, error or not.
 */
public final class ExtractException extends LayerException {

    private static final long serialVersionUID = 1L;

    /** Why extraction failed, for callers and tests that branch on it. */
    public enum Reason {
        /** An entry name escapes the root ({@code ..}), is empty after cleaning, or is otherwise unusable. */
        UNSAFE_PATH,
        /** A hardlink points outside the rootfs, to a directory, to itself, or to nothing extracted yet. */
        UNSAFE_LINK,
        /** Header data beyond the limits (PAX or GNU long-name headers, names, link targets). */
        TOO_LARGE,
        /** The stream ended inside a header or the content of an entry. */
        TRUNCATED,
        /** Not a valid tar stream, or a corrupt compressed stream. */
        MALFORMED,
        /** A valid entry this extractor does not apply (sparse files, unknown types, non-UTF-8 names). */
        UNSUPPORTED,
        /** An entry conflicts with the tree: a parent that is not a directory, a root that is not a directory. */
        CONFLICT,
        /** The computed digest or diff ID differs from the expected one. */
        DIGEST_MISMATCH,
        /** A system call on the rootfs failed (permissions, disk full, ...). */
        FILESYSTEM,
        /** Reading the blob stream failed. */
        READ
    }

    private final Reason reason;

    /**
     * @param layer  the layer, e.g. its digest
     * @param entry  the raw entry name, or null if the error concerns the whole layer
     * @param reason why
     * @param detail the cause in words
     * @param cause  the underlying exception, or null
     */
    public ExtractException(String layer, String entry, Reason reason, String detail, Throwable cause) {
        super(layer, entry, detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why extraction failed. */
    public Reason reason() {
        return reason;
    }

    @Override
    protected String action() {
        return "extract layer";
    }
}

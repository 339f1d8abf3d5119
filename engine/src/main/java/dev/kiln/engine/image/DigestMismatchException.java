package dev.kiln.engine.image;

import dev.kiln.engine.oci.Digest;
import java.util.Objects;

/**
 * Content read from a source does not hash to the digest that names it: the blob is corrupt, truncated,
 * or the source lied. Thrown by {@link VerifyingInputStream} when it reaches the end of the stream.
 *
 * <p>Immutable. Carries both digests so callers (and cache eviction) can act on them without parsing the
 * message.
 */
public class DigestMismatchException extends InvalidImageException {

    private static final long serialVersionUID = 1L;

    private final Digest expected;
    private final Digest actual;

    /** {@code action} names the action and the object, e.g. {@code read blob sha256:... from OCI layout /x}. */
    public DigestMismatchException(String action, Digest expected, Digest actual) {
        super(action + ": digest mismatch: expected " + expected + ", got " + actual);
        this.expected = Objects.requireNonNull(expected, "expected");
        this.actual = Objects.requireNonNull(actual, "actual");
    }

    /** The digest the content was supposed to have. */
    public Digest expected() {
        return expected;
    }

    /** The digest of the bytes actually read. */
    public Digest actual() {
        return actual;
    }
}

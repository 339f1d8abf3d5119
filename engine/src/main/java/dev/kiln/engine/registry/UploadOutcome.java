package dev.kiln.engine.registry;

/**
 * How a blob came to be in a repository after an upload request: it was there already, the registry
 * linked it from another repository, or its bytes were sent.
 *
 * <p>Immutable (an enum).
 */
public enum UploadOutcome {
    /** The repository held the blob already (HEAD answered 200). */
    EXISTED,
    /** Mounted from another repository of the same registry (POST with {@code mount} answered 201). */
    MOUNTED,
    /** The bytes were uploaded, in one PUT or in PATCH chunks. */
    UPLOADED
}

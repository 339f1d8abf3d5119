package dev.kiln.engine.registry;

import java.util.Locale;

/**
 * The error codes of the OCI distribution spec
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes), plus those
 * distribution and Docker Hub send beyond it, and {@link #OTHER} for anything else.
 *
 * <p>Immutable (an enum). Callers branch on these rather than on HTTP statuses, because registries disagree
 * on statuses (a missing repository is 404 on one, 401 on another) but agree on codes.
 */
public enum RegistryErrorCode {
    BLOB_UNKNOWN,
    BLOB_UPLOAD_INVALID,
    BLOB_UPLOAD_UNKNOWN,
    DIGEST_INVALID,
    MANIFEST_BLOB_UNKNOWN,
    MANIFEST_INVALID,
    MANIFEST_UNKNOWN,
    /** Legacy (schema1 signatures). */
    MANIFEST_UNVERIFIED,
    NAME_INVALID,
    NAME_UNKNOWN,
    SIZE_INVALID,
    /** Legacy. */
    TAG_INVALID,
    UNAUTHORIZED,
    DENIED,
    UNSUPPORTED,
    TOOMANYREQUESTS,
    /** distribution: bad {@code n} in a tags or catalog request. */
    PAGINATION_NUMBER_INVALID,
    /** distribution: bad {@code Content-Range} in an upload chunk. */
    RANGE_INVALID,
    /** distribution's catch-all {@code UNKNOWN}. */
    UNKNOWN,
    /** A code this enum does not know; the raw code is in {@link RegistryError#code()}. */
    OTHER;

    /** The constant for a code as sent ({@code MANIFEST_UNKNOWN}), {@link #OTHER} for unknown ones. */
    public static RegistryErrorCode of(String code) {
        if (code == null) {
            return OTHER;
        }
        String c = code.strip().toUpperCase(Locale.ROOT);
        for (RegistryErrorCode v : values()) {
            if (v != OTHER && v.name().equals(c)) {
                return v;
            }
        }
        return OTHER;
    }

    /** Whether the code says something named does not exist. */
    public boolean isNotFound() {
        return this == BLOB_UNKNOWN || this == MANIFEST_UNKNOWN || this == NAME_UNKNOWN
                || this == BLOB_UPLOAD_UNKNOWN;
    }

    /** Whether the code says the client may not do this. */
    public boolean isDenied() {
        return this == UNAUTHORIZED || this == DENIED;
    }
}

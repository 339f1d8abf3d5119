package dev.kiln.engine.cache;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The cache key of one build step: a SHA-256, as 64 lower-case hex digits. It is the tag of the step's entry in
 * a registry cache repository and its {@code org.opencontainers.image.ref.name} in an {@code oci:} cache (both
 * accept it as it is: a tag is {@code [A-Za-z0-9_][A-Za-z0-9._-]{0,127}}).
 *
 * <p>What goes into a key is documented in {@code docs/CACHE.md} and computed by
 * {@code dev.kiln.engine.cache.key}; a key never depends on the time or the machine. Immutable.
 *
 * @param hex the 64 hex digits
 */
public record CacheKey(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** Rejects anything but 64 lower-case hex digits. */
    public CacheKey {
        Objects.requireNonNull(hex, "hex");
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("cache key: not 64 lower-case hex digits: \"" + hex + "\"");
        }
    }

    /** The key of a 32-byte SHA-256 digest. */
    public static CacheKey of(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("cache key: a SHA-256 has 32 bytes, not " + sha256.length);
        }
        return new CacheKey(HexFormat.of().formatHex(sha256));
    }

    /** The first 12 digits, for logs. */
    public String shortForm() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return hex;
    }
}

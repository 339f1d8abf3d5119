package dev.kiln.engine.cache.key;

import dev.kiln.engine.cache.CacheKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import dev.kiln.engine.crypto.Sha256;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The canonical encoding every key is hashed from: a SHA-256 over typed, length-prefixed values, so that no
 * two different sequences of values encode to the same bytes ({@code ["ab", "c"]} and {@code ["a", "bc"]}
 * differ, a string never reads as a number).
 *
 * <p>Each value is one tag byte ({@code S} string, {@code N} number, {@code B} bytes, {@code L} list
 * length), then for strings and bytes an 8-byte big-endian length and the bytes (strings as UTF-8), for
 * numbers 8 big-endian bytes. Fields are a name (string) followed by their value. Every encoding starts with
 * {@link #VERSION} and a purpose ({@code start}, {@code step}, {@code tree}...): changing what goes into a
 * key means changing the version, so old entries become misses instead of wrong hits.
 *
 * <p>Not thread-safe: one per key.
 */
final class KeyEncoder {

    /** The format version, the first value of every encoding. */
    static final String VERSION = "kiln-cache-key v1";

    private final MessageDigest sha;
    private final ByteBuffer number = ByteBuffer.allocate(Long.BYTES);

    private KeyEncoder(String purpose) {
        sha = Sha256.newDigest();
        text(VERSION);
        text(purpose);
    }

    /** A new encoding for {@code purpose}. */
    static KeyEncoder of(String purpose) {
        return new KeyEncoder(purpose);
    }

    /** A string value. */
    KeyEncoder text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) 'S');
        putLong(bytes.length);
        sha.update(bytes);
        return this;
    }

    /** A field with a string value. */
    KeyEncoder field(String name, String value) {
        return text(name).text(value);
    }

    /** A field with a number value. */
    KeyEncoder field(String name, long value) {
        text(name);
        sha.update((byte) 'N');
        putLong(value);
        return this;
    }

    /** A field with a boolean value (0 or 1). */
    KeyEncoder field(String name, boolean value) {
        return field(name, value ? 1 : 0);
    }

    /** A field with an optional string: absent and empty differ. */
    KeyEncoder field(String name, Optional<String> value) {
        text(name);
        if (value.isPresent()) {
            field("present", 1).text(value.get());
        } else {
            field("present", 0);
        }
        return this;
    }

    /** A field with a byte value (e.g. a nested digest). */
    KeyEncoder field(String name, byte[] value) {
        text(name);
        sha.update((byte) 'B');
        putLong(value.length);
        sha.update(value);
        return this;
    }

    /** A field with a list of strings, its length first. */
    KeyEncoder field(String name, List<String> values) {
        count(name, values.size());
        values.forEach(this::text);
        return this;
    }

    /** The length of a list of compound values that follow. */
    KeyEncoder count(String name, int size) {
        text(name);
        sha.update((byte) 'L');
        putLong(size);
        return this;
    }

    /** The SHA-256 of everything written; the encoder is spent afterwards. */
    byte[] digest() {
        return sha.digest();
    }

    /** {@link #digest()} as a cache key. */
    CacheKey key() {
        return CacheKey.of(digest());
    }

    private void putLong(long value) {
        number.clear();
        number.putLong(value);
        sha.update(number.array());
    }
}

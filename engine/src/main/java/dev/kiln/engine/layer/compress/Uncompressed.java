package dev.kiln.engine.layer.compress;

import dev.kiln.engine.oci.MediaType;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * No compression: the blob is the tar stream. Stateless and thread-safe; use {@link Compression#NONE}.
 * It exists so "uncompressed" is a strategy like the others instead of a special case in every caller.
 */
public final class Uncompressed implements Compression {

    Uncompressed() {}

    @Override
    public MediaType.Compression kind() {
        return MediaType.Compression.NONE;
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public int defaultLevel() {
        return 0;
    }

    /** Any level is accepted and ignored. */
    @Override
    public int effectiveLevel(int level) {
        return 0;
    }

    @Override
    public OutputStream compress(OutputStream out, int level) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // FilterOutputStream would write byte by byte
            }
        };
    }

    @Override
    public OutputStream compress(OutputStream out, int level, int threads) {
        return compress(out, level);
    }

    @Override
    public InputStream decompress(InputStream in) {
        return in;
    }

    /** Matches nothing: "uncompressed" is what remains when no magic matches. */
    @Override
    public boolean matches(byte[] head, int length) {
        return false;
    }

    @Override
    public String toString() {
        return name();
    }
}

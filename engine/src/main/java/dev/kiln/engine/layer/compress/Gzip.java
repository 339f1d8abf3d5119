package dev.kiln.engine.layer.compress;

import dev.kiln.engine.oci.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * gzip (RFC 1952). Stateless and thread-safe; use {@link Compression#GZIP}.
 *
 * <p>Writing always goes through {@link ParallelGzipOutputStream}: the input is cut into blocks of
 * {@link ParallelGzipOutputStream#DEFAULT_BLOCK_SIZE} bytes, each deflated on its own with the previous
 * 32 KiB as dictionary, as pigz does. With one thread the blocks are deflated inline, with more they are
 * deflated on a pool; the bytes are identical either way, so digests never depend on the core count.
 * Reading uses the JDK's {@link GZIPInputStream}, which also reads multi-member files.
 */
public final class Gzip implements Compression {

    /** zlib's default level, used for {@link Compression#DEFAULT_LEVEL}. */
    public static final int DEFAULT = 6;

    Gzip() {}

    @Override
    public MediaType.Compression kind() {
        return MediaType.Compression.GZIP;
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public int defaultLevel() {
        return DEFAULT;
    }

    @Override
    public int effectiveLevel(int level) {
        if (level == DEFAULT_LEVEL) {
            return DEFAULT;
        }
        if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("gzip compression level " + level + ": expected 0 to 9 or "
                    + DEFAULT_LEVEL + " for the default (" + DEFAULT + ")");
        }
        return level;
    }

    @Override
    public OutputStream compress(OutputStream out, int level) {
        return new ParallelGzipOutputStream(out, effectiveLevel(level), ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, 1);
    }

    @Override
    public OutputStream compress(OutputStream out, int level, int threads) {
        return new ParallelGzipOutputStream(out, effectiveLevel(level), ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE,
                threads);
    }

    @Override
    public InputStream decompress(InputStream in) throws IOException {
        return new GZIPInputStream(in, READ_BUFFER);
    }

    @Override
    public boolean matches(byte[] head, int length) {
        return length >= 2 && head[0] == (byte) 0x1f && head[1] == (byte) 0x8b;
    }

    @Override
    public String toString() {
        return name();
    }
}

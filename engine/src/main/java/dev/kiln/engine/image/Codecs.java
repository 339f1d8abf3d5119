package dev.kiln.engine.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Layer compression and decompression. Decompression sniffs the magic bytes instead of trusting the media
 * type, because registries and tools mislabel layers (e.g. gzip blobs typed as plain tar) and runtimes
 * accept them anyway.
 *
 * <p>Stateless. Streams are blocking.
 */
final class Codecs {

    private static final int BUFFER = 64 * 1024;

    private Codecs() {
    }

    /** Wraps {@code compressed} so it yields the uncompressed bytes (gzip, zstd, or none). */
    static InputStream decompress(InputStream compressed) throws IOException {
        BufferedInputStream in = new BufferedInputStream(compressed, BUFFER);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, BUFFER);
        }
        if (head.length == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return new ZstdInputStreamNoFinalizer(in);
        }
        return in;
    }

    /**
     * Wraps {@code out} so bytes written to it are compressed with {@code compression}. Closing the result
     * finishes the compressed stream and closes {@code out}.
     */
    static OutputStream compress(OutputStream out, LayerCompression compression) throws IOException {
        return switch (compression.algorithm()) {
            case NONE -> out;
            case GZIP -> new LeveledGzipOutputStream(out, compression.level());
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, compression.level());
        };
    }

    /** {@link GZIPOutputStream} hides the level; its protected deflater is the way to set it. */
    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }
    }
}

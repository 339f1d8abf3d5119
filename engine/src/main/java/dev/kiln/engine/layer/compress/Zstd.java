package dev.kiln.engine.layer.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.kiln.engine.oci.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Zstandard (RFC 8878, https://github.com/opencontainers/image-spec/blob/main/layer.md#zstd-media-types)
 * through zstd-jni. Stateless and thread-safe; use {@link Compression#ZSTD}.
 *
 * <p>Frames carry a content checksum (as containerd's and Go's encoders write by default) so a corrupt
 * blob fails when read. Compression always runs zstd's multi-threaded mode with at least one worker:
 * zstd documents that its output is then the same for any number of workers, so the digest does not
 * depend on the machine; one worker thread costs nothing noticeable. Reading uses zstd's default window
 * limit (128 MiB, {@code --long=27}), which bounds the memory a hostile blob can make us allocate.
 * The {@code NoFinalizer} streams are used because finalizers are deprecated for removal; closing the
 * streams frees their native memory.
 */
public final class Zstd implements Compression {

    /** zstd's own default level. */
    public static final int DEFAULT = 3;
    /** The highest level ({@code --ultra -22}). */
    public static final int MAX = 22;

    private static final byte[] MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

    Zstd() {}

    @Override
    public MediaType.Compression kind() {
        return MediaType.Compression.ZSTD;
    }

    @Override
    public String name() {
        return "zstd";
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
        if (level < 1 || level > MAX) {
            throw new IllegalArgumentException("zstd compression level " + level + ": expected 1 to " + MAX
                    + " or " + DEFAULT_LEVEL + " for the default (" + DEFAULT + ")");
        }
        return level;
    }

    @Override
    public OutputStream compress(OutputStream out, int level) throws IOException {
        return compress(out, level, 1);
    }

    @Override
    public OutputStream compress(OutputStream out, int level, int threads) throws IOException {
        int effective = effectiveLevel(level);
        ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, effective);
        try {
            z.setChecksum(true);
            z.setWorkers(Math.max(1, threads));
        } catch (IOException | RuntimeException e) {
            z.close();
            throw e;
        }
        return z;
    }

    @Override
    public InputStream decompress(InputStream in) throws IOException {
        return new ZstdInputStreamNoFinalizer(in);
    }

    @Override
    public boolean matches(byte[] head, int length) {
        if (length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}

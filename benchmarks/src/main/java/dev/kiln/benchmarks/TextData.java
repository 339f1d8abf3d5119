package dev.kiln.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Deterministic, compressible, text-like bytes for the layer benchmarks: lines of words drawn with a
 * skewed (Zipf-like) frequency from a vocabulary of 4,096 made-up words, with numbers and punctuation,
 * so deflate finds matches and literals in proportions like those of source files and configuration
 * (gzip -6 shrinks it to about 42%, zstd -3 to about a third). Random bytes would measure deflate's worst case, repeated
 * bytes its best; neither is a layer.
 *
 * <p>Large inputs repeat one 64 MiB {@link #chunk()}: deflate's window is 32 KiB and zstd's at its
 * default level a few MiB, so the repetition is invisible to both, and the benchmarks that compare
 * compressors ({@link GzipYardstickBenchmark}, {@link LayerWriteBenchmark}) compress the same bytes.
 * Thread-safe: the chunk is computed once per JVM and never modified.
 */
final class TextData {

    /** Size of the repeated chunk. */
    static final int CHUNK = 64 << 20;

    private static final int VOCABULARY = 4096;
    private static final String PUNCTUATION = "=:;,.(){}/_-\"'#";
    private static volatile byte[] chunk;

    private TextData() {}

    /** The 64 MiB chunk (seed 42). Callers must not modify it. */
    static byte[] chunk() {
        byte[] c = chunk;
        if (c == null) {
            synchronized (TextData.class) {
                c = chunk;
                if (c == null) {
                    c = generate(42, CHUNK);
                    chunk = c;
                }
            }
        }
        return c;
    }

    /** {@code size} bytes of text from {@code seed}. */
    static byte[] generate(long seed, int size) {
        Random r = new Random(seed);
        byte[][] words = new byte[VOCABULARY][];
        for (int i = 0; i < VOCABULARY; i++) {
            byte[] w = new byte[2 + r.nextInt(11)];
            for (int k = 0; k < w.length; k++) {
                w[k] = (byte) ('a' + r.nextInt(26));
            }
            words[i] = w;
        }
        byte[] out = new byte[size];
        int pos = 0;
        int line = 0;
        while (pos < size) {
            int kind = r.nextInt(40);
            byte[] token;
            if (kind == 0) {
                token = Integer.toString(r.nextInt(100_000)).getBytes(StandardCharsets.US_ASCII);
            } else if (kind == 1) {
                token = new byte[] {(byte) PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length()))};
            } else {
                double u = r.nextDouble();
                token = words[(int) (u * u * u * VOCABULARY)];
            }
            for (int k = 0; k < token.length && pos < size; k++) {
                out[pos++] = token[k];
            }
            line += token.length + 1;
            if (pos < size) {
                boolean newline = line > 50 && r.nextInt(8) == 0 || line > 110;
                out[pos++] = (byte) (newline ? '\n' : ' ');
                if (newline) {
                    line = 0;
                }
            }
        }
        return out;
    }

    /** {@code size} bytes: the chunk from {@code offset} on, repeated, as a stream. Not thread-safe. */
    static InputStream stream(long size, int offset) {
        byte[] c = chunk();
        return new InputStream() {
            private long left = size;
            private int pos = Math.floorMod(offset, CHUNK);

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, left), CHUNK - pos);
                System.arraycopy(c, pos, b, off, n);
                pos = (pos + n) % CHUNK;
                left -= n;
                return n;
            }
        };
    }

    /** Writes {@code size} bytes: the chunk from {@code offset} on, repeated, in 1 MiB writes. */
    static void write(OutputStream out, long size, int offset) throws IOException {
        byte[] c = chunk();
        int pos = Math.floorMod(offset, CHUNK);
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(Math.min(left, 1 << 20), CHUNK - pos);
            out.write(c, pos, n);
            left -= n;
            pos = (pos + n) % CHUNK;
        }
    }
}

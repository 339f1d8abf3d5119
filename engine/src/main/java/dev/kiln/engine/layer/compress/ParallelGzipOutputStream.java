package dev.kiln.engine.layer.compress;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip compression of independent blocks on several threads, written as ONE gzip member that every
 * reader accepts (the scheme of pigz, https://zlib.net/pigz/pigz.pdf).
 *
 * <p>How: the input is cut into blocks of {@code blockSize} bytes. Each block is deflated by its own raw
 * {@link Deflater} primed with the last 32 KiB of the previous block as dictionary (so matches may reach
 * back across the cut, and the ratio stays within a fraction of a percent of single-stream gzip), and
 * ended with {@link Deflater#SYNC_FLUSH}: the output then stops at a byte boundary after an empty stored
 * block, so compressed blocks can simply be concatenated into one DEFLATE stream (RFC 1951). {@link
 * #close()} appends an empty final block ({@code 03 00}) and the gzip trailer: the CRC-32 of the whole
 * input, computed on the writing thread (the JDK's CRC32 is a hardware intrinsic, faster than any
 * combination of per-block CRCs), and the input length mod 2<sup>32</sup>. The header is fixed: no
 * name, mtime 0, OS 255 (unknown), as Go's {@code compress/gzip} writes it, so output depends only on
 * the input, level and block size. In particular it is the same for 1 or N threads.
 *
 * <p>Bounded: at most {@code 2 * threads} blocks are in flight; a write that would exceed it waits for
 * the oldest block and writes it out. Memory is therefore about {@code 4 * threads * blockSize}. With
 * one thread (or a layer smaller than one block) everything runs inline on the caller's thread and no
 * thread is started. Block buffers are recycled, since 1 MiB arrays are humongous objects for G1.
 *
 * <p>Not thread-safe: one producer writes, as with any {@link OutputStream}. Closing closes the target
 * stream and shuts down the pool this stream created (a pool passed in is left running). After a failure
 * the stream is unusable and {@link #close()} writes no trailer, so a broken blob cannot look complete.
 */
public final class ParallelGzipOutputStream extends OutputStream {

    /** Default block size: 1 MiB, large enough that per-block overhead (~5 bytes) and dictionary priming vanish. */
    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;

    /** DEFLATE's window: the most a match can reach back, so the most useful dictionary. */
    static final int WINDOW = 32 * 1024;

    private static final byte OS_UNKNOWN = (byte) 255;
    private static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};

    private final OutputStream out;
    private final int level;
    private final int blockSize;
    private final ExecutorService pool;
    private final boolean ownsPool;
    private final int maxInFlight;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** Spare input and output buffers, reused so that blocks (humongous objects for G1) are not reallocated. */
    private final ArrayDeque<byte[]> spareInputs = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spareOutputs = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private final byte[] one = new byte[1];

    private byte[] block;
    private int fill;
    private byte[] dictionary;
    private long total;
    private boolean headerWritten;
    private boolean failed;
    private boolean closed;

    /**
     * Compresses into {@code out} with {@code threads} threads of a private pool (started only once the
     * input exceeds one block; {@code threads <= 1} means inline).
     *
     * @throws IllegalArgumentException for a level outside 0..9 or a block size below 64 KiB
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int blockSize, int threads) {
        this(out, level, blockSize, threads <= 1 ? null : newPool(threads), true, Math.max(1, threads));
    }

    /**
     * Compresses into {@code out} using a caller's pool with {@code parallelism} blocks per thread in flight;
     * the pool is not shut down on close.
     */
    public ParallelGzipOutputStream(OutputStream out, int level, int blockSize, ExecutorService pool, int parallelism) {
        this(out, level, blockSize, Objects.requireNonNull(pool, "pool"), false, Math.max(1, parallelism));
    }

    private ParallelGzipOutputStream(OutputStream out, int level, int blockSize, ExecutorService pool,
                                     boolean ownsPool, int threads) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level " + level + ": expected 0 to 9");
        }
        if (blockSize < 2 * WINDOW) {
            throw new IllegalArgumentException("gzip block size " + blockSize + ": at least " + 2 * WINDOW);
        }
        this.out = Objects.requireNonNull(out, "out");
        this.level = level;
        this.blockSize = blockSize;
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.maxInFlight = 2 * threads;
        this.block = new byte[blockSize];
    }

    private static ExecutorService newPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "kiln-gzip-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        crc.update(b, off, len);
        total += len;
        while (len > 0) {
            int n = Math.min(len, blockSize - fill);
            System.arraycopy(b, off, block, fill, n);
            fill += n;
            off += n;
            len -= n;
            if (fill == blockSize) {
                submitBlock();
            }
        }
    }

    /** Flushes what is already compressed; a partial block stays buffered (flushing it would change the output). */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!failed) {
                if (fill > 0) {
                    submitBlock();
                }
                while (!inFlight.isEmpty()) {
                    writeOldest();
                }
                writeHeader();
                out.write(FINAL_EMPTY_BLOCK);
                writeIntLE((int) crc.getValue());
                writeIntLE((int) total);
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            inFlight.forEach(f -> f.result().cancel(true));
            if (ownsPool && pool != null) {
                pool.shutdownNow();
            }
            out.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("gzip stream is closed");
        }
        if (failed) {
            throw new IOException("gzip stream failed earlier");
        }
    }

    /** A block handed to the pool, with its input buffer to recycle once its output is written. */
    private record InFlight(Future<Compressed> result, byte[] input) {}

    /** Deflated bytes {@code buf[0..length)}. */
    record Compressed(byte[] buf, int length) {}

    private void submitBlock() throws IOException {
        byte[] input = block;
        int length = fill;
        byte[] dict = dictionary;
        dictionary = Arrays.copyOfRange(input, Math.max(0, length - WINDOW), length);
        fill = 0;
        byte[] output = spareOutputs.isEmpty() ? new byte[outputSize(blockSize)] : spareOutputs.pop();
        try {
            if (pool == null || (inFlight.isEmpty() && length < blockSize)) {
                // one thread, or a final partial block with nothing pending: no hand-off needed
                block = input;
                write(deflate(input, length, dict, level, output));
                return;
            }
            block = spareInputs.isEmpty() ? new byte[blockSize] : spareInputs.pop();
            inFlight.addLast(new InFlight(pool.submit(() -> deflate(input, length, dict, level, output)), input));
            while (inFlight.size() >= maxInFlight) {
                writeOldest();
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private void writeOldest() throws IOException {
        InFlight next = inFlight.removeFirst();
        Compressed compressed;
        try {
            compressed = next.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
            throw new InterruptedIOException("gzip compression interrupted");
        } catch (ExecutionException e) {
            failed = true;
            throw new IOException("gzip compression of a block failed: " + e.getCause(), e.getCause());
        }
        spareInputs.push(next.input());
        write(compressed);
    }

    private void write(Compressed c) throws IOException {
        writeHeader();
        out.write(c.buf(), 0, c.length());
        if (c.buf().length == outputSize(blockSize)) {
            spareOutputs.push(c.buf());
        }
    }

    /** Room for a deflated block: incompressible data grows by 5 bytes per 16 KiB stored block, far below 1/64. */
    static int outputSize(int blockSize) {
        return blockSize + (blockSize >> 6) + 64;
    }

    /**
     * Deflates one block as raw DEFLATE ending on a byte boundary (SYNC_FLUSH), never as the final block,
     * into {@code output} (or a larger array if it does not fit).
     */
    static Compressed deflate(byte[] input, int length, byte[] dictionary, int level, byte[] output) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (dictionary != null && dictionary.length > 0) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(input, 0, length);
            byte[] buf = output;
            int pos = 0;
            while (true) {
                int n = deflater.deflate(buf, pos, buf.length - pos, Deflater.SYNC_FLUSH);
                pos += n;
                if (pos < buf.length) {
                    return new Compressed(buf, pos); // SYNC_FLUSH completed with room to spare
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        } finally {
            deflater.end();
        }
    }

    private void writeHeader() throws IOException {
        if (headerWritten) {
            return;
        }
        headerWritten = true;
        byte xfl = level == Deflater.BEST_COMPRESSION ? (byte) 2 : level == Deflater.BEST_SPEED ? (byte) 4 : 0;
        out.write(new byte[] {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, xfl, OS_UNKNOWN});
    }

    private void writeIntLE(int v) throws IOException {
        out.write(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }
}

package dev.kiln.engine.layer.tar;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.List;

/**
 * Crashes {@link TarFuzzTest} found in the tar reader (unchecked exceptions on malformed input), now fixed:
 * each reproducer must fail with a {@link TarException} like any other malformed archive. Kept as regression
 * cases.
 */
enum FormerCrash {

    /**
     * {@code Header.text} cuts an over-long name to 300 chars for the message with
     * {@code new String(bytes, 0, 300, UTF_8)}, which throws when the name is shorter than 300 bytes,
     * i.e. with a {@link TarLimits#maxNameBytes()} below 300. Fix: {@code Math.min(300, bytes.length)}.
     */
    NAME_LIMIT_BELOW_300(new TarLimits(1 << 20, 100)) {
        @Override
        List<byte[]> reproducers() {
            return List.of(tar(TarEntry.of("n".repeat(150), TarType.REGULAR)));
        }
    },

    /**
     * A time beyond {@link java.time.Instant}'s range (about ±3.2e16 s): a base-256 header mtime such as
     * 2<sup>63</sup>-1 in {@code Header.toEntry}, or a PAX mtime/atime of 17 or 18 digits in
     * {@code Header.time}, throws {@link DateTimeException}. Fix: turn it (and an ArithmeticException
     * of {@code minusNanos}) into a MALFORMED {@link TarException}.
     */
    TIME_OUT_OF_RANGE(TarLimits.DEFAULT) {
        @Override
        List<byte[]> reproducers() {
            byte[] header = tar(TarEntry.of("f", TarType.REGULAR));
            setBase256(header, Blocks.MTIME, Blocks.NUM12_LEN, Long.MAX_VALUE);
            byte[] mtime = FuzzRecords.record("mtime", ascii("999999999999999999"));
            byte[] pax = TarMutator.concat(TarMutator.extension((byte) 'x', mtime, mtime.length),
                    tar(TarEntry.of("f", TarType.REGULAR)));
            return List.of(header, pax);
        }
    },

    /**
     * {@code TarReader.next} adds each extension header's size to a running total before comparing it to
     * the limit; a second extension header with a base-256 size near 2<sup>63</sup> overflows the sum to a
     * negative number, which passes, and {@code readData((int) size)} then calls
     * {@code readNBytes(-1)}. Fix: compare {@code size > limit - total} before adding.
     */
    EXTENSION_SIZE_OVERFLOW(TarLimits.DEFAULT) {
        @Override
        List<byte[]> reproducers() {
            byte[] comment = FuzzRecords.record("comment", ascii("x"));
            byte[] first = TarMutator.extension((byte) 'x', comment, comment.length);
            byte[] second = TarMutator.extension((byte) 'L', new byte[0], 0);
            setBase256(second, Blocks.SIZE_FIELD, Blocks.NUM12_LEN, Long.MAX_VALUE);
            return List.of(TarMutator.concat(TarMutator.concat(first, second), tar(TarEntry.of("f", TarType.REGULAR))));
        }
    };

    private final TarLimits limits;

    FormerCrash(TarLimits limits) {
        this.limits = limits;
    }

    /** Archives that used to crash the reader when read with {@link #limits()}. */
    abstract List<byte[]> reproducers();

    /** The limits the reproducers need. */
    TarLimits limits() {
        return limits;
    }

    /** {@code Class.method} of the innermost Kiln frame of {@code t}, or "" if none. */
    static String thrower(Throwable t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith("dev.kiln.")) {
                String c = f.getClassName();
                return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName();
            }
        }
        return "";
    }

    /** Reads {@code tar} to its end, draining content. */
    static void readAll(byte[] tar, TarLimits limits) throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(tar), limits);
        while (r.next() != null) {
            r.content().transferTo(OutputStream.nullOutputStream());
        }
    }

    private static byte[] tar(TarEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TarWriter w = new TarWriter(out);
            w.write(e, null);
            w.finish();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code v} as GNU base-256 into a header field at {@code off} of the first block, fixing the checksum. */
    private static void setBase256(byte[] t, int off, int len, long v) {
        Arrays.fill(t, off, off + len, (byte) 0);
        t[off] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            t[off + len - 1 - i] = (byte) (v >>> (8 * i));
        }
        fixChecksum(t, 0);
    }

    private static void fixChecksum(byte[] t, int off) {
        byte[] h = Arrays.copyOfRange(t, off, off + Blocks.SIZE);
        Blocks.writeChecksum(h);
        System.arraycopy(h, 0, t, off, Blocks.SIZE);
    }
}

package dev.kiln.engine.layer.tar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fixed 512-byte header layout shared by {@link TarReader} and {@link TarWriter}: field offsets,
 * numbers in octal or GNU base-256, checksums. Stateless.
 * Layout: https://www.gnu.org/software/tar/manual/html_node/Standard.html.
 */
final class Blocks {

    static final int SIZE = 512;

    static final int NAME = 0;
    static final int NAME_LEN = 100;
    static final int MODE = 100;
    static final int UID = 108;
    static final int GID = 116;
    static final int ID_LEN = 8;
    static final int SIZE_FIELD = 124;
    static final int MTIME = 136;
    static final int NUM12_LEN = 12;
    static final int CHKSUM = 148;
    static final int TYPEFLAG = 156;
    static final int LINKNAME = 157;
    static final int MAGIC = 257;
    static final int VERSION = 263;
    static final int UNAME = 265;
    static final int GNAME = 297;
    static final int OWNER_LEN = 32;
    static final int DEVMAJOR = 329;
    static final int DEVMINOR = 337;
    static final int PREFIX = 345;
    static final int PREFIX_LEN = 155;
    /** Star format ({@code tar\0} at 508) keeps only 131 bytes of prefix, then atime and ctime. */
    static final int STAR_PREFIX_LEN = 131;
    static final int STAR_TRAILER = 508;

    /** Largest value of an 8-byte octal field (7 digits and a NUL). */
    static final long MAX_OCTAL_8 = 07777777L;
    /** Largest value of a 12-byte octal field (11 digits and a NUL). */
    static final long MAX_OCTAL_12 = 077777777777L;

    private Blocks() {}

    static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of padding after {@code size} bytes of content, up to the next block boundary. */
    static int padding(long size) {
        return (int) ((SIZE - (size % SIZE)) % SIZE);
    }

    static boolean hasBytes(byte[] b, int off, String ascii) {
        byte[] want = ascii.getBytes(StandardCharsets.ISO_8859_1);
        return Arrays.equals(b, off, off + want.length, want, 0, want.length);
    }

    /** The bytes of a NUL-terminated field (all {@code len} bytes if there is no NUL). */
    static byte[] field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return Arrays.copyOfRange(b, off, end);
    }

    /**
     * A numeric field: octal digits surrounded by spaces or NULs (as every tar writer pads them), or GNU
     * base-256 when the high bit of the first byte is set (0x80 positive, 0xff negative).
     *
     * @throws NumberFormatException naming the field for anything else, or for values beyond a long
     */
    static long number(byte[] b, int off, int len, String field) {
        if ((b[off] & 0x80) != 0) {
            // two's complement over the whole field, the flag bit excluded (as Go's parseNumeric)
            int inv = (b[off] & 0x40) != 0 ? 0xff : 0;
            long x = 0;
            for (int i = 0; i < len; i++) {
                int c = (b[off + i] & 0xff) ^ inv;
                if (i == 0) {
                    c &= 0x7f;
                }
                if ((x >>> 56) != 0) {
                    throw new NumberFormatException(field + " overflows 64 bits");
                }
                x = (x << 8) | c;
            }
            if (x < 0) {
                throw new NumberFormatException(field + " overflows 64 bits");
            }
            return inv == 0xff ? ~x : x;
        }
        int start = off;
        int end = off + len;
        while (start < end && (b[start] == ' ' || b[start] == 0)) {
            start++;
        }
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == 0)) {
            end--;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 7) {
                throw new NumberFormatException(field + " is not an octal number: \""
                        + new String(b, off, len, StandardCharsets.ISO_8859_1).replace("\0", "\\0") + "\"");
            }
            if (v > (Long.MAX_VALUE >> 3)) {
                throw new NumberFormatException(field + " overflows 64 bits");
            }
            v = (v << 3) | d;
        }
        return v;
    }

    /** Writes {@code v} as zero-padded octal with a trailing NUL into a field of {@code len} bytes. */
    static void octal(byte[] b, int off, int len, long v) {
        String s = Long.toOctalString(v);
        if (v < 0 || s.length() > len - 1) {
            throw new IllegalArgumentException("value " + v + " does not fit an octal field of " + len + " bytes");
        }
        int pad = len - 1 - s.length();
        for (int i = 0; i < pad; i++) {
            b[off + i] = '0';
        }
        for (int i = 0; i < s.length(); i++) {
            b[off + pad + i] = (byte) s.charAt(i);
        }
        b[off + len - 1] = 0;
    }

    /** The unsigned sum of the header bytes with the checksum field counted as spaces. */
    static long unsignedSum(byte[] block) {
        long sum = 0;
        for (int i = 0; i < SIZE; i++) {
            sum += (i >= CHKSUM && i < CHKSUM + 8) ? ' ' : (block[i] & 0xff);
        }
        return sum;
    }

    /** The same with signed bytes, as some historic tars computed it. */
    static long signedSum(byte[] block) {
        long sum = 0;
        for (int i = 0; i < SIZE; i++) {
            sum += (i >= CHKSUM && i < CHKSUM + 8) ? ' ' : block[i];
        }
        return sum;
    }

    /** Fills in the checksum: six octal digits, NUL, space (the form GNU tar and Go write). */
    static void writeChecksum(byte[] block) {
        long sum = unsignedSum(block);
        octal(block, CHKSUM, 7, sum);
        block[CHKSUM + 7] = ' ';
    }
}

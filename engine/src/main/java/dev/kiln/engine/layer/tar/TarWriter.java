package dev.kiln.engine.layer.tar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a tar stream in the PAX format as Go's archive/tar writes it: a ustar header per entry, preceded
 * by a PAX extended header ({@code x}) only when a value does not fit ustar (a name or link target over
 * 100 bytes or not ASCII, ids over 2097151, sizes of 8 GiB or more, times with nanoseconds or outside
 * the octal range) or for xattrs ({@code SCHILY.xattr.*}). PAX records are sorted by key and the
 * extended header's own fields are fixed (name {@code dir/PaxHeaders.0/base}, mode 0644, mtime 0), so
 * the same entries always give the same bytes. The archive ends with two zero blocks and no padding to
 * a record size (as Go).
 *
 * <p>Not thread-safe. The target should be buffered. It is not closed by {@link #finish()}.
 */
public final class TarWriter {

    private static final byte[] ZEROS = new byte[Blocks.SIZE];

    private final OutputStream out;
    private final byte[] copyBuffer = new byte[64 * 1024];
    private long written;

    public TarWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Writes one entry. For a regular file exactly {@code entry.size()} bytes are copied from {@code content}.
     *
     * @throws IOException if {@code content} ends early (the file shrank) or writing fails
     */
    public void write(TarEntry entry, InputStream content) throws IOException {
        SortedMap<String, byte[]> pax = new TreeMap<>();
        byte[] header = new byte[Blocks.SIZE];
        putString(header, Blocks.NAME, Blocks.NAME_LEN, entry.name(), Pax.PATH, pax);
        Blocks.octal(header, Blocks.MODE, Blocks.ID_LEN, entry.mode());
        putNumber(header, Blocks.UID, Blocks.ID_LEN, Integer.toUnsignedLong(entry.uid()), Blocks.MAX_OCTAL_8, Pax.UID, pax);
        putNumber(header, Blocks.GID, Blocks.ID_LEN, Integer.toUnsignedLong(entry.gid()), Blocks.MAX_OCTAL_8, Pax.GID, pax);
        putNumber(header, Blocks.SIZE_FIELD, Blocks.NUM12_LEN, entry.size(), Blocks.MAX_OCTAL_12, Pax.SIZE, pax);
        Instant mtime = entry.mtime();
        long seconds = mtime.getEpochSecond();
        if (mtime.getNano() != 0 || seconds < 0 || seconds > Blocks.MAX_OCTAL_12) {
            pax.put(Pax.MTIME, paxTime(mtime).getBytes(StandardCharsets.US_ASCII));
        }
        Blocks.octal(header, Blocks.MTIME, Blocks.NUM12_LEN, Math.clamp(seconds, 0, Blocks.MAX_OCTAL_12));
        header[Blocks.TYPEFLAG] = (byte) entry.type().flag();
        putString(header, Blocks.LINKNAME, Blocks.NAME_LEN, entry.linkName(), Pax.LINKPATH, pax);
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, Blocks.MAGIC, 6);
        header[Blocks.VERSION] = '0';
        header[Blocks.VERSION + 1] = '0';
        putString(header, Blocks.UNAME, Blocks.OWNER_LEN, entry.uname(), Pax.UNAME, pax);
        putString(header, Blocks.GNAME, Blocks.OWNER_LEN, entry.gname(), Pax.GNAME, pax);
        long major = Integer.toUnsignedLong(entry.devMajor());
        long minor = Integer.toUnsignedLong(entry.devMinor());
        if (major > Blocks.MAX_OCTAL_8 || minor > Blocks.MAX_OCTAL_8) {
            throw new IOException("tar entry " + entry.name() + ": device " + major + ":" + minor
                    + " does not fit a tar header");
        }
        Blocks.octal(header, Blocks.DEVMAJOR, Blocks.ID_LEN, major);
        Blocks.octal(header, Blocks.DEVMINOR, Blocks.ID_LEN, minor);
        for (Map.Entry<String, byte[]> x : entry.xattrs().entrySet()) {
            pax.put(Pax.XATTR + x.getKey(), x.getValue());
        }
        Blocks.writeChecksum(header);
        if (!pax.isEmpty()) {
            writePax(entry.name(), Pax.format(pax));
        }
        out.write(header);
        written += Blocks.SIZE;
        if (entry.type().hasContent() && entry.size() > 0) {
            copy(entry, content);
        }
    }

    /** Writes the end-of-archive marker: two zero blocks. */
    public void finish() throws IOException {
        out.write(ZEROS);
        out.write(ZEROS);
        written += 2 * Blocks.SIZE;
    }

    /** Bytes written so far. */
    public long written() {
        return written;
    }

    private void copy(TarEntry entry, InputStream content) throws IOException {
        Objects.requireNonNull(content, "content of " + entry.name());
        long left = entry.size();
        while (left > 0) {
            int n = content.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, left));
            if (n < 0) {
                throw new IOException("tar entry " + entry.name() + ": content ended " + left + " bytes short of "
                        + entry.size() + " (did the file change while the layer was written?)");
            }
            out.write(copyBuffer, 0, n);
            left -= n;
        }
        int pad = Blocks.padding(entry.size());
        out.write(ZEROS, 0, pad);
        written += entry.size() + pad;
    }

    private void writePax(String name, byte[] records) throws IOException {
        int slash = name.endsWith("/") ? name.lastIndexOf('/', name.length() - 2) : name.lastIndexOf('/');
        String base = name.substring(slash + 1);
        String paxName = (slash >= 0 ? name.substring(0, slash + 1) : "") + "PaxHeaders.0/" + base;
        byte[] h = new byte[Blocks.SIZE];
        byte[] n = asciiPrefix(paxName, Blocks.NAME_LEN);
        System.arraycopy(n, 0, h, Blocks.NAME, n.length);
        Blocks.octal(h, Blocks.MODE, Blocks.ID_LEN, 0644);
        Blocks.octal(h, Blocks.UID, Blocks.ID_LEN, 0);
        Blocks.octal(h, Blocks.GID, Blocks.ID_LEN, 0);
        Blocks.octal(h, Blocks.SIZE_FIELD, Blocks.NUM12_LEN, records.length);
        Blocks.octal(h, Blocks.MTIME, Blocks.NUM12_LEN, 0);
        h[Blocks.TYPEFLAG] = 'x';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, Blocks.MAGIC, 6);
        h[Blocks.VERSION] = '0';
        h[Blocks.VERSION + 1] = '0';
        Blocks.octal(h, Blocks.DEVMAJOR, Blocks.ID_LEN, 0);
        Blocks.octal(h, Blocks.DEVMINOR, Blocks.ID_LEN, 0);
        Blocks.writeChecksum(h);
        out.write(h);
        out.write(records);
        int pad = Blocks.padding(records.length);
        out.write(ZEROS, 0, pad);
        written += Blocks.SIZE + records.length + pad;
    }

    /** A string field; if it is not ASCII or too long, a PAX record carries it and the field gets an ASCII prefix. */
    private static void putString(byte[] h, int off, int len, String value, String paxKey, Map<String, byte[]> pax) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        boolean ascii = utf8.length == value.length();
        if (!ascii || utf8.length > len) {
            pax.put(paxKey, utf8);
            byte[] prefix = asciiPrefix(value, len);
            System.arraycopy(prefix, 0, h, off, prefix.length);
        } else {
            System.arraycopy(utf8, 0, h, off, utf8.length);
        }
    }

    /** The ASCII characters of {@code s} (others dropped, as Go's toASCII), cut to {@code len} bytes. */
    private static byte[] asciiPrefix(String s, int len) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < len; i++) {
            char c = s.charAt(i);
            if (c > 0 && c < 0x80) {
                b.append(c);
            }
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void putNumber(byte[] h, int off, int len, long v, long max, String paxKey, Map<String, byte[]> pax) {
        if (v > max) {
            pax.put(paxKey, Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            Blocks.octal(h, off, len, 0);
        } else {
            Blocks.octal(h, off, len, v);
        }
    }

    /** {@code seconds[.fraction]} with trailing zeros of the fraction dropped, as Go's formatPAXTime. */
    static String paxTime(Instant t) {
        long sec = t.getEpochSecond();
        int nanos = t.getNano();
        if (nanos == 0) {
            return Long.toString(sec);
        }
        String sign = "";
        if (sec < 0) { // -1.5 is stored as seconds -2 + 500000000 nanos
            sign = "-";
            sec = -(sec + 1);
            nanos = 1_000_000_000 - nanos;
        }
        String frac = String.format("%09d", nanos).replaceAll("0+$", "");
        return sign + sec + "." + frac;
    }
}

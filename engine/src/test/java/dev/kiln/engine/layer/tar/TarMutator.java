package dev.kiln.engine.layer.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware mutations of a tar archive for {@link TarFuzzTest}: each picks a header (found by
 * walking the archive as a reader would) or a block, damages it the way a corrupt or hostile layer would,
 * and usually fixes the checksum up so that the damage reaches the parser behind the checksum test.
 *
 * <p>Not thread-safe; one per fuzz case. Deterministic for a given {@link Random}, and it logs what it
 * did ({@link #log()}), so a failing case can be named and replayed.
 */
final class TarMutator {

    private static final int BLOCK = Blocks.SIZE;
    /** Numeric header fields: offset, length, name. */
    private static final int[][] NUMBER_FIELDS = {{Blocks.MODE, 8}, {Blocks.UID, 8}, {Blocks.GID, 8},
            {Blocks.SIZE_FIELD, 12}, {Blocks.MTIME, 12}, {Blocks.CHKSUM, 8}, {Blocks.DEVMAJOR, 8}, {Blocks.DEVMINOR, 8}};
    private static final String[] NUMBER_NAMES = {"mode", "uid", "gid", "size", "mtime", "chksum", "devmajor", "devminor"};
    private static final byte[] TYPEFLAGS = "0123456789xgLKSDVAMNZ\0 \u00ff".getBytes(StandardCharsets.ISO_8859_1);
    private static final String[] HOSTILE_NAMES = {"../escape", "/abs/../../escape", "a/../../escape", ".", "", "..",
            "./..", "./", "/", "//", "esc/pwned", "up/tmp/kfz-pwned", ".wh..wh..opq", ".wh.", ".wh...", "a/.wh.b/c",
            "dev/null/x", "etc/hosts/child", "nul\0name", "line\nbreak", "\u00ff\u00fe"};
    private static final String[] HOSTILE_LINKS = {"../sentinel/canary", "/", "..", "../../../../etc/passwd",
            "etc/hosts", "etc", "etc/hard", "self", "", "esc/canary", "/proc/self/root"};

    private final Random random;
    private final List<String> log = new ArrayList<>();

    TarMutator(Random random) {
        this.random = random;
    }

    /** What the mutations did, in order. */
    String log() {
        return String.join(", ", log);
    }

    /** Applies one to three mutations, sometimes followed by a truncation or trailing garbage. */
    byte[] mutate(byte[] tar) {
        byte[] t = tar;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            t = once(t);
        }
        int tail = random.nextInt(10);
        if (tail == 0) {
            t = truncate(t);
        } else if (tail == 1) {
            byte[] garbage = new byte[1 + random.nextInt(1500)];
            random.nextBytes(garbage);
            log.add("append " + garbage.length + " garbage bytes");
            t = concat(t, garbage);
        }
        return t;
    }

    private byte[] once(byte[] t) {
        return switch (random.nextInt(16)) {
            case 0, 1 -> flipHeaderByte(t);
            case 2, 3 -> setNumber(t);
            case 4 -> setTypeflag(t);
            case 5 -> setName(t, Blocks.NAME, "name", HOSTILE_NAMES);
            case 6 -> setName(t, Blocks.LINKNAME, "linkname", HOSTILE_LINKS);
            case 7 -> damageMagicOrPrefix(t);
            case 8 -> truncate(t);
            case 9 -> duplicateBlock(t);
            case 10 -> swapBlocks(t);
            case 11 -> deleteBlock(t);
            case 12, 13 -> insertExtension(t);
            case 14 -> insertBlock(t);
            default -> flipAnyByte(t);
        };
    }

    /** The offsets of the header blocks, found as a lenient reader would (stops at anything unreadable). */
    static List<Integer> headers(byte[] t) {
        List<Integer> offsets = new ArrayList<>();
        int pos = 0;
        while (pos + BLOCK <= t.length && offsets.size() < 10_000) {
            byte[] h = Arrays.copyOfRange(t, pos, pos + BLOCK);
            if (Blocks.isZero(h)) {
                break;
            }
            offsets.add(pos);
            long size;
            try {
                size = Blocks.number(h, Blocks.SIZE_FIELD, Blocks.NUM12_LEN, "size");
            } catch (NumberFormatException e) {
                break;
            }
            byte flag = h[Blocks.TYPEFLAG];
            boolean content = flag == '0' || flag == '7' || flag == 0 || flag == 'x' || flag == 'g' || flag == 'L'
                    || flag == 'K' || flag == 'D';
            if (size < 0 || size > t.length) {
                break;
            }
            pos += BLOCK + (content ? (int) (size + Blocks.padding(size)) : 0);
        }
        return offsets;
    }

    /** A header offset, or a random block offset when no header is found. */
    private int header(byte[] t) {
        List<Integer> h = headers(t);
        if (!h.isEmpty()) {
            return h.get(random.nextInt(h.size()));
        }
        return t.length < BLOCK ? -1 : random.nextInt(t.length / BLOCK) * BLOCK;
    }

    /** Usually recomputes the checksum of the header at {@code off}, so that the damage gets parsed. */
    private void maybeFixChecksum(byte[] t, int off, double probability) {
        if (random.nextDouble() < probability) {
            byte[] h = Arrays.copyOfRange(t, off, off + BLOCK);
            Blocks.writeChecksum(h);
            System.arraycopy(h, 0, t, off, BLOCK);
        } else {
            log.add("checksum left stale");
        }
    }

    private byte[] flipHeaderByte(byte[] t0) {
        int off = header(t0);
        if (off < 0) {
            return flipAnyByte(t0);
        }
        byte[] t = t0.clone();
        int i = random.nextInt(BLOCK);
        t[off + i] ^= (byte) (1 + random.nextInt(255));
        log.add("flip header byte " + i + " at " + off);
        maybeFixChecksum(t, off, 0.75);
        return t;
    }

    private byte[] setNumber(byte[] t0) {
        int off = header(t0);
        if (off < 0) {
            return flipAnyByte(t0);
        }
        byte[] t = t0.clone();
        int f = random.nextInt(NUMBER_FIELDS.length);
        int len = NUMBER_FIELDS[f][1];
        byte[] value = number(len);
        System.arraycopy(value, 0, t, off + NUMBER_FIELDS[f][0], len);
        log.add("set " + NUMBER_NAMES[f] + " at " + off + " to " + describe(value));
        if (f != 5) { // a damaged checksum field is its own mutation
            maybeFixChecksum(t, off, 0.9);
        }
        return t;
    }

    /** A value for a numeric field of {@code len} bytes: extremes of octal and base-256, and non-numbers. */
    private byte[] number(int len) {
        byte[] v = new byte[len];
        switch (random.nextInt(11)) {
            case 0 -> { Arrays.fill(v, (byte) '7'); v[len - 1] = 0; } // the largest octal value
            case 1 -> Arrays.fill(v, (byte) '7'); // octal without terminator
            case 2 -> { Arrays.fill(v, (byte) '0'); v[random.nextInt(len)] = (byte) "89-+x.e ".charAt(random.nextInt(8)); }
            case 3 -> { Arrays.fill(v, (byte) ' '); v[0] = '-'; v[1] = '1'; } // a negative number in text
            case 4 -> Arrays.fill(v, random.nextBoolean() ? (byte) ' ' : 0); // empty: zero
            case 5 -> { v[0] = (byte) 0x80; v[len - 1] = (byte) random.nextInt(256); } // small base-256
            case 6 -> { Arrays.fill(v, (byte) 0xff); v[0] = (byte) 0xbf; } // base-256 beyond 64 bits
            case 7 -> { Arrays.fill(v, (byte) 0xff); v[len - 1] = (byte) random.nextInt(256); } // negative base-256
            case 8 -> { Arrays.fill(v, (byte) 0xff); v[0] = (byte) 0x80; if (len > 8) { Arrays.fill(v, 1, len - 8, (byte) 0); v[len - 8] = 0x7f; } }
            case 9 -> { String s = Long.toOctalString(random.nextLong() >>> random.nextInt(64));
                byte[] d = s.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(d, Math.max(0, d.length - len), v, 0, Math.min(len, d.length)); }
            default -> random.nextBytes(v);
        }
        return v;
    }

    private byte[] setTypeflag(byte[] t0) {
        int off = header(t0);
        if (off < 0) {
            return flipAnyByte(t0);
        }
        byte[] t = t0.clone();
        byte flag = TYPEFLAGS[random.nextInt(TYPEFLAGS.length)];
        t[off + Blocks.TYPEFLAG] = flag;
        log.add("set typeflag at " + off + " to 0x" + Integer.toHexString(flag & 0xff));
        maybeFixChecksum(t, off, 0.9);
        return t;
    }

    /** Writes a hostile name, or a NUL or an invalid UTF-8 byte into the present one. */
    private byte[] setName(byte[] t0, int field, String what, String[] names) {
        int off = header(t0);
        if (off < 0) {
            return flipAnyByte(t0);
        }
        byte[] t = t0.clone();
        if (random.nextInt(3) == 0) {
            int i = random.nextInt(Blocks.NAME_LEN);
            t[off + field + i] = random.nextBoolean() ? 0 : (byte) (0x80 + random.nextInt(128));
            log.add("damage " + what + " byte " + i + " at " + off);
        } else {
            byte[] name = names[random.nextInt(names.length)].getBytes(StandardCharsets.UTF_8);
            Arrays.fill(t, off + field, off + field + Blocks.NAME_LEN, (byte) 0);
            System.arraycopy(name, 0, t, off + field, Math.min(name.length, Blocks.NAME_LEN));
            log.add("set " + what + " at " + off + " to " + describe(name));
        }
        maybeFixChecksum(t, off, 0.9);
        return t;
    }

    /** Switches between ustar, GNU and V7 magic, or fills the ustar prefix (with {@code ..} now and then). */
    private byte[] damageMagicOrPrefix(byte[] t0) {
        int off = header(t0);
        if (off < 0) {
            return flipAnyByte(t0);
        }
        byte[] t = t0.clone();
        switch (random.nextInt(4)) {
            case 0 -> put(t, off + Blocks.MAGIC, "ustar\0" + "00");
            case 1 -> put(t, off + Blocks.MAGIC, "ustar  \0");
            case 2 -> Arrays.fill(t, off + Blocks.MAGIC, off + Blocks.MAGIC + 8, (byte) 0);
            default -> {
                put(t, off + Blocks.MAGIC, "ustar\0" + "00");
                String prefix = random.nextBoolean() ? "../.." : "p".repeat(1 + random.nextInt(Blocks.PREFIX_LEN));
                Arrays.fill(t, off + Blocks.PREFIX, off + Blocks.PREFIX + Blocks.PREFIX_LEN, (byte) 0);
                put(t, off + Blocks.PREFIX, prefix);
                if (random.nextBoolean()) {
                    put(t, off + Blocks.STAR_TRAILER, "tar\0");
                }
            }
        }
        log.add("change magic or prefix at " + off);
        maybeFixChecksum(t, off, 0.9);
        return t;
    }

    private byte[] truncate(byte[] t) {
        int at = t.length == 0 ? 0 : random.nextInt(t.length);
        if (random.nextBoolean()) {
            at -= at % BLOCK;
        }
        log.add("truncate at " + at);
        return Arrays.copyOf(t, at);
    }

    private byte[] duplicateBlock(byte[] t) {
        int blocks = t.length / BLOCK;
        if (blocks == 0) {
            return flipAnyByte(t);
        }
        int from = random.nextInt(blocks) * BLOCK;
        int to = random.nextInt(blocks + 1) * BLOCK;
        log.add("duplicate block " + from + " to " + to);
        return splice(t, to, 0, Arrays.copyOfRange(t, from, from + BLOCK));
    }

    private byte[] swapBlocks(byte[] t0) {
        int blocks = t0.length / BLOCK;
        if (blocks < 2) {
            return flipAnyByte(t0);
        }
        byte[] t = t0.clone();
        int a = random.nextInt(blocks) * BLOCK;
        int b = random.nextInt(blocks) * BLOCK;
        byte[] tmp = Arrays.copyOfRange(t, a, a + BLOCK);
        System.arraycopy(t, b, t, a, BLOCK);
        System.arraycopy(tmp, 0, t, b, BLOCK);
        log.add("swap blocks " + a + " and " + b);
        return t;
    }

    private byte[] deleteBlock(byte[] t) {
        int blocks = t.length / BLOCK;
        if (blocks == 0) {
            return flipAnyByte(t);
        }
        int at = random.nextInt(blocks) * BLOCK;
        log.add("delete block " + at);
        return splice(t, at, BLOCK, new byte[0]);
    }

    /** A zero block, a random block, or a copy of a header with a random byte changed, at a block boundary. */
    private byte[] insertBlock(byte[] t) {
        byte[] b = new byte[BLOCK];
        if (random.nextBoolean()) {
            random.nextBytes(b);
            if (random.nextBoolean()) {
                Blocks.writeChecksum(b);
            }
        }
        int at = random.nextInt(t.length / BLOCK + 1) * BLOCK;
        log.add("insert " + (Blocks.isZero(b) ? "zero" : "random") + " block at " + at);
        return splice(t, at, 0, b);
    }

    /** Inserts a PAX ({@code x}/{@code g}) or GNU long-name ({@code L}/{@code K}) header with hostile data. */
    private byte[] insertExtension(byte[] t) {
        List<Integer> h = headers(t);
        int at = h.isEmpty() ? 0 : h.get(random.nextInt(h.size()));
        byte flag = (byte) "xxxgLK".charAt(random.nextInt(6));
        byte[] data = flag == 'L' || flag == 'K' ? FuzzRecords.longName(random) : FuzzRecords.pax(random);
        long declared = data.length;
        switch (random.nextInt(8)) {
            case 0 -> declared = data.length + 1 + random.nextInt(2000); // more than follows
            case 1 -> declared = Math.max(0, data.length - 1 - random.nextInt(Math.max(1, data.length)));
            case 2 -> declared = (1L << 20) + random.nextInt(10); // just over the default limit
            default -> { }
        }
        log.add("insert '" + (char) flag + "' header at " + at + " (" + declared + " bytes declared): "
                + describe(Arrays.copyOf(data, Math.min(60, data.length))));
        return splice(t, at, 0, extension(flag, data, declared));
    }

    /** An extension header of type {@code flag} declaring {@code declared} bytes, then {@code data} padded to a block. */
    static byte[] extension(byte flag, byte[] data, long declared) {
        byte[] header = new byte[BLOCK];
        put(header, Blocks.NAME, "././@PaxHeader");
        Blocks.octal(header, Blocks.MODE, 8, 0644);
        Blocks.octal(header, Blocks.SIZE_FIELD, 12, declared);
        header[Blocks.TYPEFLAG] = flag;
        put(header, Blocks.MAGIC, "ustar\0" + "00");
        Blocks.writeChecksum(header);
        return concat(header, Arrays.copyOf(data, data.length + Blocks.padding(data.length)));
    }

    private byte[] flipAnyByte(byte[] t0) {
        if (t0.length == 0) {
            log.add("append a zero block to an empty archive");
            return new byte[BLOCK];
        }
        byte[] t = t0.clone();
        int i = random.nextInt(t.length);
        t[i] ^= (byte) (1 + random.nextInt(255));
        log.add("flip byte " + i);
        return t;
    }

    private static void put(byte[] t, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, t, off, b.length);
    }

    private static byte[] splice(byte[] t, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(t.length + insert.length);
        out.write(t, 0, at);
        out.writeBytes(insert);
        out.write(t, at + remove, t.length - at - remove);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Bytes for a log line: printable ASCII as is, others as {@code \xNN}. */
    static String describe(byte[] b) {
        StringBuilder s = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            s.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.append('"').toString();
    }
}

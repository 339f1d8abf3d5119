package dev.kiln.engine.layer.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Data for the extension headers {@link TarMutator} inserts: PAX records (POSIX pax, "pax Extended Header
 * File Format") that are well-formed with hostile values, or malformed in their framing (lengths that
 * lie, missing newlines, no {@code =}, NULs), and GNU long names with NULs, bad UTF-8 or over-long names.
 * Stateless.
 */
final class FuzzRecords {

    /** Records with correct framing and values a reader must judge: escapes, extremes, garbage. */
    private static final String[][] VALUES = {
            {"path", "../../sentinel/pwned"}, {"path", ""}, {"path", "a\0b"}, {"path", "/abs/x"},
            {"path", "esc/pwned"}, {"path", "x".repeat(5000)}, {"linkpath", "/etc/passwd"},
            {"linkpath", "../sentinel/canary"}, {"linkpath", ""},
            {"size", "-1"}, {"size", "99999999999999999999"}, {"size", "12345678901"}, {"size", ""},
            {"size", "0x10"}, {"size", "9223372036854775807"}, {"size", "999999999999999999"},
            {"uid", "4294967295"}, {"uid", "4294967296"}, {"uid", "x"}, {"gid", "-5"},
            {"mtime", "-1.5"}, {"mtime", "1e9"}, {"mtime", "."}, {"mtime", "-"}, {"mtime", "999999999999999999"},
            {"mtime", "99999999999999999999.1"}, {"mtime", "-999999999999999999.999999999"}, {"mtime", "1.2.3"},
            {"atime", "31556889864403200"}, {"atime", "-31557014167219201"}, {"atime", ""},
            {"uname", "\u00ff"}, {"gname", ""}, {"SCHILY.xattr.user.x", "line\nbreak\0nul"},
            {"SCHILY.xattr.", "no name"}, {"SCHILY.xattr.security.capability", "\u0001\u0002"},
            {"SCHILY.xattr.trusted.x", "v"}, {"LIBARCHIVE.xattr.%zz", "!!"}, {"LIBARCHIVE.xattr.user.y", "@@@"},
            {"LIBARCHIVE.xattr.user.z", "dmFsdWU="}, {"GNU.sparse.size", "1"}, {"GNU.sparse.major", "1"},
            {"comment", "hello"}, {"hdrcharset", "BINARY"}};

    /** Records whose framing is broken. */
    private static final String[] MALFORMED = {
            "999999 path=x\n", "5 a=b\n", "abc path=x\n", "0 =\n", "6 a=b\n\0\0x", "12345678901 a=b\n",
            "9 path=x", "7 =abc\n", "8 noequals\n", " 5 a=b\n", "-5 a=b\n", "3 \n", "11 path=x\n\n", "\n", "\0"};

    private FuzzRecords() {}

    /** The data of a PAX header: one to four records, each well-formed or not. */
    static byte[] pax(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> out.writeBytes(MALFORMED[random.nextInt(MALFORMED.length)].getBytes(StandardCharsets.ISO_8859_1));
                case 1 -> {
                    byte[] junk = new byte[1 + random.nextInt(40)];
                    random.nextBytes(junk);
                    out.writeBytes(junk);
                }
                default -> {
                    String[] kv = VALUES[random.nextInt(VALUES.length)];
                    out.writeBytes(record(kv[0], kv[1].getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return out.toByteArray();
    }

    /** The data of a GNU long-name or long-link header. */
    static byte[] longName(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "../../sentinel/pwned\0".getBytes(StandardCharsets.UTF_8);
            case 1 -> "a\0b\0".getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[] {(byte) 0xc3, 0x28, 0};
            case 3 -> "n".repeat(4097).getBytes(StandardCharsets.UTF_8);
            case 4 -> new byte[0];
            default -> ("esc/" + "long".repeat(40)).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A well-framed record: the decimal length counts the whole record, itself included. */
    static byte[] record(String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int rest = 1 + k.length + 1 + value.length + 1; // space, key, '=', value, '\n'
        int len = rest + Integer.toString(rest).length();
        if (Integer.toString(len).length() != Integer.toString(rest).length()) {
            len++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(k);
        out.write('=');
        out.writeBytes(value);
        out.write('\n');
        return out.toByteArray();
    }
}

package dev.kiln.engine.layer.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * PAX extended header records, {@code "%d %s=%s\n"} where the length counts the whole record
 * (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_03). Values are kept
 * as raw bytes: xattr values are binary. Stateless.
 */
final class Pax {

    static final String PATH = "path";
    static final String LINKPATH = "linkpath";
    static final String SIZE = "size";
    static final String UID = "uid";
    static final String GID = "gid";
    static final String UNAME = "uname";
    static final String GNAME = "gname";
    static final String MTIME = "mtime";
    static final String ATIME = "atime";
    static final String XATTR = "SCHILY.xattr.";
    /** libarchive's form: name percent-encoded, value base64. */
    static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";
    static final String GNU_SPARSE = "GNU.sparse.";

    private Pax() {}

    /**
     * Parses the records of one extended header into {@code into} (later records win).
     *
     * @throws IllegalArgumentException describing the first malformed record
     */
    static void parse(byte[] data, Map<String, byte[]> into) {
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                for (int i = pos; i < data.length; i++) { // NUL padding after the last record
                    if (data[i] != 0) {
                        throw new IllegalArgumentException("PAX header has data after NUL padding at byte " + pos);
                    }
                }
                return;
            }
            int space = pos;
            long length = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && space - pos < 10) {
                length = length * 10 + (data[space] - '0');
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ' || length <= space - pos + 1
                    || pos + length > data.length) {
                throw new IllegalArgumentException("PAX header has a malformed record length at byte " + pos);
            }
            int end = (int) (pos + length); // exclusive; data[end - 1] must be '\n'
            if (data[end - 1] != '\n') {
                throw new IllegalArgumentException("PAX record at byte " + pos + " does not end with a newline");
            }
            int eq = space + 1;
            while (eq < end - 1 && data[eq] != '=') {
                eq++;
            }
            if (eq >= end - 1 || eq == space + 1) {
                throw new IllegalArgumentException("PAX record at byte " + pos + " has no key=value");
            }
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            into.put(key, Arrays.copyOfRange(data, eq + 1, end - 1));
            pos = end;
        }
    }

    /** Formats records in the order given (callers pass a sorted map: Go sorts keys, so do we). */
    static byte[] format(SortedMap<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = r.getValue();
            int body = key.length + value.length + 3; // ' ', '=', '\n'
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() != Integer.toString(body).length()) {
                length = body + Integer.toString(length).length();
            }
            out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(key);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** A fresh map for records, keeping insertion order. */
    static Map<String, byte[]> records() {
        return new LinkedHashMap<>();
    }
}

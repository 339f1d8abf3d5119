package dev.kiln.engine.dockerfile.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the plain-text lexer tables next to the tests; the format is described in each table's header. */
final class LexTable {

    /** One row: its line, the escape character (0 when the table has no escape column), input and expectation. */
    record Row(int line, char escape, String input, String expected, Env env) {
        String name() {
            return "line " + line + ": " + input;
        }
    }

    private LexTable() {
    }

    static List<Row> read(String resource, boolean escapeColumn) throws IOException {
        String text;
        try (InputStream in = LexTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> env = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("ENV ")) {
                String kv = line.substring(4);
                int eq = kv.indexOf('=');
                env.put(kv.substring(0, eq), decode(kv.substring(eq + 1)));
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int last = line.lastIndexOf('|');
            char escape = 0;
            String input;
            if (escapeColumn) {
                if (line.charAt(1) != '|') {
                    throw new IllegalStateException(resource + " line " + (i + 1) + ": no escape column");
                }
                escape = line.charAt(0);
                input = line.substring(2, last).strip();
            } else {
                input = line.substring(0, last).strip();
            }
            rows.add(new Row(i + 1, escape, unwrap(input), line.substring(last + 1).strip(), Env.of(env)));
        }
        return rows;
    }

    /** Unwraps «...»; inputs are otherwise verbatim, since escapes belong to the lexer under test. */
    static String unwrap(String field) {
        return field.length() >= 2 && field.startsWith("«") && field.endsWith("»")
                ? field.substring(1, field.length() - 1) : field;
    }

    /** For values and expectations: unwraps «...», turns ⏎ into a newline and a backslash-u escape into its character. */
    static String decode(String field) {
        String s = unwrap(field);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '⏎') {
                out.append('\n');
            } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'u' && isHex(s, i + 2)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from) {
        if (from + 4 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}

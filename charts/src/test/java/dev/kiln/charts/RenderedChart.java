package dev.kiln.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The output of {@code helm template}, split into documents, with just enough line-based YAML reading for
 * the chart tests (the chart's own templates fix the indentation, so no YAML library is needed).
 *
 * <p>Immutable.
 */
record RenderedChart(String text, List<String> documents) {

    static RenderedChart of(String text) {
        List<String> docs = Arrays.stream(text.split("(?m)^---\\s*$"))
                .map(String::strip)
                .filter(d -> !d.isEmpty())
                .map(d -> d + "\n") // every line, the last one too, ends with a newline
                .toList();
        return new RenderedChart(text, docs);
    }

    /** The first document of this kind, e.g. {@code Job}. */
    Optional<String> document(String kind) {
        return documents.stream().filter(d -> d.lines().anyMatch(l -> l.equals("kind: " + kind))).findFirst();
    }

    String job() {
        return document("Job").orElseThrow(() -> new AssertionError("no Job in:\n" + text));
    }

    /** The executor's args, unquoted, in order. */
    List<String> args() {
        return listAfter(job(), "          args:");
    }

    /**
     * The items of the block sequence that follows the line {@code header} in {@code doc}: lines that start
     * with the header's indentation plus two spaces and {@code "- "}.
     */
    static List<String> listAfter(String doc, String header) {
        List<String> lines = doc.lines().toList();
        int start = lines.indexOf(header);
        if (start < 0) {
            throw new AssertionError("no line '" + header + "' in:\n" + doc);
        }
        String itemPrefix = " ".repeat(header.length() - header.stripLeading().length() + 2) + "- ";
        List<String> items = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && lines.get(i).startsWith(itemPrefix); i++) {
            items.add(unquote(lines.get(i).substring(itemPrefix.length())));
        }
        return items;
    }

    /** Undoes Helm's {@code quote} for the plain ASCII values these tests use. */
    static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return s;
    }
}

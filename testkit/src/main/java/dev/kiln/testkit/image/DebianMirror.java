package dev.kiln.testkit.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Debian mirror this machine's apt uses for a suite, read from {@code /etc/apt/sources.list} and
 * {@code /etc/apt/sources.list.d/*.list} (one-line format) and {@code *.sources} (deb822 format), so that
 * debootstrap downloads from the one mirror known to be reachable here.
 *
 * <p>Stateless, so thread-safe. Only {@code deb} entries (not {@code deb-src}) that list the suite itself
 * count ({@code bookworm}, not {@code bookworm-updates} or {@code bookworm-security}); deb822 stanzas with
 * {@code Enabled: no} are skipped. Files are read in name order after {@code sources.list}, as apt does.
 */
final class DebianMirror {
    /** Used when no source names the suite (Debian's own redirector). */
    static final String FALLBACK = "http://deb.debian.org/debian";

    private DebianMirror() {}

    /** The first mirror in {@code aptDir} (normally {@code /etc/apt}) serving {@code suite}. */
    static Optional<String> find(Path aptDir, String suite) {
        List<Path> files = new ArrayList<>();
        Path main = aptDir.resolve("sources.list");
        if (Files.isRegularFile(main)) {
            files.add(main);
        }
        Path parts = aptDir.resolve("sources.list.d");
        if (Files.isDirectory(parts)) {
            try (Stream<Path> s = Files.list(parts)) {
                s.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("list " + parts + ": " + e.getMessage(), e);
            }
        }
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f);
            } catch (IOException e) {
                throw new UncheckedIOException("read " + f + ": " + e.getMessage(), e);
            }
            Optional<String> found = f.toString().endsWith(".sources") ? fromDeb822(text, suite) : fromOneLine(text, suite);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** {@code deb [options] URI SUITE COMPONENT...} lines. */
    static Optional<String> fromOneLine(String text, String suite) {
        for (String raw : text.lines().toList()) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            String rest = line.substring(3).strip();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1).strip();
            }
            String[] words = rest.split("\\s+");
            if (words.length >= 2 && words[1].equals(suite)) {
                return Optional.of(trimSlash(words[0]));
            }
        }
        return Optional.empty();
    }

    /** deb822 stanzas separated by blank lines, with {@code Types}, {@code URIs}, {@code Suites}, {@code Enabled}. */
    static Optional<String> fromDeb822(String text, String suite) {
        for (String stanza : text.split("\\n\\s*\\n")) {
            List<String> types = List.of();
            List<String> uris = List.of();
            List<String> suites = List.of();
            boolean enabled = true;
            for (String raw : stanza.lines().toList()) {
                String line = raw.strip();
                int colon = line.indexOf(':');
                if (line.startsWith("#") || colon < 0 || Character.isWhitespace(raw.isEmpty() ? 'x' : raw.charAt(0))) {
                    continue;
                }
                String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                List<String> values = Arrays.asList(line.substring(colon + 1).strip().split("\\s+"));
                switch (key) {
                    case "types" -> types = values;
                    case "uris" -> uris = values;
                    case "suites" -> suites = values;
                    case "enabled" -> enabled = !values.getFirst().equalsIgnoreCase("no");
                    default -> { }
                }
            }
            if (enabled && types.contains("deb") && suites.contains(suite) && !uris.isEmpty()) {
                return Optional.of(trimSlash(uris.getFirst()));
            }
        }
        return Optional.empty();
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}

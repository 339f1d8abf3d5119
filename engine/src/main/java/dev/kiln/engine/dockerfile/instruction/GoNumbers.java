package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.GoText;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The Go number, boolean, size and duration parsers whose acceptance BuildKit's flags inherit:
 * {@code strconv.ParseBool/ParseUint/ParseInt}, {@code time.ParseDuration} and go-units' {@code RAMInBytes}.
 *
 * <p>Stateless and thread-safe; package-private. Error texts are Go's, since BuildKit passes them through.
 */
final class GoNumbers {

    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    /** 1<<63 as an unsigned value. */
    private static final long TWO_63 = Long.MIN_VALUE;
    private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
            "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoNumbers() {
    }

    /** {@code strconv.ParseBool}. */
    static Optional<Boolean> parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** {@code strconv.ParseUint(s, radix, bits)} for radix 8 or 10: digits only, no sign, within {@code bits}. */
    static OptionalLong parseUint(String s, int radix, int bits) {
        if (s.isEmpty() || s.length() > 30) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d >= radix) {
                return OptionalLong.empty();
            }
            v = v * radix + d;
            if (v >= (1L << bits)) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(v);
    }

    /** {@code strconv.ParseInt(s, 10, 32)}, failing with Go's message. */
    static int parseInt32(String s) {
        String digits = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInstruction("strconv.ParseInt: parsing " + GoText.quote(s) + ": invalid syntax");
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        long v = significant.length() > 11 ? Long.MAX_VALUE : Long.parseLong(significant);
        if (s.startsWith("-")) {
            v = -v;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidInstruction("strconv.ParseInt: parsing " + GoText.quote(s) + ": value out of range");
        }
        return (int) v;
    }

    /**
     * go-units {@code RAMInBytes}: a decimal number with an optional binary suffix ({@code 64m}, {@code 1GiB},
     * {@code 512 kb}). Go's float syntax also allows hexadecimal and special values; those are refused here.
     */
    static Optional<Long> ramInBytes(String s) {
        int sep = -1;
        for (int i = s.length() - 1; i >= 0; i--) {
            if ("0123456789. ".indexOf(s.charAt(i)) >= 0) {
                sep = i;
                break;
            }
        }
        if (sep < 0) {
            return Optional.empty();
        }
        String num = s.charAt(sep) == ' ' ? s.substring(0, sep) : s.substring(0, sep + 1);
        String suffix = s.substring(sep + 1);
        if (!DECIMAL_FLOAT.matcher(num).matches()) {
            return Optional.empty();
        }
        double size = Double.parseDouble(num);
        if (size < 0) {
            return Optional.empty();
        }
        if (!suffix.isEmpty()) {
            if (suffix.length() > 3) {
                return Optional.empty();
            }
            String sfx = suffix.toLowerCase(java.util.Locale.ROOT);
            if (sfx.charAt(0) == 'b') {
                return sfx.length() > 1 ? Optional.empty() : Optional.of(toLong(size));
            }
            int power = "kmgtp".indexOf(sfx.charAt(0));
            if (power < 0) {
                return Optional.empty();
            }
            if ((sfx.length() == 2 && sfx.charAt(1) != 'b') || (sfx.length() == 3 && !sfx.substring(1).equals("ib"))) {
                return Optional.empty();
            }
            size *= Math.pow(1024, power + 1);
        }
        return Optional.of(toLong(size));
    }

    private static long toLong(double d) {
        return d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) d;
    }

    /**
     * {@code time.ParseDuration}: {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+}, with Go's overflow rules and messages.
     * Arithmetic is on unsigned 64-bit values, as in Go.
     */
    static Duration parseDuration(String orig) {
        String s = orig;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalidDuration(orig);
        }
        long total = 0;
        while (!s.isEmpty()) {
            char c = s.charAt(0);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                throw invalidDuration(orig);
            }
            int i = 0;
            long v = 0;
            for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, 10)) > 0) {
                    throw invalidDuration(orig);
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalidDuration(orig);
                }
            }
            boolean pre = i > 0;
            s = s.substring(i);
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                s = s.substring(1);
                int j = 0;
                boolean overflow = false;
                for (; j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9'; j++) {
                    if (overflow) {
                        continue;
                    }
                    if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                        overflow = true;
                        continue;
                    }
                    long y = f * 10 + (s.charAt(j) - '0');
                    if (Long.compareUnsigned(y, TWO_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = j > 0;
                s = s.substring(j);
            }
            if (!pre && !post) {
                throw invalidDuration(orig);
            }
            int u = 0;
            while (u < s.length() && s.charAt(u) != '.' && (s.charAt(u) < '0' || s.charAt(u) > '9')) {
                u++;
            }
            if (u == 0) {
                throw new InvalidInstruction("time: missing unit in duration " + timeQuote(orig));
            }
            String unitName = s.substring(0, u);
            s = s.substring(u);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new InvalidInstruction("time: unknown unit " + timeQuote(unitName) + " in duration "
                        + timeQuote(orig));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, unit)) > 0) {
                throw invalidDuration(orig);
            }
            v *= unit;
            if (f > 0) {
                v += (long) (f * (unit / scale));
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalidDuration(orig);
                }
            }
            total += v;
            if (Long.compareUnsigned(total, TWO_63) > 0) {
                throw invalidDuration(orig);
            }
        }
        if (neg) {
            return Duration.ofNanos(-total);
        }
        if (Long.compareUnsigned(total, Long.MAX_VALUE) > 0) {
            throw invalidDuration(orig);
        }
        return Duration.ofNanos(total);
    }

    private static InvalidInstruction invalidDuration(String orig) {
        return new InvalidInstruction("time: invalid duration " + timeQuote(orig));
    }

    /** The {@code time} package's own quoting: control and non-ASCII characters as {@code \xNN} UTF-8 bytes. */
    static String timeQuote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x80 || cp < ' ') {
                for (byte b : Character.toString(cp).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append(String.format("\\x%02x", b & 0xFF));
                }
            } else {
                if (cp == '"' || cp == '\\') {
                    out.append('\\');
                }
                out.appendCodePoint(cp);
            }
        }
        return out.append('"').toString();
    }
}

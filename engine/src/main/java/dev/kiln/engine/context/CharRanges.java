package dev.kiln.engine.context;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * A set of code points as sorted, disjoint, inclusive ranges: the character classes of Go's regexp
 * ({@code [a-z]}, {@code \d}, {@code [[:alpha:]]}, {@code \p{Greek}}).
 *
 * <p>Immutable and thread-safe. Ranges rather than a bit set, because every {@code *} of a pattern
 * becomes a {@code [^/]} class and a bit set over all of Unicode would cost 136 KiB each.
 */
final class CharRanges {

    private static final int MAX = Character.MAX_CODE_POINT;
    private static final Map<String, CharRanges> UNICODE_TABLES = new ConcurrentHashMap<>();

    /** Go's {@code \d}, {@code \s}, {@code \w} (ASCII only). */
    static final CharRanges PERL_DIGIT = of(0x30, 0x39);
    static final CharRanges PERL_SPACE = of(0x9, 0xa, 0xc, 0xd, 0x20, 0x20);
    static final CharRanges PERL_WORD = of(0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a);

    private static final Map<String, CharRanges> POSIX = Map.ofEntries(
            Map.entry("alnum", of(0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a)),
            Map.entry("alpha", of(0x41, 0x5a, 0x61, 0x7a)),
            Map.entry("ascii", of(0x0, 0x7f)),
            Map.entry("blank", of(0x9, 0x9, 0x20, 0x20)),
            Map.entry("cntrl", of(0x0, 0x1f, 0x7f, 0x7f)),
            Map.entry("digit", of(0x30, 0x39)),
            Map.entry("graph", of(0x21, 0x7e)),
            Map.entry("lower", of(0x61, 0x7a)),
            Map.entry("print", of(0x20, 0x7e)),
            Map.entry("punct", of(0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e)),
            Map.entry("space", of(0x9, 0xd, 0x20, 0x20)),
            Map.entry("upper", of(0x41, 0x5a)),
            Map.entry("word", of(0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a)),
            Map.entry("xdigit", of(0x30, 0x39, 0x41, 0x46, 0x61, 0x66)));

    /** Go's one- and two-letter Unicode general categories, as Java type sets. */
    private static final Map<String, int[]> CATEGORIES = Map.ofEntries(
            Map.entry("L", new int[] {Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER, Character.MODIFIER_LETTER, Character.OTHER_LETTER}),
            Map.entry("Lu", new int[] {Character.UPPERCASE_LETTER}),
            Map.entry("Ll", new int[] {Character.LOWERCASE_LETTER}),
            Map.entry("Lt", new int[] {Character.TITLECASE_LETTER}),
            Map.entry("Lm", new int[] {Character.MODIFIER_LETTER}),
            Map.entry("Lo", new int[] {Character.OTHER_LETTER}),
            Map.entry("M", new int[] {Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK}),
            Map.entry("Mn", new int[] {Character.NON_SPACING_MARK}),
            Map.entry("Me", new int[] {Character.ENCLOSING_MARK}),
            Map.entry("Mc", new int[] {Character.COMBINING_SPACING_MARK}),
            Map.entry("N", new int[] {Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER}),
            Map.entry("Nd", new int[] {Character.DECIMAL_DIGIT_NUMBER}),
            Map.entry("Nl", new int[] {Character.LETTER_NUMBER}),
            Map.entry("No", new int[] {Character.OTHER_NUMBER}),
            Map.entry("P", new int[] {Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION}),
            Map.entry("Pc", new int[] {Character.CONNECTOR_PUNCTUATION}),
            Map.entry("Pd", new int[] {Character.DASH_PUNCTUATION}),
            Map.entry("Ps", new int[] {Character.START_PUNCTUATION}),
            Map.entry("Pe", new int[] {Character.END_PUNCTUATION}),
            Map.entry("Pi", new int[] {Character.INITIAL_QUOTE_PUNCTUATION}),
            Map.entry("Pf", new int[] {Character.FINAL_QUOTE_PUNCTUATION}),
            Map.entry("Po", new int[] {Character.OTHER_PUNCTUATION}),
            Map.entry("S", new int[] {Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL}),
            Map.entry("Sm", new int[] {Character.MATH_SYMBOL}),
            Map.entry("Sc", new int[] {Character.CURRENCY_SYMBOL}),
            Map.entry("Sk", new int[] {Character.MODIFIER_SYMBOL}),
            Map.entry("So", new int[] {Character.OTHER_SYMBOL}),
            Map.entry("Z", new int[] {Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR}),
            Map.entry("Zs", new int[] {Character.SPACE_SEPARATOR}),
            Map.entry("Zl", new int[] {Character.LINE_SEPARATOR}),
            Map.entry("Zp", new int[] {Character.PARAGRAPH_SEPARATOR}),
            Map.entry("C", new int[] {Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                    Character.SURROGATE}),
            Map.entry("Cc", new int[] {Character.CONTROL}),
            Map.entry("Cf", new int[] {Character.FORMAT}),
            Map.entry("Co", new int[] {Character.PRIVATE_USE}),
            Map.entry("Cs", new int[] {Character.SURROGATE}));

    /** Flattened {@code lo0, hi0, lo1, hi1, ...}, sorted and disjoint. */
    private final int[] ranges;

    private CharRanges(int[] ranges) {
        this.ranges = ranges;
    }

    /** The set of the given {@code lo, hi} pairs, in any order, possibly overlapping. */
    static CharRanges of(int... pairs) {
        return new CharRanges(normalise(pairs, pairs.length));
    }

    static CharRanges single(int cp) {
        return new CharRanges(new int[] {cp, cp});
    }

    /** A POSIX class by name ({@code alpha}, {@code ^alpha}), or null if Go does not know it. */
    static CharRanges posix(String name) {
        boolean negated = name.startsWith("^");
        CharRanges set = POSIX.get(negated ? name.substring(1) : name);
        return set == null ? null : negated ? set.negated() : set;
    }

    /**
     * A Unicode category ({@code L}, {@code Lu}), script ({@code Greek}) or {@code Any}, or null if
     * unknown. Scripts are looked up in the JDK's tables, so Unicode versions may differ from Go's.
     */
    static CharRanges unicode(String name) {
        if (name.equals("Any")) {
            return of(0, MAX);
        }
        int[] types = CATEGORIES.get(name);
        if (types != null) {
            return UNICODE_TABLES.computeIfAbsent(name,
                    n -> fromPredicate(cp -> contains(types, Character.getType(cp))));
        }
        if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
            return null;
        }
        Character.UnicodeScript script;
        try {
            script = Character.UnicodeScript.forName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return UNICODE_TABLES.computeIfAbsent("script:" + script,
                n -> fromPredicate(cp -> Character.UnicodeScript.of(cp) == script));
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static CharRanges fromPredicate(IntPredicate member) {
        int[] out = new int[64];
        int n = 0;
        int cp = 0;
        while (cp <= MAX) {
            if (!member.test(cp)) {
                cp++;
                continue;
            }
            int lo = cp;
            while (cp + 1 <= MAX && member.test(cp + 1)) {
                cp++;
            }
            if (n + 2 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = lo;
            out[n++] = cp;
            cp++;
        }
        return new CharRanges(Arrays.copyOf(out, n));
    }

    /** This set plus {@code other}. */
    CharRanges union(CharRanges other) {
        int[] all = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
        System.arraycopy(other.ranges, 0, all, ranges.length, other.ranges.length);
        return new CharRanges(normalise(all, all.length));
    }

    /** Every code point not in this set. */
    CharRanges negated() {
        int[] out = new int[ranges.length + 2];
        int n = 0;
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out[n++] = next;
                out[n++] = ranges[i] - 1;
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX) {
            out[n++] = next;
            out[n++] = MAX;
        }
        return new CharRanges(Arrays.copyOf(out, n));
    }

    boolean contains(int cp) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private static int[] normalise(int[] pairs, int len) {
        int count = len / 2;
        long[] packed = new long[count];
        for (int i = 0; i < count; i++) {
            packed[i] = ((long) pairs[2 * i] << 32) | (pairs[2 * i + 1] & 0xFFFFFFFFL);
        }
        Arrays.sort(packed);
        int[] out = new int[len];
        int n = 0;
        for (long p : packed) {
            int lo = (int) (p >> 32);
            int hi = (int) p;
            if (n > 0 && lo <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], hi);
            } else {
                out[n++] = lo;
                out[n++] = hi;
            }
        }
        return Arrays.copyOf(out, n);
    }
}

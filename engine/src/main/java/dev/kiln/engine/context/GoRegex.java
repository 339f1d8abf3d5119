package dev.kiln.engine.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of Go's {@code regexp} (RE2 syntax with Go's default flags) that moby/patternmatcher's
 * translated patterns can contain: literals, {@code .}, {@code ^}, {@code $}, classes with ranges, POSIX,
 * Perl and Unicode groups, escapes, groups, alternation and the {@code * + ?} repetitions. Docker hands
 * the characters {@code [ ] ^} and every backslash escape of a {@code .dockerignore} pattern to Go's
 * parser, so {@code \d} matches a digit and {@code [[:alpha:]]} a letter; this class gives them the
 * same meaning.
 *
 * <p>Immutable and thread-safe. Matching simulates the automaton (Thompson's construction) in time
 * linear in the path, as Go does, so no pattern can make a build hang; {@code java.util.regex} would
 * backtrack exponentially on patterns with many {@code **}.
 */
final class GoRegex {

    private static final int CLASS = 0;
    private static final int SPLIT = 1;
    private static final int JMP = 2;
    private static final int MATCH = 3;
    private static final int BEGIN_TEXT = 4;
    private static final int END_TEXT = 5;
    private static final int WORD_BOUNDARY = 6;
    private static final int NOT_WORD_BOUNDARY = 7;

    private static final CharRanges ANY_NOT_NL = CharRanges.single('\n').negated();

    private final int[] op;
    private final int[] x;
    private final int[] y;
    private final CharRanges[] classes;

    private GoRegex(Program p) {
        this.op = Arrays.copyOf(p.op, p.size);
        this.x = Arrays.copyOf(p.x, p.size);
        this.y = Arrays.copyOf(p.y, p.size);
        this.classes = Arrays.copyOf(p.classes, p.size);
    }

    /** A regular expression Go would reject; the message is Go's ({@code missing closing ]: `[a`}). */
    static final class SyntaxException extends Exception {
        SyntaxException(String code, String expr) {
            super(code + ": `" + expr + "`", null, false, false);
        }
    }

    /** Parses {@code expr} as Go's {@code regexp.Compile} would. */
    static GoRegex compile(String expr) throws SyntaxException {
        GoRegexParser parser = new GoRegexParser(expr);
        GoRegexNode node = parser.parse();
        Program p = new Program();
        p.emit(node);
        p.add(MATCH, 0, 0, null);
        return new GoRegex(p);
    }

    /** Go's {@code MatchString}: whether the expression matches anywhere in {@code s}. */
    boolean matches(String s) {
        int[] text = s.codePoints().toArray();
        int n = text.length;
        int[] current = new int[op.length];
        int[] next = new int[op.length];
        int[] mark = new int[op.length];
        int[] stack = new int[2 * op.length + 2];
        int generation = 0;
        int currentSize = 0;
        for (int pos = 0; pos <= n; pos++) {
            generation++;
            // threads carried over from the last step were added with this generation's closure below
            int[] seeded = new int[currentSize];
            System.arraycopy(current, 0, seeded, 0, currentSize);
            currentSize = 0;
            for (int pc : seeded) {
                currentSize = close(pc, pos, text, current, currentSize, mark, generation, stack);
            }
            currentSize = close(0, pos, text, current, currentSize, mark, generation, stack); // unanchored start
            int nextSize = 0;
            int c = pos < n ? text[pos] : -1;
            for (int t = 0; t < currentSize; t++) {
                int pc = current[t];
                if (op[pc] == MATCH) {
                    return true;
                }
                if (op[pc] == CLASS && c >= 0 && classes[pc].contains(c)) {
                    next[nextSize++] = pc + 1;
                }
            }
            int[] swap = current;
            current = next;
            next = swap;
            currentSize = nextSize;
        }
        return false;
    }

    /** Adds {@code pc} and what it reaches by empty moves that hold at {@code pos}; returns the new size. */
    private int close(int pc, int pos, int[] text, int[] list, int size, int[] mark, int generation, int[] stack) {
        int top = 0;
        stack[top++] = pc;
        while (top > 0) {
            int p = stack[--top];
            if (mark[p] == generation) {
                continue;
            }
            mark[p] = generation;
            switch (op[p]) {
                case SPLIT -> {
                    stack[top++] = y[p];
                    stack[top++] = x[p];
                }
                case JMP -> stack[top++] = x[p];
                case BEGIN_TEXT -> {
                    if (pos == 0) {
                        stack[top++] = p + 1;
                    }
                }
                case END_TEXT -> {
                    if (pos == text.length) {
                        stack[top++] = p + 1;
                    }
                }
                case WORD_BOUNDARY, NOT_WORD_BOUNDARY -> {
                    boolean before = pos > 0 && CharRanges.PERL_WORD.contains(text[pos - 1]);
                    boolean after = pos < text.length && CharRanges.PERL_WORD.contains(text[pos]);
                    if ((before != after) == (op[p] == WORD_BOUNDARY)) {
                        stack[top++] = p + 1;
                    }
                }
                default -> list[size++] = p; // CLASS or MATCH: waits for the next character
            }
        }
        return size;
    }

    /** The instruction list under construction. */
    private static final class Program {
        int[] op = new int[16];
        int[] x = new int[16];
        int[] y = new int[16];
        CharRanges[] classes = new CharRanges[16];
        int size;

        int add(int o, int a, int b, CharRanges c) {
            if (size == op.length) {
                op = Arrays.copyOf(op, size * 2);
                x = Arrays.copyOf(x, size * 2);
                y = Arrays.copyOf(y, size * 2);
                classes = Arrays.copyOf(classes, size * 2);
            }
            op[size] = o;
            x[size] = a;
            y[size] = b;
            classes[size] = c;
            return size++;
        }

        void emit(GoRegexNode node) {
            switch (node) {
                case GoRegexNode.Chars c -> add(CLASS, 0, 0, c.set());
                case GoRegexNode.AnyNotNewline a -> add(CLASS, 0, 0, ANY_NOT_NL);
                case GoRegexNode.Assertion a -> add(switch (a.kind()) {
                    case BEGIN -> BEGIN_TEXT;
                    case END -> END_TEXT;
                    case WORD_BOUNDARY -> WORD_BOUNDARY;
                    case NOT_WORD_BOUNDARY -> NOT_WORD_BOUNDARY;
                }, 0, 0, null);
                case GoRegexNode.Concat c -> c.parts().forEach(this::emit);
                case GoRegexNode.Alternation a -> emitAlternation(a.options());
                case GoRegexNode.Repeat r -> emitRepeat(r);
            }
        }

        private void emitAlternation(List<GoRegexNode> options) {
            List<Integer> exits = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                if (i < options.size() - 1) {
                    int split = add(SPLIT, 0, 0, null);
                    x[split] = size;
                    emit(options.get(i));
                    exits.add(add(JMP, 0, 0, null));
                    y[split] = size;
                } else {
                    emit(options.get(i));
                }
            }
            for (int jmp : exits) {
                x[jmp] = size;
            }
        }

        private void emitRepeat(GoRegexNode.Repeat r) {
            for (int i = 0; i < r.min(); i++) {
                emit(r.sub());
            }
            if (r.max() < 0) {
                int split = add(SPLIT, 0, 0, null);
                x[split] = size;
                emit(r.sub());
                add(JMP, split, 0, null);
                y[split] = size;
                return;
            }
            for (int i = r.min(); i < r.max(); i++) {
                int split = add(SPLIT, 0, 0, null);
                x[split] = size;
                emit(r.sub());
                y[split] = size;
            }
        }
    }
}

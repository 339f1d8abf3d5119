package dev.kiln.engine.context;

import java.util.List;

/**
 * The tree {@link GoRegexParser} builds and {@link GoRegex} compiles: only what a yes/no match needs
 * (no captures, no greediness).
 */
sealed interface GoRegexNode permits GoRegexNode.Chars, GoRegexNode.AnyNotNewline, GoRegexNode.Assertion,
        GoRegexNode.Concat, GoRegexNode.Alternation, GoRegexNode.Repeat {

    /** One character from a set. */
    record Chars(CharRanges set) implements GoRegexNode {
    }

    /** {@code .} */
    record AnyNotNewline() implements GoRegexNode {
    }

    /** An empty-width assertion. */
    record Assertion(Kind kind) implements GoRegexNode {
        /** Which position it accepts. */
        enum Kind { BEGIN, END, WORD_BOUNDARY, NOT_WORD_BOUNDARY }
    }

    /** A sequence. */
    record Concat(List<GoRegexNode> parts) implements GoRegexNode {
    }

    /** {@code a|b}. */
    record Alternation(List<GoRegexNode> options) implements GoRegexNode {
    }

    /** <code>x{min,max}</code> ({@code max} -1 for no limit); {@code *}, {@code +}, {@code ?} included. */
    record Repeat(int min, int max, GoRegexNode sub) implements GoRegexNode {
    }
}

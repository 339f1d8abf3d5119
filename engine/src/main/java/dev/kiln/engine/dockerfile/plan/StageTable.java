package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.Suggest;

import dev.kiln.engine.dockerfile.parser.GoText;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.dockerfile.plan.StageGrouping.RawStage;
import dev.kiln.engine.dockerfile.shell.Env;
import dev.kiln.engine.dockerfile.shell.ExpansionException;
import dev.kiln.engine.dockerfile.shell.ShellLex;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.reference.InvalidReferenceException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Name resolution: what a {@code FROM} image, a {@code COPY --from} and a {@code RUN --mount=from=} refer to,
 * by BuildKit's rules (dockerfile2llb {@code addState}, {@code toCommand}, {@code detectRunMount},
 * {@code resolveBaseImage}):
 * <ul>
 *   <li>{@code FROM x}: an earlier stage whose name is exactly {@code x} (names are lower-cased, the
 *       expanded {@code FROM} word is not, so {@code FROM Build} is not stage {@code build}); else
 *       {@code scratch}; else an image. There is no index: {@code FROM 0} is the image {@code 0}. A later
 *       stage's name is an image name too, as in BuildKit.</li>
 *   <li>{@code COPY --from=x}: no variables; an integer ({@code strconv.Atoi}) is a stage index; else a
 *       stage name in any case; else {@code scratch}; else an image.</li>
 *   <li>{@code --mount=from=x}: a stage name in any case (no index); else {@code scratch}; else an image.</li>
 * </ul>
 * An image must be a valid reference: BuildKit fails with {@code failed to parse stage name "x"} even for
 * stages that are not built.
 *
 * <p>Immutable; package-private.
 */
final class StageTable {

    private final List<RawStage> stages;
    private final Map<String, Integer> byName = new HashMap<>();
    private final ShellLex lex;

    StageTable(List<RawStage> stages, ShellLex lex) {
        this.stages = stages;
        this.lex = lex;
        for (RawStage s : stages) {
            s.from().stageName().ifPresent(name -> byName.put(name, s.index()));
        }
    }

    /** What {@code FROM expanded} of {@code stage} starts from. */
    Source base(String expanded, RawStage stage) {
        Integer i = byName.get(expanded);
        if (i != null && i < stage.index()) {
            return new Source.Stage(i);
        }
        if (expanded.equals("scratch")) {
            return new Source.Scratch();
        }
        return image(expanded, stage.from().location());
    }

    /** What {@code COPY --from=written} at {@code at} reads from. */
    Source copyFrom(String written, SourceRange at) {
        String value;
        try {
            value = lex.processWord(written, Env.empty()).value();
        } catch (ExpansionException e) {
            throw new PlanException(at, e.getMessage());
        }
        if (!value.equals(written)) {
            throw new PlanException(at, "variable expansion is not supported for --from, define a new stage with "
                    + "FROM using ARG from global scope as a workaround");
        }
        Long index = goAtoi(written);
        if (index != null) {
            if (index < 0 || index >= stages.size()) {
                throw new PlanException(at, "invalid stage index " + index);
            }
            return new Source.Stage(index.intValue());
        }
        return byNameOrImage(written, at);
    }

    /** What {@code RUN --mount=...,from=written} at {@code at} mounts. */
    Source mountFrom(String written, SourceRange at) {
        return byNameOrImage(written, at);
    }

    /** The stage's name or {@code stage-<index>}. */
    String displayName(int index) {
        return stages.get(index).displayName();
    }

    private Source byNameOrImage(String written, SourceRange at) {
        Integer i = byName.get(written.toLowerCase(Locale.ROOT));
        if (i != null) {
            return new Source.Stage(i);
        }
        if (written.equals("scratch")) {
            return new Source.Scratch();
        }
        return image(written, at);
    }

    private Source image(String name, SourceRange at) {
        try {
            return new Source.Image(ImageReference.parse(name));
        } catch (InvalidReferenceException e) {
            List<String> names = stages.stream().map(RawStage::displayName).toList();
            throw new PlanException(at, Suggest.wrap("failed to parse stage name " + GoText.quote(name) + ": "
                    + e.reason(), name, names, true));
        }
    }

    /** Go's {@code strconv.Atoi}: an optional sign and ASCII digits that fit in 64 bits, else null. */
    static Long goAtoi(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (start == s.length()) {
            return null;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null; // out of range: Atoi fails, so BuildKit takes it for a name
        }
    }
}

package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.From;
import dev.kiln.engine.dockerfile.shell.Env;
import dev.kiln.engine.dockerfile.shell.ExpansionException;
import dev.kiln.engine.dockerfile.shell.ShellLex;
import dev.kiln.engine.oci.Platform;
import java.util.Optional;

/**
 * Expansion of a {@code FROM} line with the global scope only (BuildKit's {@code buildDispatchStates}), with
 * BuildKit's messages.
 *
 * <p>Stateless; package-private.
 */
final class FromLine {

    private FromLine() {
    }

    /**
     * The image word expanded, e.g. {@code golang:1.22} for {@code golang:${GO_VERSION}}.
     *
     * @throws PlanException when it does not expand or expands to nothing
     */
    static String baseName(From from, ShellLex lex, Env global) {
        String value;
        try {
            value = lex.processWord(from.image(), global).value();
        } catch (ExpansionException e) {
            throw new PlanException(from.location(), e.getMessage());
        }
        if (value.isEmpty()) {
            throw new PlanException(from.location(), "base name (" + from.image() + ") should not be blank");
        }
        return value;
    }

    /**
     * The {@code --platform} value expanded and parsed, if given.
     *
     * @throws PlanException when it does not expand, is empty or is not a platform
     */
    static Optional<Platform> platform(From from, ShellLex lex, Env global) {
        if (from.platform().isEmpty()) {
            return Optional.empty();
        }
        String written = from.platform().get();
        String value;
        try {
            value = lex.processWord(written, global).value();
        } catch (ExpansionException e) {
            throw new PlanException(from.location(), "failed to process arguments for platform " + written + ": "
                    + e.getMessage());
        }
        if (value.isEmpty()) {
            throw new PlanException(from.location(), "empty platform value from expression " + written);
        }
        try {
            return Optional.of(Platform.parse(value));
        } catch (IllegalArgumentException e) {
            throw new PlanException(from.location(), "failed to parse platform " + written + ": " + e.getMessage());
        }
    }
}

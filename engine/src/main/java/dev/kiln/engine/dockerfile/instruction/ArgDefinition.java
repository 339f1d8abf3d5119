package dev.kiln.engine.dockerfile.instruction;

import java.util.Objects;
import java.util.Optional;

/**
 * One variable declared by {@code ARG}: a name and an optional default, both unexpanded.
 *
 * <p>Immutable. {@code ARG a=} has an empty default, {@code ARG a} has none; the difference matters
 * because an argument without default stays unset unless a build argument sets it.
 *
 * @param name         the name as written (may still contain quotes or variables, as BuildKit allows)
 * @param defaultValue the text after the first {@code =}, if there is one
 */
public record ArgDefinition(String name, Optional<String> defaultValue) {

    public ArgDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }
}

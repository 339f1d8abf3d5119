package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;

/**
 * {@code USER name[:group]}: the user for later {@code RUN}s and the container.
 *
 * <p>Immutable.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param user the user (and group) as written, unexpanded
 */
public record User(SourceRange location, String original, String user) implements Instruction {

    public User {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(user, "user");
    }
}

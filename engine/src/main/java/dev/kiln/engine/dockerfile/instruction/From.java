package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code FROM [--platform=p] image [AS name]}: starts a build stage.
 *
 * <p>Immutable. The image and platform are unexpanded (they may use {@code ARG}s declared before the first
 * {@code FROM}); the stage name is lower-cased, as BuildKit matches stage names case-insensitively.
 *
 * @param location  where it is in the Dockerfile
 * @param original  the instruction's text
 * @param image     the base image, another stage's name or {@code scratch}, as written
 * @param platform  the {@code --platform} value, as written
 * @param stageName the {@code AS} name, lower-cased
 */
public record From(SourceRange location, String original, String image, Optional<String> platform,
        Optional<String> stageName) implements Instruction {

    public From {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(stageName, "stageName");
    }
}

package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.SourceRange;
import java.util.List;
import java.util.Objects;

/**
 * {@code RUN [--mount=...] [--network=...] [--security=...] [--device=...] command}: runs a command in the
 * stage's filesystem.
 *
 * <p>Immutable.
 *
 * @param location where it is in the Dockerfile
 * @param original the instruction's text
 * @param command  exec-form words or the shell-form string, with any heredoc files
 * @param mounts   the {@code --mount} flags in order; see {@link RunMount} for which are typed already
 * @param network  the {@code --network} mode
 * @param security the {@code --security} mode
 * @param devices  the {@code --device} flags in order
 */
public record Run(SourceRange location, String original, CommandLine command, List<RunMount> mounts,
        NetworkMode network, SecurityMode security, List<RunDevice> devices) implements Instruction {

    public Run {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(command, "command");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(security, "security");
        devices = List.copyOf(devices);
    }
}

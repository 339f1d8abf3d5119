package dev.kiln.engine.dockerfile.instruction;

import java.util.Objects;

/**
 * A device requested by {@code RUN --device=name[,required]} (a CDI device in BuildKit).
 *
 * <p>Immutable.
 *
 * @param name     the device name, e.g. {@code vendor1.com/device=foo}; empty if only options were given
 * @param required whether the build fails without it
 */
public record RunDevice(String name, boolean required) {

    public RunDevice {
        Objects.requireNonNull(name, "name");
    }
}

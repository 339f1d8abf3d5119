package dev.kiln.engine.dockerfile.shell;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values of BuildKit's automatic platform ARGs, given as plain strings by whoever knows the platforms
 * (e.g. {@code linux/arm64/v8}, {@code linux}, {@code arm64}, {@code v8}); a variant may be empty.
 *
 * <p>Immutable. BuildKit defines these in the global scope of every build (frontend/dockerfile/
 * dockerfile2llb/platform.go, {@code defaultArgs}): a FROM line can use them without declaring them, a
 * stage must re-declare them ({@code ARG TARGETARCH}) to see them. Formatting a platform is not this
 * package's business, hence strings.
 *
 * @param targetPlatform e.g. {@code linux/arm/v7}
 * @param targetOs       e.g. {@code linux}
 * @param targetArch     e.g. {@code arm}
 * @param targetVariant  e.g. {@code v7}, or empty
 * @param buildPlatform  the platform of the machine that builds, e.g. {@code linux/amd64}
 * @param buildOs        e.g. {@code linux}
 * @param buildArch      e.g. {@code amd64}
 * @param buildVariant   e.g. empty
 */
public record PlatformArgs(String targetPlatform, String targetOs, String targetArch, String targetVariant,
                           String buildPlatform, String buildOs, String buildArch, String buildVariant) {

    /** Rejects nulls. */
    public PlatformArgs {
        Objects.requireNonNull(targetPlatform, "targetPlatform");
        Objects.requireNonNull(targetOs, "targetOs");
        Objects.requireNonNull(targetArch, "targetArch");
        Objects.requireNonNull(targetVariant, "targetVariant");
        Objects.requireNonNull(buildPlatform, "buildPlatform");
        Objects.requireNonNull(buildOs, "buildOs");
        Objects.requireNonNull(buildArch, "buildArch");
        Objects.requireNonNull(buildVariant, "buildVariant");
    }

    /** The ARG names and values, in BuildKit's order (build platform first). */
    public Map<String, String> entries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("BUILDPLATFORM", buildPlatform);
        m.put("BUILDOS", buildOs);
        m.put("BUILDARCH", buildArch);
        m.put("BUILDVARIANT", buildVariant);
        m.put("TARGETPLATFORM", targetPlatform);
        m.put("TARGETOS", targetOs);
        m.put("TARGETARCH", targetArch);
        m.put("TARGETVARIANT", targetVariant);
        return m;
    }
}

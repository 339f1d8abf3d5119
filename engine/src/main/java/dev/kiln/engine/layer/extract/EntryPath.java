package dev.kiln.engine.layer.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a tar entry name (or hardlink target) into path components relative to the rootfs. Stateless.
 *
 * <p>Leading {@code /} and {@code ./} are dropped, so absolute names are neutralised into the root, as
 * containerd and go-containerregistry do; empty and {@code .} components are dropped. A {@code ..}
 * component is refused outright rather than cleaned lexically: {@code a/../b} means something else when
 * {@code a} is a symlink, and no well-formed layer needs it.
 */
final class EntryPath {

    private EntryPath() {}

    /**
     * The components of {@code name}; empty for the root itself ({@code ./}, {@code /}).
     *
     * @throws IllegalArgumentException for a {@code ..} component or a NUL character
     */
    static List<String> components(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("contains a NUL character");
        }
        List<String> parts = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new IllegalArgumentException("has a \"..\" component");
            }
            parts.add(c);
        }
        return parts;
    }

    /** The components joined with {@code /}: the key of a directory relative to the root ({@code ""} for the root). */
    static String join(List<String> parts) {
        return String.join("/", parts);
    }
}

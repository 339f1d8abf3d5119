package dev.kiln.engine.context;

import java.util.Objects;

/**
 * A path given to a {@link LocalContext} that leaves the context ({@code ../x}, {@code a/../../x}).
 *
 * <p>Immutable. Unchecked: the path comes from the caller, and nothing at run time can make it valid. The
 * message names the path and the context root. (A Dockerfile source such as {@code COPY ../x /} never gets
 * here: BuildKit cleans it to {@code /x} first, and so does the copy step.)
 */
public final class ContextPathException extends IllegalArgumentException {

    private final String path;

    /** An error for {@code path}, which leaves the context at {@code root}. */
    public ContextPathException(String path, String root) {
        super("path \"" + Objects.requireNonNull(path, "path") + "\" leaves the build context " + root);
        this.path = path;
    }

    /** The path as given. */
    public String path() {
        return path;
    }
}

package dev.kiln.engine.dockerfile.instruction;

import dev.kiln.engine.dockerfile.parser.Heredoc;
import java.util.Objects;

/**
 * A here-document of a {@code RUN} instruction: a file the command line refers to by name
 * ({@code RUN <<EOF}, {@code RUN python3 <<PY}).
 *
 * <p>Immutable. The data is as written; with {@code chomp} ({@code <<-EOF}) BuildKit strips leading tabs when
 * it runs the command, see {@link #effectiveData()}. Whether variables in it are expanded is the shell's
 * business at run time, not the frontend's.
 *
 * @param name  the delimiter word, e.g. {@code EOF}
 * @param data  the body, each line with its line ending
 * @param chomp whether leading tabs are to be stripped
 */
public record InlineFile(String name, String data, boolean chomp) {

    public InlineFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }

    /** The body as the command will see it: leading tabs removed from every line when {@code chomp}. */
    public String effectiveData() {
        return chomp ? Heredoc.chompTabs(data) : data;
    }
}

package dev.kiln.engine.dockerfile.instruction;

import java.util.Objects;

/**
 * A here-document used as a source file of {@code COPY} or {@code ADD}, e.g. {@code COPY <<EOF /etc/motd}.
 *
 * <p>Immutable. As in BuildKit, leading tabs of {@code <<-} documents are already stripped; variables in
 * the data are expanded later, with the stage's environment, only when {@code expand} is set (the delimiter
 * was not quoted).
 *
 * @param path   the file name inside the build, which is the delimiter word (e.g. {@code EOF} or {@code app.conf})
 * @param data   the file's content
 * @param expand whether variables in {@code data} are to be expanded
 */
public record InlineSource(String path, String data, boolean expand) {

    public InlineSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
    }
}

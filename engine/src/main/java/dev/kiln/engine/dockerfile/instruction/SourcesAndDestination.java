package dev.kiln.engine.dockerfile.instruction;

import java.util.List;
import java.util.Objects;

/**
 * The operands of {@code COPY} and {@code ADD}: what to copy and where to.
 *
 * <p>Immutable. As in BuildKit's {@code SourcesAndDest}, sources that are heredocs ({@code <<EOF}) are
 * split from path sources; all words are unexpanded.
 *
 * @param paths       the source paths, URLs or Git references, in order
 * @param inline      the heredoc sources, in order
 * @param destination the last word, the destination path
 */
public record SourcesAndDestination(List<String> paths, List<InlineSource> inline, String destination) {

    public SourcesAndDestination {
        paths = List.copyOf(paths);
        inline = List.copyOf(inline);
        Objects.requireNonNull(destination, "destination");
    }
}

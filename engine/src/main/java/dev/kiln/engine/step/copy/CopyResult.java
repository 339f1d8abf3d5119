package dev.kiln.engine.step.copy;

import java.util.List;

/**
 * What one {@code COPY} or {@code ADD} changed in the destination rootfs.
 *
 * <p>Immutable. {@code written} lists absolute container paths in the order they were first created or
 * changed (files, links, directories made or given new metadata, parents created on the way), each once;
 * a snapshot can restrict its scan to them. Nothing is ever deleted by a copy except what a written path
 * replaced.
 *
 * @param written  container paths created or changed, e.g. {@code /app/bin/tool}
 * @param warnings problems that did not stop the copy (e.g. an extended attribute the filesystem refused)
 */
public record CopyResult(List<String> written, List<String> warnings) {

    public CopyResult {
        written = List.copyOf(written);
        warnings = List.copyOf(warnings);
    }
}

package dev.kiln.engine.layer.write;

import dev.kiln.engine.layer.LayerChange;
import dev.kiln.engine.layer.LayerWriteException;
import dev.kiln.engine.layer.WrittenLayer;
import dev.kiln.engine.snapshot.ChangeSet;
import dev.kiln.engine.snapshot.Entry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bridge from change detection to the layer writer: a {@link ChangeSet} of a rootfs becomes the
 * {@link LayerChange}s of one layer, and the layer is written.
 *
 * <p>Stateless. It lives here, not in {@code snapshot}, so that the dependency points one way: the writer
 * knows change sets, change detection knows nothing of layers.
 *
 * <p>The mapping (https://github.com/opencontainers/image-spec/blob/main/layer.md#change-types):
 * <ul>
 * <li>each path of {@link ChangeSet#whiteouts()} (deletions and type changes, only the topmost of a
 *     deleted subtree) becomes a {@link LayerChange.Delete};</li>
 * <li>each entry of {@link ChangeSet#toWrite()} (added, modified and type-changed paths) becomes a
 *     {@link LayerChange.Put};</li>
 * <li>so a type change is a delete and a put of the same path. The writer keeps only the put: an entry
 *     replaces whatever a lower layer had at its path (directory over directory excepted, which is not a
 *     type change), so the whiteout would be redundant, and the old subtree of a directory replaced by a
 *     file is gone with it. Keeping both would also be unsafe: Docker and containerd apply entries in
 *     stream order without remembering what the layer wrote, and a name sorting before {@code .wh.}
 *     (say {@code -x}) would be written first and then removed by its own whiteout. One consequence:
 *     a symlink replaced by a directory ({@code rm /lib && mkdir /lib}) is a plain directory entry,
 *     which Docker, containerd and umoci apply by replacing the link, while Kiln's extractor keeps a
 *     symlink to a directory as kaniko does (see {@code layer.extract});</li>
 * <li>a directory deleted and re-created ({@code rm -rf /d && mkdir /d}) is a modified directory plus
 *     one deletion per old child, hence one whiteout per old child rather than an opaque marker: the
 *     same lower-layer content is hidden either way, and it is what the diff actually saw.</li>
 * </ul>
 * Deletions come first in the list, as {@link ChangeSet#whiteouts()} asks; the writer sorts all entries
 * itself (a directory before its subtree), so the list order does not change the bytes of the layer.
 * The root directory {@code /} has no entry in a layer: a change of its own metadata alone makes no layer.
 */
public final class SnapshotLayers {

    private SnapshotLayers() {}

    /**
     * The layer changes for {@code changes}: deletions first, then puts, each in path order.
     */
    public static List<LayerChange> changes(ChangeSet changes) {
        Objects.requireNonNull(changes, "changes");
        List<String> whiteouts = changes.whiteouts();
        List<Entry> toWrite = changes.toWrite();
        List<LayerChange> list = new ArrayList<>(whiteouts.size() + toWrite.size());
        for (String path : whiteouts) {
            list.add(new LayerChange.Delete(path));
        }
        for (Entry e : toWrite) {
            list.add(new LayerChange.Put(e.path()));
        }
        return List.copyOf(list);
    }

    /**
     * True if {@code changes} would give a layer with at least one entry: anything changed besides the
     * metadata of the root directory.
     */
    public static boolean hasLayerContent(ChangeSet changes) {
        return changes.changes().stream().anyMatch(c -> !c.path().equals("/"));
    }

    /**
     * Writes the layer recording {@code changes} of {@code rootfs} into {@code blobDir} (see
     * {@link LayerWriter#write(Path, java.util.Collection, Path)}).
     *
     * @param rootfs  the rootfs the change set was scanned from, in the state of the scan
     * @param changes what changed since the previous layer
     * @param options compression and timestamps
     * @param blobDir where the blob is written, named by its digest's hex
     * @return the layer, or empty if nothing but (at most) the root directory changed: as kaniko and
     *         BuildKit do, a step that changed no file adds no layer
     * @throws LayerWriteException naming the rootfs and the path at fault (for instance a path that
     *                             vanished after the scan); no file is left behind
     */
    public static Optional<WrittenLayer> write(Path rootfs, ChangeSet changes, LayerWriteOptions options, Path blobDir)
            throws LayerWriteException {
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(blobDir, "blobDir");
        if (!hasLayerContent(changes)) {
            return Optional.empty();
        }
        return Optional.of(new LayerWriter(options).write(rootfs, changes(changes), blobDir));
    }
}

package dev.kiln.engine.layer.extract;

import dev.kiln.engine.layer.tar.TarLimits;
import dev.kiln.engine.oci.Digest;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * How to extract a layer. Immutable; build from {@link #DEFAULT} with the {@code with*} methods.
 *
 * @param preserveOwnership apply the entries' uid/gid (needs root or CAP_CHOWN); if false, files keep the
 *                          extracting user's ids, as a rootless extraction must
 * @param computeDigests    compute the blob digest and the diff ID while streaming (always done when an
 *                          expected value is given); costs one sha256 pass (~1.2 GB/s) per value
 * @param expectedDigest    if not null, the blob's sha256 must equal it
 * @param expectedDiffId    if not null, the tar stream's sha256 must equal it (the config's diff ID)
 * @param limits            caps on header sizes and name lengths
 * @param keep              container paths (absolute and normalised, e.g. {@code /var/run/x}) the extraction
 *                          leaves alone: an entry at such a path is skipped, and neither a whiteout nor an
 *                          entry replacing a directory removes it. It exists for kaniko's in-place build,
 *                          which extracts over {@code /} and must keep the executor's own files and the
 *                          container's mounts (kaniko's ignore list); the predicate must answer for a path
 *                          and everything below it, and is asked about the entry's name as written and about
 *                          the path it resolves to (parents followed through symlinks inside the root).
 *                          {@link #KEEP_NOTHING} by default
 */
public record ExtractOptions(boolean preserveOwnership, boolean computeDigests, Digest expectedDigest,
                             Digest expectedDiffId, TarLimits limits, Predicate<String> keep) {

    /** A {@link #keep} predicate that keeps nothing: every path is the layers' to write or remove. */
    public static final Predicate<String> KEEP_NOTHING = path -> false;

    /** Ownership preserved, no digests, default limits, nothing kept. */
    public static final ExtractOptions DEFAULT = new ExtractOptions(true, false, null, null, TarLimits.DEFAULT,
            KEEP_NOTHING);

    public ExtractOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(keep, "keep");
    }

    public ExtractOptions withPreserveOwnership(boolean preserve) {
        return new ExtractOptions(preserve, computeDigests, expectedDigest, expectedDiffId, limits, keep);
    }

    public ExtractOptions withComputeDigests(boolean compute) {
        return new ExtractOptions(preserveOwnership, compute, expectedDigest, expectedDiffId, limits, keep);
    }

    public ExtractOptions withExpectedDigest(Digest digest) {
        return new ExtractOptions(preserveOwnership, computeDigests, digest, expectedDiffId, limits, keep);
    }

    public ExtractOptions withExpectedDiffId(Digest diffId) {
        return new ExtractOptions(preserveOwnership, computeDigests, expectedDigest, diffId, limits, keep);
    }

    public ExtractOptions withLimits(TarLimits newLimits) {
        return new ExtractOptions(preserveOwnership, computeDigests, expectedDigest, expectedDiffId, newLimits, keep);
    }

    /** These options keeping the paths {@code paths} accepts (see {@link #keep}). */
    public ExtractOptions withKeep(Predicate<String> paths) {
        return new ExtractOptions(preserveOwnership, computeDigests, expectedDigest, expectedDiffId, limits, paths);
    }

    boolean keeps() {
        return keep != KEEP_NOTHING;
    }

    boolean hashBlob() {
        return computeDigests || expectedDigest != null;
    }

    boolean hashTar() {
        return computeDigests || expectedDiffId != null;
    }
}

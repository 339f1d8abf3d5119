package dev.kiln.engine.layer.extract;

import dev.kiln.engine.layer.tar.TarLimits;
import dev.kiln.engine.oci.Digest;

import java.util.Objects;

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
 */
public record ExtractOptions(boolean preserveOwnership, boolean computeDigests, Digest expectedDigest,
                             Digest expectedDiffId, TarLimits limits) {

    /** Ownership preserved, no digests, default limits. */
    public static final ExtractOptions DEFAULT = new ExtractOptions(true, false, null, null, TarLimits.DEFAULT);

    public ExtractOptions {
        Objects.requireNonNull(limits, "limits");
    }

    public ExtractOptions withPreserveOwnership(boolean preserve) {
        return new ExtractOptions(preserve, computeDigests, expectedDigest, expectedDiffId, limits);
    }

    public ExtractOptions withComputeDigests(boolean compute) {
        return new ExtractOptions(preserveOwnership, compute, expectedDigest, expectedDiffId, limits);
    }

    public ExtractOptions withExpectedDigest(Digest digest) {
        return new ExtractOptions(preserveOwnership, computeDigests, digest, expectedDiffId, limits);
    }

    public ExtractOptions withExpectedDiffId(Digest diffId) {
        return new ExtractOptions(preserveOwnership, computeDigests, expectedDigest, diffId, limits);
    }

    public ExtractOptions withLimits(TarLimits newLimits) {
        return new ExtractOptions(preserveOwnership, computeDigests, expectedDigest, expectedDiffId, newLimits);
    }

    boolean hashBlob() {
        return computeDigests || expectedDigest != null;
    }

    boolean hashTar() {
        return computeDigests || expectedDiffId != null;
    }
}

package dev.kiln.engine.cache.base;

import dev.kiln.engine.fs.Posix;
import dev.kiln.engine.fs.PosixException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Replaces a directory by another one so that a reader of the target path sees the old tree or the new one,
 * never a mix and never nothing: Linux's {@code renameat2(..., RENAME_EXCHANGE)} swaps the two names in one
 * step (https://man7.org/linux/man-pages/man2/rename.2.html). {@code rename(2)} alone cannot replace a
 * non-empty directory. Where the filesystem refuses it, it falls back to two renames
 * (the old tree aside, the new one in), which leaves a moment in which the path is absent: a cache lookup then
 * misses and the caller fetches from the registry, which is safe.
 *
 * <p>Stateless and thread-safe. The call goes through {@link Posix#renameExchange}.
 */
final class DirectorySwap {

    private DirectorySwap() {
    }

    /**
     * Puts {@code replacement} at {@code target}; afterwards {@code replacement} names the old tree (the caller
     * deletes it). Both must be on one filesystem.
     */
    static void exchange(Path replacement, Path target) throws IOException {
        try {
            Posix.renameExchange(replacement, target);
            return;
        } catch (PosixException e) {
            // not on this filesystem (EINVAL): the two-rename fallback below
        }
        Path aside = replacement.resolveSibling(replacement.getFileName() + "-old-" + UUID.randomUUID());
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.move(replacement, target, StandardCopyOption.ATOMIC_MOVE);
        Files.move(aside, replacement, StandardCopyOption.ATOMIC_MOVE);
    }
}

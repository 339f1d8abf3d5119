package dev.kiln.engine.cache.base;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Replaces a directory by another one so that a reader of the target path sees the old tree or the new one,
 * never a mix and never nothing: Linux's {@code renameat2(..., RENAME_EXCHANGE)} swaps the two names in one
 * step (https://man7.org/linux/man-pages/man2/rename.2.html). {@code rename(2)} alone cannot replace a
 * non-empty directory. Where the call is missing or the filesystem refuses it, it falls back to two renames
 * (the old tree aside, the new one in), which leaves a moment in which the path is absent: a cache lookup then
 * misses and the caller fetches from the registry, which is safe.
 *
 * <p>Stateless and thread-safe. Native access is enabled for Kiln's jars and tests
 * ({@code --enable-native-access=ALL-UNNAMED}).
 */
final class DirectorySwap {

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    private static final Optional<MethodHandle> RENAMEAT2 = lookup();

    private DirectorySwap() {
    }

    /**
     * Puts {@code replacement} at {@code target}; afterwards {@code replacement} names the old tree (the caller
     * deletes it). Both must be on one filesystem.
     */
    static void exchange(Path replacement, Path target) throws IOException {
        if (RENAMEAT2.isPresent()) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment from = arena.allocateFrom(replacement.toString());
                MemorySegment to = arena.allocateFrom(target.toString());
                int rc = (int) RENAMEAT2.get().invokeExact(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
                if (rc == 0) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException("exchange " + replacement + " and " + target + ": " + t, t);
            }
        }
        // No renameat2 here, or not on this filesystem (EINVAL): move the old tree aside, then the new one in.
        Path aside = replacement.resolveSibling(replacement.getFileName() + "-old-" + UUID.randomUUID());
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.move(replacement, target, StandardCopyOption.ATOMIC_MOVE);
        Files.move(aside, replacement, StandardCopyOption.ATOMIC_MOVE);
    }

    @SuppressWarnings("restricted") // the one native call of this package, see the class comment
    private static Optional<MethodHandle> lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("renameat2").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT)));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}

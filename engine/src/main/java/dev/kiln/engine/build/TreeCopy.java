package dev.kiln.engine.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies a finished stage's rootfs for a stage built on it ({@code FROM build AS test}), with everything a
 * layer can carry: owners, modes with setuid/setgid/sticky, times, xattrs, hard links, device nodes and
 * FIFOs, sparse files, and reflinks where the file system shares extents.
 *
 * <p>Why the host's {@code cp -a} (coreutils, as the RUN isolation already needs util-linux): it does all of
 * this with {@code copy_file_range} and reflinks in one tuned pass; re-extracting the parent's layers would
 * read and decompress every layer again. Stateless.
 */
final class TreeCopy {

    private TreeCopy() {
    }

    /** Copies the contents and the metadata of directory {@code source} into new directory {@code target}. */
    static void copy(Path source, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        Process p = new ProcessBuilder(List.of("cp", "-a", "--reflink=auto", "--", source + "/.", target + "/"))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException("copy stage rootfs " + source + " to " + target + ": cp exited " + code
                    + (out.isEmpty() ? "" : ": " + out));
        }
    }
}

package dev.kiln.engine.step.copy;

import dev.kiln.engine.context.LocalContext;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the paths of a {@code COPY} come from: the build context, another stage's rootfs, or an image's
 * extracted rootfs. All are directories; they differ in what BuildKit keeps of their files.
 *
 * <p>Immutable records. Source paths are always taken from the root of the source ({@code COPY --from=x
 * /a} and {@code COPY a} alike), {@code ..} cannot climb out of it, and symlinks are resolved inside it.
 * <ul>
 *   <li>{@link Context}: {@code .dockerignore}d files are absent; owners become 0:0 (BuildKit's client sends
 *       the context with owners reset); extended attributes are kept except {@code security.capability}
 *       (lost when the receiving side chowns the file) and macOS's {@code com.apple.*} (never sent);
 *       sockets arrive as empty regular files.</li>
 *   <li>{@link Directory}: a stage or an image. Owners, extended attributes and special files are kept,
 *       as {@code COPY --from} does in BuildKit.</li>
 * </ul>
 */
public sealed interface CopySource {

    /** How error messages name this source, e.g. {@code the build context} or {@code stage "build"}. */
    String describe();

    /** The build context. */
    record Context(LocalContext context) implements CopySource {
        public Context {
            Objects.requireNonNull(context, "context");
        }

        /**
         * Whether a context file's extended attribute {@code name} reaches the copy: fsutil sends every one but
         * {@code com.apple.*}, and the receiver sets them before {@code lchown}, which drops
         * {@code security.capability} again.
         */
        public static boolean keepsXattr(String name) {
            return !name.startsWith("com.apple.") && !name.equals("security.capability");
        }

        @Override
        public String describe() {
            return "the build context";
        }
    }

    /**
     * The rootfs of a stage or an image.
     *
     * @param name how messages name it, e.g. {@code stage "build"} or {@code image alpine:3.20}
     * @param root the directory
     */
    record Directory(String name, Path root) implements CopySource {
        public Directory {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(root, "root");
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** The build context as a source. */
    static CopySource context(LocalContext context) {
        return new Context(context);
    }

    /** The rootfs of stage {@code name}. */
    static CopySource stage(String name, Path rootfs) {
        return new Directory("stage \"" + name + "\"", rootfs);
    }

    /** The extracted rootfs of image {@code reference}. */
    static CopySource image(String reference, Path rootfs) {
        return new Directory("image " + reference, rootfs);
    }
}

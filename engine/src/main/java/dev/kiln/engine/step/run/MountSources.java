package dev.kiln.engine.step.run;

import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.plan.Source;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the sources of {@code RUN --mount}s live on the host. Implemented by the build orchestrator, which
 * knows the finished stages and extracted images; blocking calls are fine (they run on the step's virtual
 * thread).
 *
 * <p>Implementations must be thread-safe: steps of several stages prepare at once.
 */
public interface MountSources {

    /**
     * The build context with its {@code .dockerignore}: a bind mount of the context sees it as BuildKit's
     * client sent it, so ignored files are absent. When the ignore rules exclude nothing,
     * {@link RunStep} bind-mounts the directory itself; otherwise it mounts a filtered copy.
     */
    LocalContext context() throws IOException;

    /**
     * The root directory of a finished stage ({@link Source.Stage}) or an extracted image
     * ({@link Source.Image}). Never called for {@link Source.Context} or {@link Source.Scratch}. The
     * directory must not change while the run uses it (a mount of it is read-only or a copy).
     */
    Path root(Source source) throws IOException;
}

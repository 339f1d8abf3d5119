package dev.kiln.engine.build;

import dev.kiln.engine.context.LocalContext;
import dev.kiln.engine.dockerfile.plan.Source;
import dev.kiln.engine.step.run.MountSources;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the files a step reads from another source are on the host: the context, a finished stage's rootfs
 * (extracted on first use), an image extracted once per build. Stateless.
 */
final class SourceRoots {

    private SourceRoots() {
    }

    /** The host directory holding {@code source}'s files. Blocking (may wait for a stage or an extraction). */
    static Path of(BuildServices services, Source source) throws Exception {
        return switch (source) {
            case Source.Context c -> services.context.root();
            case Source.Stage s -> services.finished(s.index()).rootfs(services);
            case Source.Image i -> Blocking.await(services.images.extracted(i.reference(), Optional.empty()));
            case Source.Scratch s -> throw new IllegalArgumentException("scratch has no files");
        };
    }

    /** The same, as the RUN step's view of its {@code --mount} sources. */
    static MountSources forMounts(BuildServices services) {
        return new MountSources() {
            @Override
            public LocalContext context() {
                return services.context;
            }

            @Override
            public Path root(Source source) throws IOException {
                try {
                    return of(services, source);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(BuildException.describe(e), e);
                }
            }
        };
    }
}

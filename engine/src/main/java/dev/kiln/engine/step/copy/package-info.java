/**
 * {@code COPY} and {@code ADD}: copying from the build context, another stage or an image, downloads,
 * Git checkouts, heredocs and local archives into a stage's rootfs, with BuildKit's semantics
 * (frontend {@code dockerfile2llb/convert_copy.go}, file op {@code solver/llbsolver/file}, and
 * tonistiigi/fsutil {@code copy}).
 *
 * <h2>Shape</h2>
 * {@link dev.kiln.engine.step.copy.CopyOperation#apply} takes a {@link dev.kiln.engine.step.copy.CopyRequest}
 * (the instruction with its words expanded), a {@link dev.kiln.engine.step.copy.CopySource} (every source
 * is a directory; the kinds differ only in what is kept of owners and xattrs) and the destination rootfs,
 * and returns the container paths it wrote ({@link dev.kiln.engine.step.copy.CopyResult}). All sources are
 * classified and local ones resolved first ({@code CopyPlan}), so a missing source fails before anything is
 * written; then each is copied by {@code Copier} (fsutil's algorithm), unpacked by {@code ArchiveUnpacker},
 * downloaded by {@code HttpFetcher} or checked out by {@code GitFetcher} into scratch space and copied from
 * there. Paths in the destination are resolved with {@link dev.kiln.engine.fs.Rootfs}, so symlinks in the
 * stage lead where they point but never out of the rootfs; nothing below the destination is ever followed.
 *
 * <h2>Rules (BuildKit's), in short</h2>
 * <ul>
 *   <li>Sources are taken from the source's root, cleaned ({@code ../x} is {@code /x}); wildcards are Go's
 *       {@code filepath.Match} per path element, a wildcard without match copies nothing; a missing
 *       literal source fails: {@code COPY (line 3) source "/x": not found in the build context}. A source
 *       that is itself a symlink is followed (inside its source); links below it are copied as links.</li>
 *   <li>A directory source copies its contents. The destination is relative to {@code WORKDIR}; a trailing
 *       {@code /} makes it a directory; missing parents are created 0755 (or the octal {@code --chmod}),
 *       owned by root, or by the {@code --chown} user when there is one (BuildKit chowns what its
 *       {@code MkdirAll} creates); existing directories keep their owner and mode.</li>
 *   <li>Files keep mode, atime and mtime; owners are 0:0 from the context and kept from stages and images
 *       ({@code COPY --from} preserves ownership in BuildKit), unless {@code --chown} (names looked up in the
 *       destination's {@code /etc/passwd} and {@code /etc/group}); {@code --chmod} applies to files and
 *       directories, symbolic modes as BSD {@code setmode} with umask 0. Xattrs are copied between stages;
 *       from the context BuildKit receives them too (except {@code security.capability}, dropped by its
 *       chown, and {@code com.apple.*}), and Kiln does the same.</li>
 *   <li>Hardlinks met twice within one source are linked again. {@code --exclude} and {@code --parents}
 *       use the {@code .dockerignore} matcher on paths relative to each copied source.</li>
 *   <li>Heredocs become files 0644 with the time of the step. URLs are saved as 0600 with the
 *       {@code Last-Modified} time (else the epoch), named after the URL's last path segment, checked
 *       against {@code --checksum=sha256:...}, unpacked only with {@code --unpack}. Local archives (tar,
 *       possibly gzip, bzip2, xz or zstd, recognised by content) are unpacked by {@code ADD} into the
 *       destination directory, without whiteout processing and without {@code --chmod}.</li>
 *   <li>{@code --link}: BuildKit copies into an empty layer and merges it, so the layer does not depend on the
 *       destination (no symlink in the stage is followed, parents are plain directories). Here the files are
 *       written into the stage as without {@code --link}; the result on disk is the same unless the
 *       destination path crosses a symlink or existing directories have other metadata. A layer built
 *       from the written paths is still a diff against the stage, not an independent layer.</li>
 * </ul>
 *
 * <h2>Where Kiln differs, deliberately</h2>
 * <ul>
 *   <li>Several sources with at least one file into a destination that is neither an existing directory
 *       nor written with a trailing {@code /}: BuildKit lets each file overwrite the previous one
 *       (moby/buildkit#1853); Kiln fails with the classic builder's (and kaniko's) message.</li>
 *   <li>{@code --chown} with a name the destination does not know: BuildKit's code silently uses id 0, its
 *       reference says the build fails; Kiln fails.</li>
 *   <li>Git sources over SSH are refused (JGit without an SSH library); submodules are not fetched.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * {@code CopyOperation} is thread-safe and blocking; everything else is per call. Nothing here runs on an
 * event loop ({@code applyAsync} uses a worker).
 */
package dev.kiln.engine.step.copy;

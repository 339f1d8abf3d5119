/**
 * Build orchestration: a Dockerfile, a context and a {@link dev.kiln.engine.build.BuildRequest} in, an image
 * pushed and written out ({@link dev.kiln.engine.build.BuildResult}); the engine's entry point
 * ({@link dev.kiln.engine.build.Build}).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>A graph of futures.</b> The plan ({@code dockerfile.plan}) gives the stages in dependency order.
 *     Each built stage is one Vert.x {@link io.vertx.core.Future} that starts when the futures of the stages
 *     it depends on ({@code FROM stage}, {@code COPY --from}, {@code RUN --mount=from}) complete, and runs its
 *     steps on its own virtual thread ({@code Blocking}), at most {@code maxParallelStages} at once.
 *     Registry I/O stays on the event loop; the first failure cancels every RUN in flight.</li>
 * <li><b>Images first.</b> Planning needs the base images' configs ({@code ENV}, {@code ONBUILD}), so the
 *     build plans once without them, resolves every image the plan names at once ({@code ImageSources}: one
 *     resolution per reference and platform, the layers downloading into the shared layer cache from the
 *     moment the manifest is known), and plans again.</li>
 * <li><b>One step class per instruction kind.</b> Metadata instructions go through
 *     {@link dev.kiln.engine.step.config.ConfigSteps} and add an {@code empty_layer} history entry; {@code RUN}
 *     ({@link dev.kiln.engine.step.run.RunStep} + {@link dev.kiln.engine.run.Isolation}), {@code COPY}/{@code ADD}
 *     ({@link dev.kiln.engine.step.copy.CopyOperation}) and {@code WORKDIR} change the rootfs, and a snapshot
 *     ({@link dev.kiln.engine.snapshot.Snapshotter}) after each becomes one layer, or an {@code empty_layer}
 *     entry when nothing changed ({@code StageBuild}). Each layer starts uploading to the destinations as soon
 *     as it is written ({@code LayerUploads}); the final push joins those uploads and puts the manifests.
 *     {@code StageBuild#cachedStep} is where the layer cache plugs in.</li>
 * <li><b>Layer cache</b> ({@code --cache}, {@code BuildCache}): once the plan and base images are known, every
 *     step's key is computed ({@code cache.key}) and a probe for every cacheable step of every stage goes out
 *     at once. A stage uses its hits up to its first miss (Docker's rule; a step never cached, such as
 *     {@code COPY} without {@code --cache-copy-layers}, runs without ending the hits, as in kaniko). Hits
 *     before the first step that runs are only referenced: a stage whose steps all hit never has a rootfs
 *     and its base layers are never downloaded ({@code ImageSources} prefetches only for stages that will
 *     run a step). The rootfs, when needed, is the base plus those hits ({@code StageRoot}). A hit whose
 *     layer cannot be read then is a miss: the stage runs again without hits. Steps that ran are stored
 *     while the build goes on; the build waits for the stores, and a failed one is a warning.</li>
 * <li><b>Materialise late.</b> Each stage has its own rootfs directory below the work directory
 *     ({@code WorkDir}), created at its first filesystem step: a stage that only changes metadata never
 *     extracts its base, and a finished stage's files are extracted from its image only when another stage
 *     reads them ({@code StageResult}). A stage built on a stage copies the parent's tree
 *     ({@code TreeCopy}, {@code cp -a}) or extracts the parent's image.</li>
 * <li><b>Work directory.</b> Stage roots, written blobs and scratch of one build live in
 *     {@code <workDir>/builds/<id>} and are deleted when the build ends, successful or not (they serve no
 *     later build). {@code --cleanup} also deletes the downloaded base layers ({@code <workDir>/layers});
 *     {@code RUN --mount=type=cache} directories ({@code <workDir>/cache-mounts}) persist across builds, as
 *     BuildKit's cache mounts do.</li>
 * <li><b>In place</b> ({@code --isolation=in-place}, kaniko's mode): the stage's rootfs is {@code /} of the
 *     executor's own container ({@code InPlaceRoot}). Stages run one at a time in plan order; each one that
 *     touches files deletes everything in the root but the ignore list (work directory, the executor's
 *     own files, mount points, {@code --ignore-path}s, ...) and extracts its base over it, skipping those
 *     paths; RUN goes through the in-place isolation and snapshots use the same ignore list. A finished
 *     stage is never reused as a directory: readers extract its image. In {@code /} the build refuses to
 *     start outside a detected container ({@code ContainerCheck}) unless {@code --force}. Tests point it
 *     at a throwaway rootfs copy ({@link dev.kiln.engine.build.BuildRequest#inPlaceRoot()}).</li>
 * </ul>
 */
package dev.kiln.engine.build;

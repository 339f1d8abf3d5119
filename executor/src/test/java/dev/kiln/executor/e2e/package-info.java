/**
 * End-to-end tests of the executor: the whole command ({@code Cli.run(new ExecutorCommand(env), args, ..)})
 * run in this JVM against real servers and tools (docker-registry in each auth mode, skopeo, runc, podman),
 * one class per theme: pushing ({@link dev.kiln.executor.e2e.PushIT}), local outputs and the work directory
 * ({@link dev.kiln.executor.e2e.OutputsIT}), build flags ({@link dev.kiln.executor.e2e.BuildFlagsIT}) and
 * failures ({@link dev.kiln.executor.e2e.FailuresIT}).
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>In-process, isolated by environment.</b> Each run gets its own environment map ({@code HOME},
 *     {@code KANIKO_DIR}, {@code DOCKER_CONFIG}, ...) through {@link dev.kiln.executor.e2e.Workspace}, so no
 *     test reads the host's Docker credentials or work directory.</li>
 * <li><b>The log is captured, not scraped from stderr.</b> {@link dev.kiln.executor.e2e.ExecutorRun} hangs a
 *     logback list appender on the {@code dev.kiln} logger (the executor re-creates the root logger's appenders
 *     on each run, a child logger's survive), so tests can assert what was and was not logged.</li>
 * <li><b>What was built is checked by other tools.</b> skopeo, runc, podman and the registry's own answers
 *     (its {@code Docker-Content-Digest}) judge the output; {@link dev.kiln.executor.e2e.LayoutImage} reads
 *     OCI layouts and layer tars directly, without the engine's classes.</li>
 * </ul>
 * The Dockerfile-semantics corpus against buildah is ConformanceIT's job, not this package's.
 */
package dev.kiln.executor.e2e;

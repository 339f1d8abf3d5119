/**
 * The {@code RUN} step: from a planned {@code RUN} ({@link dev.kiln.engine.dockerfile.plan.Step}) to a
 * {@link dev.kiln.engine.run.RunSpec} that an {@link dev.kiln.engine.run.Isolation} starts, with BuildKit's
 * semantics (frontend {@code dockerfile2llb/convert.go} {@code dispatchRun}, {@code convert_runmount.go},
 * {@code convert_secrets.go}; https://docs.docker.com/reference/dockerfile/#run).
 *
 * <h2>Shape</h2>
 * {@link dev.kiln.engine.step.run.RunStep#prepare} resolves everything and returns a
 * {@link dev.kiln.engine.step.run.PreparedRun}: the spec, the snapshot ignore list (every mount target, path
 * and below) and the resources held until {@code close()} (cache use counts and locks, the run's scratch
 * directory). The orchestrator starts the spec in the stage's rootfs, snapshots with the ignore list, then
 * closes. Build-wide settings are a {@link dev.kiln.engine.step.run.RunStepOptions}; the build's
 * {@code --secret}s a {@link dev.kiln.engine.step.run.Secrets}; mount sources come from the orchestrator
 * through {@link dev.kiln.engine.step.run.MountSources}. Failures are a checked
 * {@link dev.kiln.engine.step.run.StepException} ({@code Dockerfile:12: RUN --mount=...: problem}).
 * Package-private parts: {@code RunCommand} (argv and heredocs), {@code MountResolver} (one mount at a
 * time), {@code CacheStore} (cache directories and sharing), {@code TreeCopy}, {@code Resources}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>argv: shell form is {@code SHELL} (default {@code /bin/sh -c}) plus the command; exec form as
 *       written; heredocs as {@code RunCommand} describes (a lone heredoc with {@code #!} runs as
 *       {@code /dev/pipes/<name>}, a read-only bind of a scratch directory that exists only in the run's
 *       mount namespace, so it never reaches the rootfs).</li>
 *   <li>Environment: the step's scope (image {@code Env}, ENVs and the ARGs in scope), then the proxy
 *       variables the scope lacks, then BuildKit's default {@code PATH} if missing, then secret variables.
 *       User: the config's {@code User} (empty is root); working directory: {@code WorkingDir} or {@code /}.</li>
 *   <li>{@code --network}: passed on ({@code none} downgraded with a warning where
 *       {@link dev.kiln.engine.step.run.RunStepOptions#allowNetworkNone()} is false);
 *       {@code --security=insecure} and required {@code --device}s are refused; optional devices skipped
 *       with a warning.</li>
 *   <li>Mount targets: relative ones are below the working directory, {@code /} is refused.
 *       {@code bind}: {@code source} is cleaned and resolved inside its root (links cannot lead out);
 *       read-only by default; {@code rw} gets a scratch copy, so its writes are discarded as in BuildKit.
 *       A context bind sees the context after {@code .dockerignore}: without rules the directory itself is
 *       mounted, with rules a filtered copy (owners 0:0, as BuildKit's client sends them).
 *       {@code cache}: id (default the target as written) under the cache root, sharing
 *       {@code shared|private|locked}, seeded from {@code from=}/{@code source=} on first use, owner and mode
 *       from {@code uid/gid/mode} (default 0755 root), created in a temporary directory and renamed;
 *       read-only caches are read-only binds. {@code tmpfs}: size passed on. {@code secret}: id from
 *       {@code id}, overridden by {@code source}, else the target's base name; file at the target or
 *       {@code /run/secrets/<id>}, mode 0400 root unless given; {@code env=} exposes it as a variable
 *       (and as a file only if a target is given too); a missing required secret fails naming the id, a
 *       missing optional one is skipped. {@code ssh} is refused.</li>
 * </ul>
 *
 * <h2>Secrets</h2>
 * Secret contents are never in a message, log, layer or {@code toString}: {@code Secrets} shows ids,
 * file secrets are read by the isolation when the run starts (tmpfs in the namespaced mode), in-memory ones
 * travel as redacting {@link dev.kiln.engine.run.MountSpec.FromBytes}. Secret environment variables are
 * part of the spec's environment, which {@link dev.kiln.engine.run.RunSpec#toString()} prints by name only;
 * like every variable of a run they pass the host's {@code env -i} command line while the run starts
 * (see the {@code run} package's known limits), so secret files are the stronger choice.
 *
 * <h2>Limits</h2>
 * Only the namespaced isolation provides bind, cache and tmpfs mounts; under plain chroot such steps (and
 * heredocs with a shebang, which need a bind) fail with the isolation's error. A {@code private} cache in
 * use gets a fresh directory that is discarded afterwards (BuildKit keeps it as another instance); across
 * processes sharing one cache root, {@code private} behaves as {@code shared} and only {@code locked} is
 * coordinated (file lock). Temporary cache directories of a crashed build stay under the cache root.
 *
 * <h2>Threads</h2>
 * {@code RunStep} is thread-safe and blocking; call it on a virtual thread. {@code PreparedRun.close()} may
 * be called from any thread.
 */
package dev.kiln.engine.step.run;

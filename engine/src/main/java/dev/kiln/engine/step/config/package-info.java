/**
 * The metadata steps of a Dockerfile ({@code ENV}, {@code ARG}, {@code LABEL}, {@code EXPOSE},
 * {@code VOLUME}, {@code USER}, {@code WORKDIR}, {@code CMD}, {@code ENTRYPOINT}, {@code HEALTHCHECK},
 * {@code SHELL}, {@code STOPSIGNAL}, {@code ONBUILD}, {@code MAINTAINER}), the word expansion of every step,
 * and the image history texts, all with BuildKit's semantics
 * ({@code frontend/dockerfile/dockerfile2llb/convert.go}, {@code convert_copy.go}, {@code convert_expose.go}).
 *
 * <h2>Design</h2>
 * The build orchestrator folds each stage's {@link dev.kiln.engine.dockerfile.plan.Step}s through this package:
 * {@link dev.kiln.engine.step.config.StageConfig#initial} gives the stage's starting config,
 * {@link dev.kiln.engine.step.config.ConfigSteps#apply} turns one metadata step into a new immutable
 * {@link dev.kiln.engine.step.config.StageConfig} and its history text
 * ({@link dev.kiln.engine.step.config.ConfigChange}); for {@code RUN}, {@code COPY} and {@code ADD}, which it
 * executes itself, it gets the expanded request from {@link dev.kiln.engine.step.config.Words#copyRequest} and
 * the history text from {@link dev.kiln.engine.step.config.HistoryText#createdBy}. Everything is a pure
 * function of the step, its {@link dev.kiln.engine.dockerfile.plan.Scope} (variables before it, computed by the
 * planner) and the config so far, except {@link dev.kiln.engine.step.config.Workdirs#create}, the one function
 * that touches a rootfs. Variable scoping is not redone here: {@code ENV} and {@code ARG} take the config's
 * {@code Env} from the next step's scope.
 *
 * <p>Expansion follows BuildKit's table ({@link dev.kiln.engine.dockerfile.shell.InstructionExpansion}):
 * words one by one with the scope before the instruction (so {@code ENV A=1 B=$A} sees the old {@code A}),
 * {@code EXPOSE} split into words, heredoc bodies of {@code COPY}/{@code ADD} with the heredoc lexer; commands
 * of {@code CMD}, {@code ENTRYPOINT}, {@code HEALTHCHECK}, {@code SHELL} and {@code ONBUILD} triggers are never
 * expanded. History texts reproduce BuildKit's Go formatting ({@code %q} and {@code %v} of string slices,
 * {@code %+v} of the health check, {@code time.Duration}) in the package-private {@code GoFormat}; port
 * specifications and signals are checked by {@code Ports} and {@code Signals} with BuildKit's messages.
 *
 * <h2>BuildKit rules kept on purpose</h2>
 * <ul>
 *   <li>{@code CMD} sets {@code ArgsEscaped}; {@code ENTRYPOINT} clears an inherited {@code Cmd} unless a
 *       {@code CMD} came earlier in the stage; shell forms use the config's {@code Shell} or
 *       {@code /bin/sh -c} ({@code cmd /S /C} on Windows).</li>
 *   <li>An absolute {@code WORKDIR} is stored as written (not cleaned); a relative one is joined and
 *       cleaned. {@code FROM scratch} starts with {@code WorkingDir} {@code /}.</li>
 *   <li>{@code EXPOSE}'s history lists the ports in BuildKit's order (words sorted as written, then expanded):
 *       {@code EXPOSE [1234/udp 80/tcp]} (BuildKit before September 2025 printed the map instead).</li>
 *   <li>{@code ONBUILD} records no history entry; {@code WORKDIR} other than {@code /} is recorded as a layer
 *       ({@link dev.kiln.engine.step.config.HistoryText#emptyLayer}).</li>
 * </ul>
 * Deliberate differences: a {@code WORKDIR} that must be created for a {@code USER} name the rootfs does not
 * know fails (BuildKit silently uses root); configs of base images lose the fields BuildKit's typed config
 * does not model, as they do in BuildKit.
 *
 * <h2>Errors</h2>
 * {@link dev.kiln.engine.step.config.StepException}, unchecked,
 * {@code Dockerfile:<line>: <KEYWORD>: <reason>} with BuildKit's reason, e.g.
 * {@code Dockerfile:3: STOPSIGNAL: invalid signal: SIGFOO}.
 *
 * <p>This package depends on {@code dev.kiln.engine.dockerfile} (instruction, parser, plan, shell),
 * {@code dev.kiln.engine.oci}, {@code dev.kiln.engine.step.copy} (the request type),
 * {@code dev.kiln.engine.run.user}, {@code dev.kiln.engine.fs} and the JDK.
 */
package dev.kiln.engine.step.config;

package dev.kiln.engine.dockerfile.plan;

import dev.kiln.engine.dockerfile.instruction.ArgDefinition;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.Dockerfile;
import dev.kiln.engine.dockerfile.instruction.From;
import dev.kiln.engine.dockerfile.instruction.Instruction;
import dev.kiln.engine.dockerfile.instruction.Run;
import dev.kiln.engine.dockerfile.instruction.RunMount;
import dev.kiln.engine.dockerfile.parser.SourceRange;
import dev.kiln.engine.dockerfile.plan.OnbuildTriggers.Trigger;
import dev.kiln.engine.dockerfile.plan.StageGrouping.RawStage;
import dev.kiln.engine.dockerfile.shell.BuildArgs;
import dev.kiln.engine.dockerfile.shell.Env;
import dev.kiln.engine.dockerfile.shell.ExpansionException;
import dev.kiln.engine.dockerfile.shell.ShellLex;
import dev.kiln.engine.oci.ImageConfig;
import dev.kiln.engine.oci.Platform;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a parsed Dockerfile and the build's options into a {@link Plan}: BuildKit's
 * {@code dockerfile2llb.toDispatchState} up to, but not including, running anything.
 *
 * <p>Stateless and thread-safe; every call has its own state. The passes, in BuildKit's order:
 * <ol>
 *   <li>group instructions into stages ({@link StageGrouping}) and find the target;</li>
 *   <li>declare the global ARGs ({@link BuildArgs#declareGlobal}) with the automatic platform ARGs and
 *       {@code TARGETSTAGE}, and expand every stage's {@code FROM} image and {@code --platform} with them
 *       only;</li>
 *   <li>resolve every stage's base and references by name ({@link StageTable}) and reject cycles
 *       ({@link StageGraph});</li>
 *   <li>select the built stages, add the {@code ONBUILD} triggers of their bases (which may reference more
 *       stages) until nothing changes;</li>
 *   <li>walk the built stages in file order with a per-stage ARG/ENV scope ({@link StageWalker}), then
 *       report build arguments no ARG consumed.</li>
 * </ol>
 */
public final class Planner {

    /** BuildKit's {@code PATH} for a stage whose base image sets none (Linux; Windows gets none). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Planner() {
    }

    /**
     * Parses and plans a Dockerfile.
     *
     * @throws dev.kiln.engine.dockerfile.parser.DockerfileParseException when it does not parse
     * @throws PlanException                                              when it cannot be planned
     */
    public static Plan plan(String fileName, byte[] content, PlanOptions options) {
        return plan(Dockerfile.parse(fileName, content), options);
    }

    /**
     * Plans a parsed Dockerfile.
     *
     * @throws PlanException naming the file and line of the first problem, with BuildKit's reason
     */
    public static Plan plan(Dockerfile dockerfile, PlanOptions options) {
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(options, "options");
        return new Pass(dockerfile, options).run();
    }

    /** The state of one planning run; not thread-safe, used once. */
    private static final class Pass {
        private final Dockerfile dockerfile;
        private final PlanOptions options;
        private final ShellLex lex;
        private final StageGrouping grouping;
        private final List<RawStage> raw;
        private final StageTable table;
        private final BuildArgs args;
        private final List<String> baseNames = new ArrayList<>();
        private final List<Source> bases = new ArrayList<>();
        private final List<Optional<Platform>> platforms = new ArrayList<>();
        private final List<List<Reference>> references = new ArrayList<>();
        private final BitSet built = new BitSet();
        private final Map<Integer, List<Trigger>> triggers = new HashMap<>();
        private final Map<Integer, Optional<ImageConfig>> configs = new HashMap<>();

        Pass(Dockerfile dockerfile, PlanOptions options) {
            this.dockerfile = dockerfile;
            this.options = options;
            this.lex = ShellLex.of(dockerfile.escapeToken());
            this.grouping = StageGrouping.of(dockerfile);
            this.raw = grouping.stages();
            this.table = new StageTable(raw, lex);
            this.args = BuildArgs.create(options.buildArgs(), options.platform());
        }

        Plan run() {
            int target = grouping.target(options.target(), dockerfile.fileName());
            List<BuildArgs.Declared> globals = declareGlobals(target);
            Env globalEnv = args.globalEnv();
            for (RawStage stage : raw) {
                String baseName = FromLine.baseName(stage.from(), lex, globalEnv);
                platforms.add(FromLine.platform(stage.from(), lex, globalEnv));
                baseNames.add(baseName);
                bases.add(table.base(baseName, stage));
            }
            for (RawStage stage : raw) {
                references.add(references(stage.instructions(), table, Optional.empty()));
            }
            StageGraph.checkCycles(references, table);
            select(target);
            List<BuildStage> stages = walk();
            List<String> warnings = new ArrayList<>(grouping.warnings());
            args.unconsumedWarning().ifPresent(warnings::add);
            return new Plan(dockerfile, globals, globalEnv, stages, target, options.selection(),
                    StageGraph.levels(built, bases, references), args.runProxyEnv(), warnings);
        }

        /** {@code TARGETSTAGE} (BuildKit's automatic ARG: the target's name, or {@code default}), then the ARGs. */
        private List<BuildArgs.Declared> declareGlobals(int target) {
            args.declareGlobal("TARGETSTAGE",
                    options.target().orElse(raw.get(target).from().stageName().orElse("default")), lex);
            List<BuildArgs.Declared> globals = new ArrayList<>();
            for (var arg : grouping.globalArgs()) {
                for (ArgDefinition def : arg.args()) {
                    try {
                        globals.add(args.declareGlobal(def.name(), def.defaultValue().orElse(null), lex));
                    } catch (ExpansionException e) {
                        throw new PlanException(arg.location(), e.getMessage());
                    }
                }
            }
            return globals;
        }

        /**
         * Marks the built stages: the target and what it needs (or everything up to it), then the triggers of
         * their bases, which may need more stages, until nothing changes.
         */
        private void select(int target) {
            built.set(target);
            if (options.selection() == StageSelection.ALL_UP_TO_TARGET) {
                built.set(0, target + 1);
            }
            StageGraph.close(built, bases, references);
            boolean grew = true;
            while (grew) {
                grew = false;
                for (int s = built.nextSetBit(0); s >= 0; s = built.nextSetBit(s + 1)) {
                    if (!triggers.containsKey(s)) {
                        grew |= addTriggers(s);
                    }
                }
            }
        }

        /** Finds the triggers of stage {@code s}'s base; returns whether they made more stages needed. */
        private boolean addTriggers(int s) {
            From from = raw.get(s).from();
            List<Trigger> found = switch (bases.get(s)) {
                case Source.Stage b -> OnbuildTriggers.ofStage(b.index(), raw.get(b.index()).instructions(), from);
                case Source.Image i -> {
                    Optional<ImageConfig> config = resolve(options.baseImages(), i, platforms.get(s), from);
                    configs.put(s, config);
                    yield config.map(c -> OnbuildTriggers.ofImage(i.reference(), c.config().onBuild(), from))
                            .orElse(List.of());
                }
                default -> List.of();
            };
            triggers.put(s, found);
            if (found.isEmpty()) {
                return false;
            }
            List<Reference> all = new ArrayList<>();
            for (Trigger t : found) {
                all.addAll(references(List.of(t.instruction()), table, Optional.of(from.location())));
            }
            all.addAll(references.get(s));
            references.set(s, all);
            int before = built.cardinality();
            StageGraph.close(built, bases, references);
            return built.cardinality() != before;
        }

        /** Describes every stage and walks the built ones in file order (a base is always walked first). */
        private List<BuildStage> walk() {
            List<BuildStage> stages = new ArrayList<>(raw.size());
            Map<Integer, StageWalker> walked = new HashMap<>();
            for (RawStage stage : raw) {
                int s = stage.index();
                if (!built.get(s)) {
                    stages.add(new BuildStage(s, stage.from().stageName(), stage.from(), baseNames.get(s),
                            bases.get(s), platforms.get(s), stage.instructions(), references.get(s), false,
                            Optional.empty(), List.of(), Optional.empty()));
                    continue;
                }
                Optional<ImageConfig> config = configs.getOrDefault(s, Optional.empty());
                BuildArgs.Stage vars = bases.get(s) instanceof Source.Stage b
                        ? args.newStage(walked.get(b.index()).vars())
                        : args.newStage(initialEnv(config, platforms.get(s), options));
                StageWalker walker = new StageWalker(table, lex, s, vars);
                for (Trigger t : triggers.get(s)) {
                    walker.walk(t.instruction(), stage.from().location(), Optional.of(t.of()));
                }
                for (Instruction instruction : stage.instructions()) {
                    walker.walk(instruction, instruction.location(), Optional.empty());
                }
                walked.put(s, walker);
                stages.add(new BuildStage(s, stage.from().stageName(), stage.from(), baseNames.get(s), bases.get(s),
                        platforms.get(s), stage.instructions(), references.get(s), true, config, walker.steps(),
                        Optional.of(walker.scope())));
            }
            return stages;
        }
    }

    /** The {@code COPY --from} and {@code RUN --mount=from=} references of {@code instructions}. */
    private static List<Reference> references(List<Instruction> instructions, StageTable table,
            Optional<SourceRange> triggeredAt) {
        List<Reference> out = new ArrayList<>();
        for (Instruction instruction : instructions) {
            SourceRange at = triggeredAt.orElse(instruction.location());
            boolean trigger = triggeredAt.isPresent();
            if (instruction instanceof Copy copy && copy.from().isPresent()) {
                String from = copy.from().get();
                out.add(new Reference(Reference.Kind.COPY_FROM, from, table.copyFrom(from, at), at, trigger));
            } else if (instruction instanceof Run run) {
                for (RunMount mount : run.mounts()) {
                    String from = MountFrom.of(mount);
                    if (!from.isEmpty()) {
                        out.add(new Reference(Reference.Kind.MOUNT_FROM, from, table.mountFrom(from, at), at, trigger));
                    }
                }
            }
        }
        return out;
    }

    private static Optional<ImageConfig> resolve(BaseImageResolver resolver, Source.Image image,
            Optional<Platform> platform, From from) {
        try {
            return Objects.requireNonNull(resolver.config(image.reference(), platform), "resolver result");
        } catch (RuntimeException e) {
            throw new PlanException(from.location(), "resolve base image " + image.reference() + ": " + e.getMessage());
        }
    }

    /**
     * The variables a stage on an image (or scratch) starts with: the image's {@code Config.Env}, plus
     * BuildKit's default {@code PATH} when it has none and the platform is not Windows.
     */
    private static Env initialEnv(Optional<ImageConfig> config, Optional<Platform> platform, PlanOptions options) {
        Env env = config.map(c -> Env.fromList(c.config().env())).orElse(Env.empty());
        String os = config.map(ImageConfig::os).filter(o -> !o.isEmpty())
                .orElse(platform.map(Platform::os).orElse(options.platform().targetOs()));
        if (!env.contains("PATH") && !os.equals("windows")) {
            env = env.with("PATH", DEFAULT_PATH);
        }
        return env;
    }
}

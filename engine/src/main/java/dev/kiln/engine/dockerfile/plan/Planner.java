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
        String file = dockerfile.fileName();
        ShellLex lex = ShellLex.of(dockerfile.escapeToken());
        StageGrouping grouping = StageGrouping.of(dockerfile);
        List<RawStage> raw = grouping.stages();
        int target = grouping.target(options.target(), file);

        BuildArgs args = BuildArgs.create(options.buildArgs(), options.platform());
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
        Env globalEnv = args.globalEnv();

        StageTable table = new StageTable(raw, lex);
        List<String> baseNames = new ArrayList<>();
        List<Source> bases = new ArrayList<>();
        List<Optional<Platform>> platforms = new ArrayList<>();
        for (RawStage stage : raw) {
            String baseName = FromLine.baseName(stage.from(), lex, globalEnv);
            platforms.add(FromLine.platform(stage.from(), lex, globalEnv));
            baseNames.add(baseName);
            bases.add(table.base(baseName, stage));
        }
        List<List<Reference>> references = new ArrayList<>();
        for (RawStage stage : raw) {
            references.add(references(stage.instructions(), table, Optional.empty()));
        }
        StageGraph.checkCycles(references, table);

        BitSet built = new BitSet();
        built.set(target);
        if (options.selection() == StageSelection.ALL_UP_TO_TARGET) {
            built.set(0, target + 1);
        }
        StageGraph.close(built, bases, references);
        Map<Integer, List<Trigger>> triggers = new HashMap<>();
        Map<Integer, Optional<ImageConfig>> configs = new HashMap<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int s = built.nextSetBit(0); s >= 0; s = built.nextSetBit(s + 1)) {
                if (triggers.containsKey(s)) {
                    continue;
                }
                RawStage stage = raw.get(s);
                List<Trigger> found = switch (bases.get(s)) {
                    case Source.Stage b -> OnbuildTriggers.ofStage(b.index(), raw.get(b.index()).instructions(),
                            stage.from());
                    case Source.Image i -> {
                        Optional<ImageConfig> config = resolve(options.baseImages(), i, platforms.get(s), stage.from());
                        configs.put(s, config);
                        yield config.map(c -> OnbuildTriggers.ofImage(i.reference(), c.config().onBuild(),
                                stage.from())).orElse(List.of());
                    }
                    default -> List.of();
                };
                triggers.put(s, found);
                if (!found.isEmpty()) {
                    List<Reference> all = new ArrayList<>();
                    for (Trigger t : found) {
                        all.addAll(references(List.of(t.instruction()), table, Optional.of(stage.from().location())));
                    }
                    all.addAll(references.get(s));
                    references.set(s, all);
                    int before = built.cardinality();
                    StageGraph.close(built, bases, references);
                    grew |= built.cardinality() != before;
                }
            }
        }

        List<BuildStage> stages = new ArrayList<>(raw.size());
        Map<Integer, StageWalker> walked = new HashMap<>();
        for (RawStage stage : raw) {
            int s = stage.index();
            if (!built.get(s)) {
                stages.add(new BuildStage(s, stage.from().stageName(), stage.from(), baseNames.get(s), bases.get(s),
                        platforms.get(s), stage.instructions(), references.get(s), false, Optional.empty(),
                        List.of(), Optional.empty()));
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

        List<String> warnings = new ArrayList<>();
        args.unconsumedWarning().ifPresent(warnings::add);
        return new Plan(dockerfile, globals, globalEnv, stages, target, options.selection(),
                StageGraph.levels(built, bases, references), args.runProxyEnv(), warnings);
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

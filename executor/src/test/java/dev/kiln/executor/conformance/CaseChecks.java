package dev.kiln.executor.conformance;

import dev.kiln.testkit.tool.ImageSource;
import dev.kiln.testkit.tool.RunOptions;
import dev.kiln.testkit.tool.RunResult;
import dev.kiln.testkit.tool.Runc;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checks of one case, each adding a readable line per problem to {@link #problems()} rather than stopping at
 * the first, so one failing case shows everything that is wrong with it.
 *
 * <p>Not thread-safe; one instance per case and side comparison.
 */
final class CaseChecks {

    private final CaseDefinition c;
    private final java.util.Set<String> problems = new java.util.LinkedHashSet<>();

    CaseChecks(CaseDefinition c) {
        this.c = c;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Runs the image's default command under runc and compares stdout and exit code with the case's. */
    void runsAsExpected(String side, BuiltImage image) {
        RunResult r = Runc.run(ImageSource.layout(image.runLayout(), image.runTag()), RunOptions.command());
        if (!r.stdout().stripTrailing().equals(c.stdout().stripTrailing()) || r.exitCode() != c.exitCode()) {
            problems.add(side + " image run: expected exit " + c.exitCode() + " and stdout " + quote(c.stdout())
                    + ", got exit " + r.exitCode() + " and stdout " + quote(r.stdout()) + " (stderr " + quote(r.stderr()) + ")");
        }
    }

    /** The flattened tree without the paths the case's named allowances leave out, which must hold mere stubs. */
    SortedMap<String, FsEntry> compared(String side, SortedMap<String, FsEntry> tree, boolean checkStubs) {
        SortedMap<String, FsEntry> out = new TreeMap<>(tree);
        if (c.ignoresRunStubs()) {
            tree.forEach((path, e) -> {
                if (Allowance.BuildahRunStubs.covers(path)) {
                    out.remove(path);
                    boolean stub = e.type() == FsEntry.Type.DIR || e.type() == FsEntry.Type.FILE && e.size() == 0;
                    if (checkStubs && !stub) {
                        problems.add(side + ": " + path + " is covered by " + Allowance.BuildahRunStubs.NAME
                                + " but is not an empty stub: " + e.render());
                    }
                }
            });
        }
        return out;
    }

    /** How many layers after the base change the compared tree. */
    int changingLayers(String side, LayoutImage image, boolean checkStubs) {
        FlatTree tree = new FlatTree();
        List<java.nio.file.Path> layers = image.layers();
        if (layers.size() < c.baseLayers()) {
            problems.add(side + ": image has " + layers.size() + " layers, fewer than the base's " + c.baseLayers());
            return -1;
        }
        layers.subList(0, c.baseLayers()).forEach(tree::apply);
        SortedMap<String, FsEntry> before = compared(side, tree.entries(), checkStubs);
        int changing = 0;
        for (java.nio.file.Path layer : layers.subList(c.baseLayers(), layers.size())) {
            tree.apply(layer);
            SortedMap<String, FsEntry> after = compared(side, tree.entries(), checkStubs);
            if (!after.equals(before)) {
                changing++;
            }
            before = after;
        }
        return changing;
    }

    /** buildah's image changes the filesystem in as many layers as the case says (or as its allowance says). */
    void buildahLayers(LayoutImage image) {
        int expected = c.allowances(Allowance.BuildahLayers.class).stream().mapToInt(Allowance.BuildahLayers::count)
                .reduce((a, b) -> b).orElse(c.newLayers());
        int actual = changingLayers("buildah", image, true);
        if (actual != expected) {
            problems.add("buildah: " + actual + " layers change the filesystem, the case expects " + expected);
        }
    }

    /** Each allowance's buildah side is what buildah really produced, so no stale allowance hides anything. */
    void buildahSideOfAllowances(SortedMap<String, FsEntry> buildahTree, JsonObject buildahConfig) {
        for (Allowance.PathDiffers d : c.allowances(Allowance.PathDiffers.class)) {
            String actual = show(buildahTree.get(d.path()));
            if (!actual.equals(d.buildah())) {
                problems.add("allowance differs." + d.path() + ": buildah has " + actual + ", the case says " + d.buildah());
            }
        }
        Map<String, Object> fields = ConfigFields.of(buildahConfig);
        for (Allowance.ConfigDiffers d : c.allowances(Allowance.ConfigDiffers.class)) {
            if (!Objects.equals(fields.get(d.field()), d.buildah())) {
                problems.add("allowance differs.config." + d.field() + ": buildah has " + ConfigFields.show(fields.get(d.field()))
                        + ", the case says " + ConfigFields.show(d.buildah()));
            }
        }
    }

    /** Kiln's tree equals buildah's except where an allowance gives BuildKit's entry. */
    void sameTree(SortedMap<String, FsEntry> buildah, SortedMap<String, FsEntry> kiln) {
        Map<String, String> allowed = new TreeMap<>();
        c.allowances(Allowance.PathDiffers.class).forEach(d -> allowed.put(d.path(), d.kiln()));
        TreeSet<String> paths = new TreeSet<>(buildah.keySet());
        paths.addAll(kiln.keySet());
        paths.addAll(allowed.keySet());
        int shown = 0;
        int differing = 0;
        for (String p : paths) {
            String problem = null;
            if (allowed.containsKey(p)) {
                if (!show(kiln.get(p)).equals(allowed.get(p))) {
                    problem = p + ": Kiln has " + show(kiln.get(p)) + ", BuildKit's (per the case) is " + allowed.get(p);
                }
            } else if (!Objects.equals(buildah.get(p), kiln.get(p))) {
                problem = p + ": buildah has " + show(buildah.get(p)) + ", Kiln has " + show(kiln.get(p));
            }
            if (problem != null) {
                differing++;
                if (shown++ < 40) {
                    problems.add("filesystem " + problem);
                }
            }
        }
        if (differing > shown) {
            problems.add("filesystem: " + (differing - 40) + " more paths differ");
        }
    }

    /** Kiln's compared config fields equal buildah's except where an allowance gives BuildKit's value. */
    void sameConfig(JsonObject buildahConfig, JsonObject kilnConfig) {
        Map<String, Object> b = ConfigFields.of(buildahConfig);
        Map<String, Object> k = ConfigFields.of(kilnConfig);
        List<String> fields = new ArrayList<>(ConfigFields.FIELDS);
        fields.add(ConfigFields.AUTHOR);
        for (String f : fields) {
            Object expected = b.get(f);
            for (Allowance.ConfigDiffers d : c.allowances(Allowance.ConfigDiffers.class)) {
                if (d.field().equals(f)) {
                    expected = d.kiln();
                }
            }
            if (!Objects.equals(expected, k.get(f))) {
                problems.add("config " + f + ": expected " + ConfigFields.show(expected) + ", Kiln has " + ConfigFields.show(k.get(f)));
            }
        }
    }

    /**
     * Kiln adds exactly the case's count of layers, each of which changes the filesystem, and its history marks
     * every other step {@code empty_layer}: as many history entries without it as the manifest has layers.
     */
    void kilnLayers(LayoutImage kiln) {
        int layers = kiln.layers().size();
        if (layers != c.baseLayers() + c.newLayers()) {
            problems.add("Kiln: " + layers + " layers, expected " + c.baseLayers() + " base + " + c.newLayers() + " new");
        }
        int changing = changingLayers("Kiln", kiln, false);
        if (changing != layers - c.baseLayers()) {
            problems.add("Kiln: only " + changing + " of its " + (layers - c.baseLayers())
                    + " new layers change the filesystem; a step that changes nothing must add no layer");
        }
        List<JsonObject> history = kiln.history();
        long withLayer = history.stream().filter(h -> !h.getBoolean("empty_layer", false)).count();
        if (withLayer != layers) {
            problems.add("Kiln: history has " + withLayer + " entries with a layer (not empty_layer), the manifest " + layers
                    + " layers");
        }
    }

    private static String show(FsEntry e) {
        return e == null ? "absent" : e.render();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }
}

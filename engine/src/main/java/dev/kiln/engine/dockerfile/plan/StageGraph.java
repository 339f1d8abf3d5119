package dev.kiln.engine.dockerfile.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Graph algorithms over stages: cycles, the stages a target needs, and levels of a topological order.
 *
 * <p>Stateless; package-private. All walks are iterative, so a generated Dockerfile with thousands of stages
 * cannot overflow the stack, and visit edges in step order, so results and messages are deterministic.
 */
final class StageGraph {

    private StageGraph() {
    }

    /**
     * Rejects a cycle of {@code COPY --from} and mount references, as BuildKit's
     * {@code validateCircularDependency} does (before it looks at the target, so unused stages count too).
     * Like BuildKit it follows references only, not {@code FROM}: a {@code FROM} can only name an earlier
     * stage, and a reference to a later stage is reported when the referring stage is built.
     *
     * @param references per stage, its references in step order
     * @throws PlanException {@code circular dependency detected on stage: b (b -> c -> b)} at the reference
     *                       that leaves the named stage
     */
    static void checkCycles(List<List<Reference>> references, StageTable table) {
        int n = references.size();
        boolean[] visited = new boolean[n];
        int[] pathPosition = new int[n];
        Arrays.fill(pathPosition, -1);
        List<Integer> path = new ArrayList<>();
        List<Reference> via = new ArrayList<>(); // via.get(k): the reference from path k to path k+1
        int[] nextEdge = new int[n];
        for (int root = 0; root < n; root++) {
            if (visited[root]) {
                continue;
            }
            visited[root] = true;
            pathPosition[root] = 0;
            path.add(root);
            while (!path.isEmpty()) {
                int top = path.getLast();
                List<Reference> edges = references.get(top);
                Reference edge = null;
                while (nextEdge[top] < edges.size() && edge == null) {
                    Reference r = edges.get(nextEdge[top]++);
                    if (r.source() instanceof Source.Stage) {
                        edge = r;
                    }
                }
                if (edge == null) {
                    pathPosition[top] = -1;
                    path.removeLast();
                    if (!via.isEmpty()) {
                        via.removeLast();
                    }
                    continue;
                }
                int dep = ((Source.Stage) edge.source()).index();
                if (pathPosition[dep] >= 0) {
                    via.add(edge);
                    throw cycle(path.subList(pathPosition[dep], path.size()), via.get(pathPosition[dep]), table);
                }
                if (!visited[dep]) {
                    visited[dep] = true;
                    pathPosition[dep] = path.size();
                    path.add(dep);
                    via.add(edge);
                }
            }
        }
    }

    private static PlanException cycle(List<Integer> stages, Reference first, StageTable table) {
        StringBuilder chain = new StringBuilder();
        for (int s : stages) {
            chain.append(table.displayName(s)).append(" -> ");
        }
        chain.append(table.displayName(stages.getFirst()));
        return new PlanException(first.location(), "circular dependency detected on stage: "
                + table.displayName(stages.getFirst()) + " (" + chain + ")");
    }

    /**
     * Adds to {@code set} every stage its members need: their base stages and referenced stages,
     * transitively.
     */
    static void close(BitSet set, List<Source> bases, List<List<Reference>> references) {
        List<Integer> work = new ArrayList<>();
        set.stream().forEach(work::add);
        while (!work.isEmpty()) {
            int s = work.removeLast();
            if (bases.get(s) instanceof Source.Stage b && !set.get(b.index())) {
                set.set(b.index());
                work.add(b.index());
            }
            for (Reference r : references.get(s)) {
                if (r.source() instanceof Source.Stage d && !set.get(d.index())) {
                    set.set(d.index());
                    work.add(d.index());
                }
            }
        }
    }

    /**
     * The built stages in levels: a stage's level is one more than the highest level of the stages it
     * needs (0 for none). Every dependency has a lower index (the planner checked it), so one pass in
     * index order suffices.
     */
    static List<List<Integer>> levels(BitSet built, List<Source> bases, List<List<Reference>> references) {
        int[] level = new int[bases.size()];
        List<List<Integer>> out = new ArrayList<>();
        for (int s = built.nextSetBit(0); s >= 0; s = built.nextSetBit(s + 1)) {
            int l = 0;
            if (bases.get(s) instanceof Source.Stage b) {
                l = level[b.index()] + 1;
            }
            for (Reference r : references.get(s)) {
                if (r.source() instanceof Source.Stage d) {
                    l = Math.max(l, level[d.index()] + 1);
                }
            }
            level[s] = l;
            while (out.size() <= l) {
                out.add(new ArrayList<>());
            }
            out.get(l).add(s);
        }
        return out;
    }
}

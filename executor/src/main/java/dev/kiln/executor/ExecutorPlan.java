package dev.kiln.executor;

import java.util.List;
import java.util.Map;

/**
 * What a validated executor command line asks for, in resolved form. Immutable.
 *
 * @param context    the build context as given (a local path or a URL-like context)
 * @param dockerfile the Dockerfile: an absolute path, or a URL / context-relative path for remote contexts
 * @param destinations the image references to push to
 * @param buildArgs  build arguments after kaniko's environment fallback
 */
public record ExecutorPlan(String context, String dockerfile, List<String> destinations, Map<String, String> buildArgs) {

    public ExecutorPlan {
        destinations = List.copyOf(destinations);
        buildArgs = Map.copyOf(buildArgs);
    }

    String destinationsText() {
        return destinations.isEmpty() ? "no push" : "destinations " + String.join(", ", destinations);
    }
}

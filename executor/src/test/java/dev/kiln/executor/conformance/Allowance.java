package dev.kiln.executor.conformance;

import java.util.List;
import java.util.Objects;

/**
 * An explicit, named exception to "Kiln's image equals buildah's", stated by a case with its reason. Each kind
 * says what buildah does, so the harness can check that buildah really does it (an allowance that no longer
 * applies fails the case instead of hiding a difference), and what Kiln must do instead: BuildKit's behaviour.
 *
 * <p>Immutable records; sealed because the harness handles exactly these kinds.
 */
sealed interface Allowance {

    /** Why the allowance exists: the buildah behaviour and the BuildKit rule Kiln follows. */
    String reason();

    /**
     * At {@code path} buildah's image holds {@code buildah} and BuildKit's (so Kiln's) holds {@code kiln}; each is an
     * {@link FsEntry#render()} string or {@code absent}. Applies to the path only, not its subtree.
     */
    record PathDiffers(String path, String buildah, String kiln, String reason) implements Allowance {
        public PathDiffers {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(buildah, "buildah");
            Objects.requireNonNull(kiln, "kiln");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Config field {@code field} is {@code buildah} in buildah's image and {@code kiln} in Kiln's (null: absent). */
    record ConfigDiffers(String field, Object buildah, Object kiln, String reason) implements Allowance {
        public ConfigDiffers {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** buildah builds {@code dockerfile} (same directory as the case's) because buildah 1.28 lacks the syntax. */
    record BuildahDockerfile(String dockerfile, String reason) implements Allowance { }

    /** buildah gets these extra {@code bud} flags (e.g. for what a Dockerfile flag does in BuildKit). */
    record BuildahFlags(List<String> flags, String reason) implements Allowance {
        public BuildahFlags {
            flags = List.copyOf(flags);
        }
    }

    /** buildah's image has {@code count} filesystem-changing layers where Kiln's must have the case's count. */
    record BuildahLayers(int count, String reason) implements Allowance { }

    /**
     * Paths (with their subtrees) that buildah's RUN leaves behind by policy, left out of both trees: buildah's chroot
     * isolation bind-mounts {@code /etc/hostname}, {@code /etc/hosts} and {@code /etc/resolv.conf} and creates
     * {@code /run} (and {@code /run/secrets}) as mount points, and commits the empty stubs it created. BuildKit
     * provides these files at run time only and removes the mount stubs it created
     * (<a href="https://github.com/moby/buildkit/pull/3307">moby/buildkit#3307</a>,
     * <a href="https://github.com/moby/buildkit/pull/3314">#3314</a>). The harness checks that
     * buildah's are stubs: empty regular files or directories holding only stubs.
     */
    record BuildahRunStubs() implements Allowance {
        static final String NAME = "buildah-run-stubs";
        static final List<String> PATHS = List.of("/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/run");

        @Override
        public String reason() {
            return "buildah's RUN commits the empty stubs of its /etc/hostname, /etc/hosts, /etc/resolv.conf and /run "
                    + "mount points; BuildKit removes the stubs it creates";
        }

        /** Whether {@code path} is one of {@link #PATHS} or below one. */
        static boolean covers(String path) {
            return PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        }
    }
}

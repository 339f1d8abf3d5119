package dev.kiln.engine.step.copy;

import dev.kiln.engine.dockerfile.instruction.Add;
import dev.kiln.engine.dockerfile.instruction.Copy;
import dev.kiln.engine.dockerfile.instruction.InlineSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code COPY} or {@code ADD} with its words expanded: what {@link CopyOperation} carries out.
 *
 * <p>Immutable. Words are final values: variables are expanded by the caller with the stage's environment
 * (and heredoc data too, when its delimiter was unquoted), since this package knows no environment.
 * {@link #forCopy} and {@link #forAdd} take an instruction's words as they are, for instructions without
 * variables; a step that expands builds the request with {@link #builder}.
 *
 * @param kind        {@code COPY} or {@code ADD}
 * @param line        the instruction's first line in the Dockerfile, for messages (0 if unknown)
 * @param sources     source paths, URLs and Git references, in order
 * @param inline      heredoc sources ({@code COPY <<EOF /dest}), after the path sources, in order
 * @param destination the destination as written; relative to {@code workdir} unless absolute
 * @param workdir     the stage's working directory (absolute)
 * @param chown       {@code --chown}
 * @param chmod       {@code --chmod}
 * @param parents     {@code COPY --parents}
 * @param excludes    {@code --exclude} patterns
 * @param link        {@code --link}
 * @param checksum    {@code ADD --checksum}
 * @param keepGitDir  {@code ADD --keep-git-dir}
 * @param unpack      {@code ADD --unpack}; empty means BuildKit's default (local archives only)
 */
public record CopyRequest(Kind kind, int line, List<String> sources, List<InlineSource> inline, String destination,
                          String workdir, Optional<String> chown, Optional<String> chmod, boolean parents,
                          List<String> excludes, boolean link, Optional<String> checksum,
                          Optional<Boolean> keepGitDir, Optional<Boolean> unpack) {

    /** The two instructions that copy files. */
    public enum Kind { COPY, ADD }

    public CopyRequest {
        Objects.requireNonNull(kind, "kind");
        sources = List.copyOf(sources);
        inline = List.copyOf(inline);
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(workdir, "workdir");
        Objects.requireNonNull(chown, "chown");
        Objects.requireNonNull(chmod, "chmod");
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(keepGitDir, "keepGitDir");
        Objects.requireNonNull(unpack, "unpack");
    }

    /** A builder for {@code kind} with no sources, destination {@code .}, workdir {@code /}. */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** The request for a {@code COPY} whose words need no expansion. */
    public static CopyRequest forCopy(Copy c, String workdir) {
        return builder(Kind.COPY).line(c.location().startLine()).sources(c.operands().paths())
                .inline(c.operands().inline()).destination(c.operands().destination()).workdir(workdir)
                .chown(c.chown().orElse(null)).chmod(c.chmod().orElse(null)).parents(c.parents())
                .excludes(c.excludes()).link(c.link()).build();
    }

    /** The request for an {@code ADD} whose words need no expansion. */
    public static CopyRequest forAdd(Add a, String workdir) {
        Builder b = builder(Kind.ADD).line(a.location().startLine()).sources(a.operands().paths())
                .inline(a.operands().inline()).destination(a.operands().destination()).workdir(workdir)
                .chown(a.chown().orElse(null)).chmod(a.chmod().orElse(null)).excludes(a.excludes()).link(a.link())
                .checksum(a.checksum().orElse(null));
        a.keepGitDir().ifPresent(b::keepGitDir);
        a.unpack().ifPresent(b::unpack);
        return b.build();
    }

    /** Builds a {@link CopyRequest}. Not thread-safe. */
    public static final class Builder {
        private final Kind kind;
        private int line;
        private final List<String> sources = new ArrayList<>();
        private final List<InlineSource> inline = new ArrayList<>();
        private String destination = ".";
        private String workdir = "/";
        private String chown;
        private String chmod;
        private boolean parents;
        private final List<String> excludes = new ArrayList<>();
        private boolean link;
        private String checksum;
        private Boolean keepGitDir;
        private Boolean unpack;

        private Builder(Kind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        public Builder line(int value) {
            line = value;
            return this;
        }

        public Builder sources(List<String> values) {
            sources.addAll(values);
            return this;
        }

        public Builder source(String value) {
            sources.add(value);
            return this;
        }

        public Builder inline(List<InlineSource> values) {
            inline.addAll(values);
            return this;
        }

        /** A heredoc source named {@code name} with (already expanded) {@code data}. */
        public Builder heredoc(String name, String data) {
            inline.add(new InlineSource(name, data, false));
            return this;
        }

        public Builder destination(String value) {
            destination = value;
            return this;
        }

        public Builder workdir(String value) {
            workdir = value;
            return this;
        }

        /** {@code --chown}; null or empty for none. */
        public Builder chown(String value) {
            chown = value == null || value.isEmpty() ? null : value;
            return this;
        }

        /** {@code --chmod}; null or empty for none. */
        public Builder chmod(String value) {
            chmod = value == null || value.isEmpty() ? null : value;
            return this;
        }

        public Builder parents(boolean value) {
            parents = value;
            return this;
        }

        public Builder excludes(List<String> values) {
            excludes.addAll(values);
            return this;
        }

        public Builder exclude(String value) {
            excludes.add(value);
            return this;
        }

        public Builder link(boolean value) {
            link = value;
            return this;
        }

        /** {@code --checksum}; null or empty for none. */
        public Builder checksum(String value) {
            checksum = value == null || value.isEmpty() ? null : value;
            return this;
        }

        public Builder keepGitDir(boolean value) {
            keepGitDir = value;
            return this;
        }

        public Builder unpack(boolean value) {
            unpack = value;
            return this;
        }

        public CopyRequest build() {
            return new CopyRequest(kind, line, sources, inline, destination, workdir, Optional.ofNullable(chown),
                    Optional.ofNullable(chmod), parents, excludes, link, Optional.ofNullable(checksum),
                    Optional.ofNullable(keepGitDir), Optional.ofNullable(unpack));
        }
    }
}

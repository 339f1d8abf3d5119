package dev.kiln.engine.run;

import dev.kiln.engine.dockerfile.instruction.NetworkMode;
import dev.kiln.engine.fs.Posix;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * What the strategies without a mount namespace ({@link ChrootIsolation}, {@link InPlaceIsolation}) share:
 * refusing what they cannot provide, and secrets written as real files that are removed after the run.
 *
 * <p>Stateless. Without a private mount namespace a bind mount or tmpfs would appear in the host's mount
 * table and outlive a crash, and there is no network namespace for {@code --network=none}; both are refused
 * with an error naming the missing capability rather than silently weakened.
 */
final class DirectSetup {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private DirectSetup() {}

    /** Fails unless the spec needs only what a plain process can get. */
    static void refuseUnsupported(RunSpec spec, IsolationKind kind) {
        String why = " needs a mount namespace, which " + describe(kind) + " does not have";
        if (spec.network() == NetworkMode.NONE) {
            throw new RunException(RunException.Reason.UNSUPPORTED, "run " + Preparation.quoted(spec)
                    + ": --network=none needs a network namespace, which " + describe(kind) + " does not have");
        }
        for (MountSpec m : spec.mounts()) {
            String type = switch (m) {
                case MountSpec.Bind b -> "bind";
                case MountSpec.Cache c -> "cache";
                case MountSpec.Tmpfs t -> "tmpfs";
                case MountSpec.Secret s -> null;
            };
            if (type != null) {
                throw new RunException(RunException.Reason.UNSUPPORTED, "run " + Preparation.quoted(spec)
                        + ": --mount=type=" + type + ",target=" + m.target() + why);
            }
        }
    }

    private static String describe(IsolationKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + " isolation";
    }

    /**
     * Writes every secret of the spec to its target as a temporary file (mode and owner as asked), created
     * with no permissions for others from the start; the target must not exist, since restoring an image
     * file afterwards is not possible here.
     */
    static void writeSecrets(RunSpec spec, Stubs stubs) {
        for (MountSpec m : spec.mounts()) {
            if (!(m instanceof MountSpec.Secret s)) {
                continue;
            }
            Path host = stubs.parentsOf(s.target(), "secret mount target");
            if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                throw new RunException(RunException.Reason.MOUNT, "secret mount on " + s.target()
                        + ": the path exists in the rootfs and cannot be covered without a mount namespace");
            }
            if (s.source() instanceof MountSpec.FromFile f && !Files.isRegularFile(f.file())) {
                throw new RunException(RunException.Reason.MOUNT, "secret mount on " + s.target()
                        + ": source file " + f.file() + " does not exist");
            }
            stubs.temporary(host, () -> {
                try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(host,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY))) {
                    switch (s.source()) {
                        case MountSpec.FromFile f -> {
                            try (InputStream in = Files.newInputStream(f.file())) {
                                in.transferTo(out);
                            }
                        }
                        case MountSpec.FromBytes b -> out.write(b.content());
                    }
                }
                Posix.lchown(host, s.uid(), s.gid());
                Posix.chmod(host, s.mode());
            });
        }
    }

    /** Writes a generated file where the image has none, removed after the run. */
    static void writeIfMissing(Stubs stubs, String target, byte[] content) {
        Path host = stubs.parentsOf(target, "generated file");
        if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        stubs.temporary(host, () -> {
            Files.write(host, content, StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rw-r--r--"));
        });
    }
}

package dev.kiln.engine.run;

/**
 * The ways Kiln can run a {@code RUN} process, from strongest to weakest.
 *
 * <p>Immutable (an enum). See the package documentation for what each provides and lacks.
 */
public enum IsolationKind {
    /** New mount, PID, UTS and IPC namespaces (and network for {@code --network=none}) plus chroot. */
    NAMESPACED,
    /** Plain chroot with temporary device nodes, for hosts that refuse namespaces. */
    CHROOT,
    /** Kaniko-style: the rootfs is {@code /} itself, the process runs in place. */
    IN_PLACE
}

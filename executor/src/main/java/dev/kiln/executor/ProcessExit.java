package dev.kiln.executor;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Ends the executor's process at once with an exit code, through libc's {@code _exit(2)}.
 *
 * <p>Why not {@link System#exit} or {@link Runtime#halt}: both run HotSpot's VM exit, which waits up to
 * 300 ms for threads that are in native code to block (Netty's event loops sit in {@code epoll_wait}), a
 * third of a second added to every build after everything was written and printed. When the build is over
 * nothing is left to do in the JVM: its files are closed, its RUNs are over, its output is flushed by the
 * caller. Falls back to {@link Runtime#halt} if the call cannot be made. With {@code -Dkiln.exit=jvm} (an
 * AOT training run, whose cache the JVM writes in its orderly exit) it uses {@link System#exit}. Stateless.
 */
final class ProcessExit {

    private ProcessExit() {
    }

    /** Flushes nothing (the caller does) and never returns. */
    static void now(int code) {
        if ("jvm".equals(System.getProperty("kiln.exit"))) {
            System.exit(code);
        }
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle exit = linker.downcallHandle(linker.defaultLookup().find("_exit").orElseThrow(),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            exit.invokeExact(code);
        } catch (Throwable t) {
            // no _exit here: the JVM's own way, slower but the same outcome
        }
        Runtime.getRuntime().halt(code);
    }
}

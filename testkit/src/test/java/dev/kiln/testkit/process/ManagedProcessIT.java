package dev.kiln.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessIT {
    @TempDir
    Path dir;

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void startWaitsUntilThePortAnswersAndCloseStopsThePid() {
        int port = Ports.freeLoopbackPort();
        String jwebserver = Path.of(System.getProperty("java.home"), "bin", "jwebserver").toString();
        long pid;
        try (ManagedProcess p = ManagedProcess.builder("jwebserver",
                        List.of(jwebserver, "-b", "127.0.0.1", "-p", String.valueOf(port), "-d", dir.toString()))
                .log(dir.resolve("web.log")).readyWhenPortOpen(port).start()) {
            pid = p.pid();
            assertThat(Ports.isOpen(port)).isTrue();
            assertThat(p.isAlive()).isTrue();
        }
        assertThat(alive(pid)).isFalse();
        assertThat(Ports.isOpen(port)).isFalse();
    }

    @Test
    void processThatExitsBeforeReadyFailsWithExitCodeAndLogTail() {
        int port = Ports.freeLoopbackPort();
        ManagedProcess.Builder b = ManagedProcess.builder("early", List.of("sh", "-c", "echo boom-from-server; exit 3"))
                .log(dir.resolve("early.log")).readyWhenPortOpen(port);

        assertThatThrownBy(b::start)
                .isInstanceOf(ProcessStartException.class)
                .hasMessageStartingWith("start early: exited with code 3 before listening on 127.0.0.1:" + port)
                .hasMessageEndingWith("boom-from-server");
    }

    @Test
    void processNotReadyInTimeIsStoppedAndReported() {
        int port = Ports.freeLoopbackPort();
        ManagedProcess.Builder b = ManagedProcess.builder("mute", List.of("sh", "-c", "echo waiting; exec sleep 60"))
                .log(dir.resolve("mute.log")).readyWhenPortOpen(port).startTimeout(Duration.ofMillis(500));

        assertThatThrownBy(b::start)
                .isInstanceOf(ProcessStartException.class)
                .hasMessageStartingWith("start mute: not listening on 127.0.0.1:" + port + " after 0.5s, stopped")
                .hasMessageEndingWith("waiting");
        assertThat(ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine().orElse("").contains("sleep 60")
                && h.parent().map(pp -> pp.pid() == ProcessHandle.current().pid()).orElse(false))).isFalse();
    }

    @Test
    void closeKillsAProcessThatIgnoresSigtermAndItsChildren() {
        ManagedProcess p = ManagedProcess.builder("stubborn",
                        List.of("sh", "-c", "trap '' TERM; sleep 6543 & echo started; wait"))
                .log(dir.resolve("stubborn.log"))
                .readyWhen("printed started", () -> dir.resolve("stubborn.log").toFile().length() > 0)
                .stopGrace(Duration.ofMillis(300)).start();
        Optional<ProcessHandle> child = ProcessHandle.of(p.pid()).flatMap(h -> h.children().findFirst());
        assertThat(child).isPresent();

        p.close();

        assertThat(alive(p.pid())).isFalse();
        assertThat(child.get().isAlive()).isFalse();
    }
}

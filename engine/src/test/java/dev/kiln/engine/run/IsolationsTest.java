package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strategy selection; nothing is run here, least of all in {@code /}. */
class IsolationsTest {

    @TempDir
    Path dir;

    final Isolations noTools = new Isolations(new HostTools(Map.of()));

    @Test
    void theHostRootAlwaysMeansInPlaceWithoutProbing() {
        assertThat(noTools.choose(Path.of("/"))).isEqualTo(IsolationKind.IN_PLACE);
        assertThat(noTools.choose(Path.of("/usr/.."))).isEqualTo(IsolationKind.IN_PLACE);
    }

    @Test
    void withoutUnshareTheProbeFailsAndChrootIsChosen() {
        assertThat(noTools.probe()).isEqualTo(new Isolations.Probe(false, "unshare, sh or mount not installed"));
        assertThat(noTools.choose(dir)).isEqualTo(IsolationKind.CHROOT);
    }

    @Test
    void forcedKindsGiveTheirStrategies() {
        assertThat(noTools.of(IsolationKind.NAMESPACED)).isInstanceOf(NamespacedIsolation.class);
        assertThat(noTools.of(IsolationKind.CHROOT)).isInstanceOf(ChrootIsolation.class);
        assertThat(noTools.of(IsolationKind.IN_PLACE)).isInstanceOfSatisfying(InPlaceIsolation.class,
                i -> assertThat(i.root()).isEqualTo(Path.of("/")));
    }

    @Test
    void hostToolsAreFoundOnThePath() {
        HostTools tools = HostTools.fromPath();
        assertThat(tools.find(HostTools.Tool.SH)).isPresent();
        assertThat(tools.find(HostTools.Tool.ENV)).isPresent();
    }
}

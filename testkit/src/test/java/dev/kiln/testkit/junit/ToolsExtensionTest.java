package dev.kiln.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.process.ToolMissingException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class ToolsExtensionTest {

    /** Run only through the launcher below (surefire skips nested classes). */
    @RequiresTools(Tool.OPENSSL)
    static class FixtureNeedingAMissingTool {
        @Test
        void fixtureReportsAMissingTool() {
            throw new ToolMissingException(List.of(Tool.BUILDAH));
        }

        @Test
        void passes() {
        }
    }

    private static TestExecutionSummary run(boolean requireTools) {
        String before = System.getProperty("kiln.testkit.requireTools");
        System.setProperty("kiln.testkit.requireTools", String.valueOf(requireTools));
        try {
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(FixtureNeedingAMissingTool.class)).build(), listener);
            return listener.getSummary();
        } finally {
            if (before == null) {
                System.clearProperty("kiln.testkit.requireTools");
            } else {
                System.setProperty("kiln.testkit.requireTools", before);
            }
        }
    }

    @Test
    void missingToolFromAFixtureSkipsTheTestOutsideCi() {
        assumeFalse("true".equalsIgnoreCase(System.getenv("CI")), "CI=true requires tools: a skip cannot be observed");
        TestExecutionSummary s = run(false);

        assertThat(s.getTestsSucceededCount()).isEqualTo(1);
        assertThat(s.getTestsAbortedCount()).isEqualTo(1);
        assertThat(s.getTestsFailedCount()).isZero();
    }

    @Test
    void missingToolFailsTheTestWhenToolsAreRequired() {
        TestExecutionSummary s = run(true);

        assertThat(s.getTestsFailedCount()).isEqualTo(1);
        assertThat(s.getFailures().getFirst().getException())
                .isInstanceOf(ToolMissingException.class)
                .hasMessage("find buildah on PATH: not installed (apt-get install buildah)");
    }
}

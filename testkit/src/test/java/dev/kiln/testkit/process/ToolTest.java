package dev.kiln.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolTest {

    @Test
    void missingToolMessageNamesProgramsAndAptPackages() {
        ToolMissingException e = new ToolMissingException(List.of(Tool.HTPASSWD, Tool.DOCKER_REGISTRY));

        assertThat(e).hasMessage("find htpasswd, docker-registry on PATH: not installed "
                + "(apt-get install apache2-utils docker-registry)");
        assertThat(e.tools()).containsExactly(Tool.HTPASSWD, Tool.DOCKER_REGISTRY);
    }

    @Test
    void foundToolsAreAbsoluteExecutablePaths() {
        for (Tool t : Tool.values()) {
            t.find().ifPresent(p -> assertThat(p).isAbsolute().isExecutable().hasFileName(t.executable()));
        }
    }
}

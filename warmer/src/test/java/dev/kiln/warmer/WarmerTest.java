package dev.kiln.warmer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.engine.registry.RegistryException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class WarmerTest {

    @Test
    void aRegistryFailureIsNamedByItsMessageWithoutTheClassName() {
        RegistryException e = new RegistryException("pull manifest 1 from r.example/app", "connection refused");
        assertThat(Warmer.describe(new CompletionException(e))).isEqualTo(e.getMessage())
                .doesNotContain("RegistryException").contains("pull manifest 1 from r.example/app");
    }

    @Test
    void anUntypedFailureKeepsItsClassForContext() {
        assertThat(Warmer.describe(new IOException("disk full"))).isEqualTo("IOException disk full");
    }
}

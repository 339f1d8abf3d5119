package dev.kiln.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SnapshotModeTest {

    @Test
    void kanikoFlagValuesMapToTheirModes() {
        assertThat(SnapshotMode.forFlag("full")).isEqualTo(SnapshotMode.FULL);
        assertThat(SnapshotMode.forFlag("redo")).isEqualTo(SnapshotMode.REDO);
        assertThat(SnapshotMode.forFlag("Time")).isEqualTo(SnapshotMode.TIME);
        assertThat(SnapshotMode.forFlag("exact")).isEqualTo(SnapshotMode.EXACT);
        assertThat(SnapshotMode.DEFAULT).isEqualTo(SnapshotMode.EXACT);
        assertThat(SnapshotMode.REDO.flagValue()).isEqualTo("redo");
    }

    @Test
    void unknownFlagValueNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> SnapshotMode.forFlag("fast"))
                .hasMessage("snapshot mode \"fast\": unknown (exact, full, redo, time)");
    }

    @Test
    void fullModeDoesNotCountCtimeInodeOrLinkCount() {
        assertThat(SnapshotMode.FULL.decisive()).doesNotContain(Difference.CTIME, Difference.INODE, Difference.LINKS)
                .contains(Difference.CONTENT);
        assertThat(SnapshotMode.EXACT.decisive()).containsExactlyInAnyOrder(Difference.values());
    }
}

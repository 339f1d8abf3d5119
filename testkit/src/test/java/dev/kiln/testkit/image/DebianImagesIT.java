package dev.kiln.testkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.testkit.json.Json;
import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.Tool;
import dev.kiln.testkit.tool.Umoci;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Debian minbase layout: built once per machine (the first run takes about a minute), then read from the cache. */
@RequiresTools({Tool.DEBOOTSTRAP, Tool.UMOCI})
class DebianImagesIT {

    @Test
    void theLayoutHoldsOneMinbaseLayerAndIsCachedPerMachine() throws Exception {
        Path layout = BaseImages.debianLayout();

        assertThat(layout).startsWith(BusyboxBinaries.cacheRoot()).isDirectory();
        assertThat(BaseImages.debianLayout()).isEqualTo(layout);
        assertThat(layout.resolveSibling("SOURCE")).content().startsWith("debootstrap --variant=minbase bookworm http");
        Map<String, Object> stat = Json.parseObject(Umoci.stat(layout, BaseImages.TAG));
        List<Object> history = Json.asArray(stat.get("history"), "history");
        assertThat(history).extracting(h -> Json.at(h, "created_by")).containsExactly("umoci repack", "umoci config");
        assertThat(history).filteredOn(h -> Json.at(h, "layer") != null).hasSize(1);
        try (var dirs = Files.list(layout.getParent())) {
            assertThat(dirs.map(p -> p.getFileName().toString()))
                    .as("no build directory left behind").noneMatch(n -> n.startsWith("build-"));
        }
    }
}

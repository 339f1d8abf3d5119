package dev.kiln.engine.run;

import dev.kiln.testkit.junit.RequiresTools;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.process.Tool;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Each test gets a fresh busybox rootfs in its own temp dir (the testkit's, which deletes without
 * following the rootfs's absolute links and without JUnit's warning per link).
 */
@RequiresTools({Tool.UMOCI, Tool.BUSYBOX})
abstract class RootfsTestBase {

    TempDir temp;
    Path dir;
    Path root;

    @BeforeEach
    void createRootfs() throws Exception {
        TestRootfs.assumeRoot();
        temp = TempDir.create("kiln-run-it-");
        dir = temp.path();
        root = TestRootfs.busybox(dir);
    }

    @AfterEach
    void deleteRootfs() {
        if (temp != null) {
            temp.close();
        }
    }
}

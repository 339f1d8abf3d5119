package dev.kiln.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ProcessIsolationTest {

    @Test
    void workDirectoriesArePrivateAndOnTheHostsShmTmpfsWhenThereIsOne() throws Exception {
        Path work = ProcessIsolation.createWorkDir();
        try {
            assertThat(work.getParent()).isEqualTo(ProcessIsolation.WorkBase.DIR);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work))).isEqualTo("rwx------");
            Path shm = Path.of("/dev/shm");
            if (Files.isDirectory(shm) && Files.isWritable(shm) && "tmpfs".equals(Files.getFileStore(shm).type())) {
                assertThat(ProcessIsolation.WorkBase.DIR).isEqualTo(shm);
            }
        } finally {
            ProcessIsolation.deleteWorkDir(work);
        }
        assertThat(work).doesNotExist();
    }
}

package dev.kiln.executor.conformance;

import dev.kiln.testkit.image.BaseImages;
import dev.kiln.testkit.image.Arch;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Skopeo;
import dev.kiln.testkit.tool.Umoci;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The corpus's base images, pushed once per suite run: {@code busybox:latest} (the testkit's busybox) and
 * {@code users:latest}, the same with named users and groups for USER and {@code --chown} cases:
 * {@code app} 1000:1000 (also in group {@code staff} 50), {@code web} 1001 with primary group {@code webgrp} 1002,
 * and {@code /home/app} owned by app.
 *
 * <p>Stateless. The users image is made with umoci (unpack, edit, repack), never with a builder under test.
 */
final class TestBases {

    static final String BUSYBOX = "busybox:latest";
    static final String USERS = "users:latest";

    private TestBases() {
    }

    /** Pushes both images to {@code registry}. */
    static void push(RegistryServer registry) {
        BaseImages.pushBusybox(registry, BUSYBOX);
        try (TempDir t = TempDir.create("kiln-conformance-users-")) {
            Path layout = t.resolve("oci");
            Skopeo.copy("oci:" + BaseImages.busyboxLayout(Arch.AMD64) + ":" + BaseImages.TAG, "oci:" + layout + ":latest",
                    List.of());
            Path bundle = t.resolve("bundle");
            Umoci.unpack(layout, "latest", bundle);
            Path rootfs = bundle.resolve("rootfs");
            Files.writeString(rootfs.resolve("etc/passwd"), "app:x:1000:1000:app:/home/app:/bin/sh\n"
                    + "web:x:1001:1002:web:/nonexistent:/bin/sh\n", java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(rootfs.resolve("etc/group"), "staff:x:50:app\napp:x:1000:\nwebgrp:x:1002:\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Path home = Files.createDirectories(rootfs.resolve("home/app"));
            Files.setAttribute(home, "unix:uid", 1000);
            Files.setAttribute(home, "unix:gid", 1000);
            Umoci.repack(layout, "latest", bundle);
            Umoci.gc(layout);
            Skopeo.push(layout, "latest", registry, USERS);
        } catch (IOException e) {
            throw new UncheckedIOException("make the users base image: " + e.getMessage(), e);
        }
    }
}

package dev.kiln.engine.registry;

import dev.kiln.engine.image.Image;
import dev.kiln.engine.image.Layer;
import dev.kiln.engine.image.LayerCompression;
import dev.kiln.engine.image.Layers;
import dev.kiln.engine.image.TestImages;
import dev.kiln.engine.image.layout.OciLayout;
import dev.kiln.engine.image.mutate.ImageFormat;
import dev.kiln.engine.image.mutate.Mutate;
import dev.kiln.engine.image.remote.ImagePusher;
import dev.kiln.engine.image.remote.RemoteImages;
import dev.kiln.engine.oci.Platform;
import dev.kiln.engine.reference.ImageReference;
import dev.kiln.engine.registry.auth.Keychain;
import dev.kiln.testkit.process.TempDir;
import dev.kiln.testkit.registry.RegistryServer;
import dev.kiln.testkit.tool.Skopeo;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Throughput of Kiln's registry client next to {@code skopeo copy}, same image, same machine, same run: a
 * 10-layer image of random (incompressible) data, about 200 MB, pushed to and pulled from a local plain-HTTP
 * docker-registry. Each round uses fresh registries, so neither tool can mount or skip blobs it saw before.
 * Not a test: run it with {@code bench/registry.sh [layers] [MiB per layer] [rounds]}.
 */
public final class RegistryBenchmark {

    private RegistryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Vertx vertx = Vertx.vertx();
        try (TempDir work = TempDir.create("kiln-registry-bench-")) {
            Image image = buildImage(work.resolve("blobs"), work.resolve("tars"), layers, mib);
            long bytes = image.layers().stream().mapToLong(Layer::size).sum() + image.rawConfig().length;
            Path layout = work.resolve("layout");
            OciLayout.create(layout).writeImage(image, "bench");
            System.out.printf(Locale.ROOT, "image: %d layers, %.1f MiB of blobs, digest %s%n", layers,
                    bytes / 1048576.0, image.digest());
            List<double[]> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double[] r = new double[4];
                try (RegistryServer forKiln = RegistryServer.startPlain(); RegistryServer forSkopeo = RegistryServer.startPlain()) {
                    RegistryClient client = RegistryClient.create(vertx, RegistryOptions.builder()
                            .insecureRegistry(forKiln.hostPort()).build(), Keychain.anonymous());
                    ImageReference ref = ImageReference.parse(forKiln.reference("bench:1"));
                    r[0] = seconds(() -> Await.result(new ImagePusher(client).push(image, List.of(ref))));
                    Await.result(client.close());
                    RegistryClient puller = RegistryClient.create(vertx, RegistryOptions.builder()
                            .insecureRegistry(forKiln.hostPort()).build(), Keychain.anonymous());
                    Path cache = work.resolve("kiln-cache-" + round);
                    r[1] = seconds(() -> Await.result(new RemoteImages(puller, cache).pull(ref, Platform.of("linux", "amd64"))));
                    Await.result(puller.close());
                    r[2] = seconds(() -> Skopeo.push(layout, "bench", forSkopeo, "bench:1"));
                    Path pulled = work.resolve("skopeo-pull-" + round);
                    r[3] = seconds(() -> Skopeo.pull(forSkopeo, "bench:1", pulled, "x"));
                }
                results.add(r);
                System.out.printf(Locale.ROOT, "round %d: kiln push %s, pull %s | skopeo push %s, pull %s%n", round,
                        rate(bytes, r[0]), rate(bytes, r[1]), rate(bytes, r[2]), rate(bytes, r[3]));
            }
            System.out.printf(Locale.ROOT, "best:    kiln push %s, pull %s | skopeo push %s, pull %s%n",
                    rate(bytes, best(results, 0)), rate(bytes, best(results, 1)), rate(bytes, best(results, 2)),
                    rate(bytes, best(results, 3)));
        } finally {
            Await.result(vertx.close());
        }
    }

    /** An OCI image of {@code layers} gzip (level 1) layers, each one tar holding {@code mib} MiB of random bytes. */
    private static Image buildImage(Path blobDir, Path tarDir, int layers, int mib) throws IOException {
        Files.createDirectories(tarDir);
        List<Layer> built = new ArrayList<>();
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < layers; i++) {
            Path tar = tarDir.resolve("layer-" + i + ".tar");
            try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
                TarArchiveEntry e = new TarArchiveEntry("data/layer-" + i + ".bin");
                e.setSize((long) mib << 20);
                e.setMode(0644);
                e.setModTime(TestImages.CREATED.toEpochMilli());
                t.putArchiveEntry(e);
                for (int m = 0; m < mib; m++) {
                    random.nextBytes(chunk);
                    t.write(chunk);
                }
                t.closeArchiveEntry();
            }
            built.add(Layers.fromTar(tar, LayerCompression.gzip(1), blobDir));
        }
        return Mutate.appendLayers(Mutate.empty(TestImages.config(Platform.of("linux", "amd64")), ImageFormat.OCI), built);
    }

    private static double seconds(Supplier<?> action) {
        long start = System.nanoTime();
        action.get();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double best(List<double[]> results, int i) {
        return results.stream().mapToDouble(r -> r[i]).min().orElseThrow();
    }

    private static String rate(long bytes, double seconds) {
        return String.format(Locale.ROOT, "%.2f s (%.0f MB/s)", seconds, bytes / 1e6 / seconds);
    }
}

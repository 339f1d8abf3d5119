package dev.kiln.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints and renders {@code charts/kiln} through helm-java's embedded Helm 3, the same code {@code helm lint}
 * and {@code helm template} run.
 */
class KilnChartTest {

    /** Surefire runs in the module directory, where the chart lives. */
    private static final Path CHART = Path.of("kiln").toAbsolutePath();

    private static final String TYPICAL = """
            image:
              tag: "1.2.3"
            context: git://github.com/example/app.git#refs/heads/main
            dockerfile: build/Dockerfile
            target: final
            destinations:
              - registry.example.com/team/app:1.0
              - registry.example.com/team/app:latest
            buildArgs:
              VERSION: "1.10"
              BASE: alpine
            cache:
              enabled: true
              repo: registry.example.com/team/app-cache
            snapshotMode: redo
            verbosity: debug
            extraArgs:
              - --reproducible
            registryCredentials:
              secretName: regcred
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void chartExists() {
        assertThat(CHART.resolve("Chart.yaml")).as("chart directory (run from charts/)").isRegularFile();
    }

    @Test
    void lintPasses() {
        LintResult result = new Helm(CHART).lint().call();

        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void strictLintPasses() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("strict lint failed: %s", result.getMessages()).isFalse();
    }

    @Test
    void lintReportsABrokenTemplate() throws IOException {
        // Guards the two lint tests above: the embedded lint must see template errors at all.
        Path copy = dir.resolve("kiln");
        try (var files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Files.copy(source, copy.resolve(CHART.relativize(source).toString()));
            }
        }
        Files.writeString(copy.resolve("templates/broken.yaml"), "{{ .Values.missing.field }}\n");

        LintResult result = new Helm(copy).lint().call();

        assertThat(result.isFailed()).isTrue();
        assertThat(result.getMessages()).anyMatch(m -> m.contains("[ERROR]") && m.contains("broken.yaml"));
    }

    @Test
    void typicalValuesRenderTheFlagsInKanikoOrder() throws IOException {
        List<String> args = render(TYPICAL).args();

        assertThat(args).containsExactly(
                "--dockerfile=build/Dockerfile",
                "--context=git://github.com/example/app.git#refs/heads/main",
                "--destination=registry.example.com/team/app:1.0",
                "--destination=registry.example.com/team/app:latest",
                "--target=final",
                "--build-arg=BASE=alpine",
                "--build-arg=VERSION=1.10",
                "--cache=true",
                "--cache-repo=registry.example.com/team/app-cache",
                "--snapshot-mode=redo",
                "--verbosity=debug",
                "--reproducible");
    }

    @Test
    void registryCredentialsAreMountedWhereKanikoKeepsThem() throws IOException {
        String job = render(TYPICAL).job();

        assertThat(job).contains("""
                            - name: DOCKER_CONFIG
                              value: /kaniko/.docker
                """);
        assertThat(job).contains("""
                            - name: docker-config
                              mountPath: /kaniko/.docker
                              readOnly: true
                """);
        assertThat(job).contains("""
                        - name: docker-config
                          secret:
                            secretName: regcred
                            items:
                              - key: .dockerconfigjson
                                path: config.json
                """);
    }

    @Test
    void withoutCredentialsNothingIsMounted() throws IOException {
        String job = render("destinations: [localhost:5000/app:1]").job();

        assertThat(job).doesNotContain("docker-config").doesNotContain("DOCKER_CONFIG");
    }

    @Test
    void renderingWithoutDestinationFailsUnlessNoPush() {
        assertThatThrownBy(() -> render("destinations: []"))
                .hasMessageContaining("kiln: set at least one entry in destinations (--destination),"
                        + " or set noPush=true to build without pushing");
    }

    @Test
    void noPushRendersWithoutDestination() throws IOException {
        List<String> args = render("noPush: true").args();

        assertThat(args).contains("--no-push").noneMatch(a -> a.startsWith("--destination"));
    }

    @Test
    void buildArgsRenderSortedAsNameEqualsValue() throws IOException {
        List<String> args = render("""
                destinations: [r.example/a:1]
                buildArgs:
                  ZED: last
                  alpha: "a b"
                  MIDDLE: "x=y"
                  COUNT: 3
                  BIG: 1000000
                  FROM_ENV: null
                """).args();

        assertThat(args.stream().filter(a -> a.startsWith("--build-arg")).toList()).containsExactly(
                "--build-arg=BIG=1000000",
                "--build-arg=COUNT=3",
                "--build-arg=FROM_ENV",
                "--build-arg=MIDDLE=x=y",
                "--build-arg=ZED=last",
                "--build-arg=alpha=a b");
    }

    @Test
    void fractionalNumberBuildArgIsRefused() {
        assertThatThrownBy(() -> render("""
                destinations: [r.example/a:1]
                buildArgs:
                  VERSION: 1.10
                """))
                .hasMessageContaining("kiln: buildArgs.VERSION is the number 1.1; quote it in YAML");
    }

    @Test
    void cacheFlagsOnlyWhenCacheIsEnabled() throws IOException {
        List<String> args = render("""
                destinations: [r.example/a:1]
                cache:
                  enabled: false
                  repo: r.example/cache
                """).args();

        assertThat(args).noneMatch(a -> a.startsWith("--cache"));
    }

    @Test
    void aWarmedBaseImageCacheIsMountedReadOnlyAtCacheDir() throws IOException {
        RenderedChart chart = render("""
                destinations: [r.example/a:1]
                cache:
                  enabled: true
                  baseImagesClaim: warmed-bases
                """);

        assertThat(chart.args()).contains("--cache=true", "--cache-dir=/cache");
        assertThat(chart.job()).contains("""
                            - name: base-images
                              mountPath: /cache
                              readOnly: true
                """).contains("""
                        - name: base-images
                          persistentVolumeClaim:
                            claimName: warmed-bases
                            readOnly: true
                """);
    }

    @Test
    void theBaseImageClaimIsIgnoredWithoutCache() throws IOException {
        RenderedChart chart = render("""
                destinations: [r.example/a:1]
                cache:
                  baseImagesClaim: warmed-bases
                """);

        assertThat(chart.args()).noneMatch(a -> a.startsWith("--cache"));
        assertThat(chart.job()).doesNotContain("base-images");
    }

    @Test
    void defaultsRenderOnlyTheEssentialFlags() throws IOException {
        List<String> args = render("destinations: [r.example/a:1]").args();

        assertThat(args).containsExactly("--dockerfile=Dockerfile", "--context=dir:///workspace",
                "--destination=r.example/a:1", "--verbosity=info");
    }

    @Test
    void imageTagDefaultsToAppVersionAndDigestWins() throws IOException {
        assertThat(render("destinations: [r.example/a:1]").job()).contains("image: \"kiln/executor:0.1.0\"");
        assertThat(render(TYPICAL).job()).contains("image: \"kiln/executor:1.2.3\"");

        String digest = "sha256:" + "ab".repeat(32);
        assertThat(render("destinations: [r.example/a:1]\nimage: {repository: reg.example/kiln, digest: \""
                + digest + "\"}").job()).contains("image: \"reg.example/kiln@" + digest + "\"");
    }

    @Test
    void jobRunsOnceAndIsNotPrivileged() throws IOException {
        String job = render("destinations: [r.example/a:1]").job();

        assertThat(job).contains("      restartPolicy: Never\n")
                .contains("  backoffLimit: 0\n")
                .contains("  ttlSecondsAfterFinished: 3600\n")
                .contains("privileged: false")
                .doesNotContain("privileged: true")
                .doesNotContain("activeDeadlineSeconds");
    }

    @Test
    void jobLimitsComeFromValues() throws IOException {
        String job = render("""
                destinations: [r.example/a:1]
                backoffLimit: 2
                ttlSecondsAfterFinished: 0
                activeDeadlineSeconds: 5400000
                """).job();

        assertThat(job).contains("  backoffLimit: 2\n")
                .contains("  ttlSecondsAfterFinished: 0\n")
                .contains("  activeDeadlineSeconds: 5400000\n");
    }

    @Test
    void labelsFollowHelmConventions() throws IOException {
        String job = render("destinations: [r.example/a:1]").job();

        assertThat(job).contains("    helm.sh/chart: kiln-0.1.0\n")
                .contains("    app.kubernetes.io/name: kiln\n")
                .contains("    app.kubernetes.io/instance: build\n")
                .contains("    app.kubernetes.io/version: \"0.1.0\"\n")
                .contains("    app.kubernetes.io/managed-by: Helm\n")
                .contains("  name: build-kiln\n");
    }

    @Test
    void workspaceIsAnEmptyDirByDefaultAndAnyVolumeOnRequest() throws IOException {
        assertThat(render("destinations: [r.example/a:1]").job()).contains("""
                        - name: workspace
                          emptyDir: {}
                """).contains("""
                            - name: workspace
                              mountPath: /workspace
                """);

        assertThat(render("""
                destinations: [r.example/a:1]
                workspace:
                  mountPath: /src
                  volume:
                    persistentVolumeClaim:
                      claimName: sources
                """).job()).contains("""
                        - name: workspace
                          persistentVolumeClaim:
                            claimName: sources
                """).contains("mountPath: /src\n").doesNotContain("emptyDir");
    }

    @Test
    void schedulingResourcesAndExtraVolumesArePassedThrough() throws IOException {
        String job = render("""
                destinations: [r.example/a:1]
                resources:
                  limits:
                    memory: 4Gi
                nodeSelector:
                  kubernetes.io/arch: amd64
                tolerations:
                  - key: builds
                    operator: Exists
                affinity:
                  nodeAffinity: {}
                podSecurityContext:
                  fsGroup: 1000
                extraVolumes:
                  - name: certs
                    configMap:
                      name: ca
                extraVolumeMounts:
                  - name: certs
                    mountPath: /kaniko/ssl/certs
                env:
                  - name: AWS_REGION
                    value: eu-west-1
                """).job();

        assertThat(job).contains("""
                          resources:
                            limits:
                              memory: 4Gi
                """).contains("""
                      nodeSelector:
                        kubernetes.io/arch: amd64
                """).contains("""
                      tolerations:
                        - key: builds
                          operator: Exists
                """).contains("""
                      affinity:
                        nodeAffinity: {}
                """).contains("""
                      securityContext:
                        fsGroup: 1000
                """).contains("""
                        - configMap:
                            name: ca
                          name: certs
                """).contains("""
                            - mountPath: /kaniko/ssl/certs
                              name: certs
                """).contains("""
                            - name: AWS_REGION
                              value: eu-west-1
                """);
    }

    @Test
    void serviceAccountIsCreatedOnRequestWithoutToken() throws IOException {
        RenderedChart none = render("destinations: [r.example/a:1]");
        assertThat(none.document("ServiceAccount")).isEmpty();
        assertThat(none.job()).contains("serviceAccountName: default\n")
                .contains("automountServiceAccountToken: false\n");

        RenderedChart created = render("""
                destinations: [r.example/a:1]
                serviceAccount:
                  create: true
                  annotations:
                    iam.gke.io/gcp-service-account: builder@project.iam.gserviceaccount.com
                """);
        assertThat(created.document("ServiceAccount")).hasValueSatisfying(sa -> assertThat(sa)
                .contains("  name: build-kiln\n")
                .contains("iam.gke.io/gcp-service-account: builder@project.iam.gserviceaccount.com")
                .contains("automountServiceAccountToken: false"));
        assertThat(created.job()).contains("serviceAccountName: build-kiln\n");
    }

    private RenderedChart render(String values) throws IOException {
        Path file = Files.writeString(dir.resolve("values-" + System.nanoTime() + ".yaml"), values);
        TemplateCommand template = new Helm(CHART).template().withName("build").withNamespace("ci")
                .withValuesFile(file);
        return RenderedChart.of(template.call());
    }
}

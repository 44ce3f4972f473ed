package io.teamtalkj.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes manifests under deploy/k8s render and pass every check of {@link ManifestChecks}. */
class DeployManifestsTest {
    static final Path K8S = Path.of("k8s").toAbsolutePath();
    static final Path CONF = Path.of("..", "conf").toAbsolutePath().normalize();

    @TempDir
    Path scratch;

    @Test
    void exampleOverlayRendersToValidObjects() {
        List<Map<String, Object>> objects = Kustomize.render(K8S.resolve("overlays/example"));
        assertThat(ManifestChecks.check(objects, true, scratch)).isEmpty();
        assertThat(objects).filteredOn(o -> !"Namespace".equals(o.get("kind")))
                .allSatisfy(o -> assertThat(Kustomize.metadata(o)).containsEntry("namespace", "teamtalk"));
        assertThat(kinds(objects)).contains("StatefulSet/msg-server", "HorizontalPodAutoscaler/msg-server",
                "PodDisruptionBudget/msg-server", "Deployment/api-server", "ConfigMap/teamtalk-conf",
                "Secret/teamtalk-storage");
    }

    @Test
    void baseRendersToValidObjects() {
        assertThat(ManifestChecks.check(Kustomize.render(K8S.resolve("base")), false, scratch)).isEmpty();
    }

    @Test
    void theConfConfigMapHoldsTheRepositorysConfFiles() throws IOException {
        Map<String, Object> conf = Kustomize.render(K8S.resolve("base")).stream()
                .filter(o -> "teamtalk-conf".equals(Kustomize.metadata(o).get("name"))).findFirst().orElseThrow();
        try (Stream<Path> files = Files.list(CONF)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".conf")).toList()) {
                assertThat(Kustomize.map(conf.get("data"))).as("every conf file is in the ConfigMap")
                        .containsEntry(f.getFileName().toString(), Files.readString(f));
            }
        }
    }

    @Test
    void aFieldUnknownToTheSchemaFails() throws IOException {
        Path broken = brokenCopy("containerPort: 8002}", "containerPrt: 8002}");
        assertThat(ManifestChecks.check(Kustomize.render(broken.resolve("overlays/example")), true, scratch))
                .anySatisfy(p -> assertThat(p).contains("StatefulSet/msg-server").contains("containerPrt"));
    }

    @Test
    void aMissingRequiredFieldFails() throws IOException {
        // a StatefulSet without its selector
        Path broken = brokenCopy("  selector:\n    matchLabels: {app.kubernetes.io/name: teamtalk, app.kubernetes.io/component: route-server}\n  template:",
                "  template:");
        assertThat(ManifestChecks.check(Kustomize.render(broken.resolve("overlays/example")), true, scratch))
                .anySatisfy(p -> assertThat(p).contains("StatefulSet/route-server").contains("selector"));
    }

    @Test
    void aWrongTypeFails() throws IOException {
        Path broken = brokenCopy("minReplicas: 3", "minReplicas: three");
        assertThat(ManifestChecks.check(Kustomize.render(broken.resolve("overlays/example")), true, scratch))
                .anySatisfy(p -> assertThat(p).contains("HorizontalPodAutoscaler/msg-server"));
    }

    @Test
    void aProbeOffTheMetricsPortFails() throws IOException {
        Path broken = brokenCopy("httpGet: {path: /ready, port: metrics}\n            periodSeconds: 5\n            failureThreshold: 3",
                "httpGet: {path: /ready, port: links}\n            periodSeconds: 5\n            failureThreshold: 3");
        assertThat(ManifestChecks.check(Kustomize.render(broken.resolve("overlays/example")), true, scratch))
                .anySatisfy(p -> assertThat(p).contains("StatefulSet/dbproxy").contains("readinessProbe")
                        .contains("metrics port 10602"));
    }

    @Test
    void aMisspelledTierOptionFails() throws IOException {
        Path broken = brokenCopy("\"--file-servers\", \"file-server-0", "\"--file-server\", \"file-server-0");
        assertThat(ManifestChecks.check(Kustomize.render(broken.resolve("overlays/example")), true, scratch))
                .anySatisfy(p -> assertThat(p).contains("StatefulSet/msg-server").contains("--file-server"));
    }

    @Test
    void anAddressOfAPodThatDoesNotExistFails() throws IOException {
        Path broken = brokenCopy("route-server-1.route-server:8200\",\n                 \"--file-servers",
                "route-server-2.route-server:8200\",\n                 \"--file-servers");
        assertThat(ManifestChecks.check(Kustomize.render(broken.resolve("overlays/example")), true, scratch))
                .anySatisfy(p -> assertThat(p).contains("route-server-2.route-server").contains("beyond the 2 replicas"));
    }

    @Test
    void aMissingSecretFails() throws IOException {
        Path broken = brokenCopy("  - secrets.example.yaml\n", "");
        assertThat(ManifestChecks.check(Kustomize.render(broken.resolve("overlays/example")), true, scratch))
                .anySatisfy(p -> assertThat(p).contains("needs Secret teamtalk-storage"));
    }

    @Test
    void anUnsupportedKustomizeKeyIsRefused() throws IOException {
        Path broken = brokenCopy("namespace: teamtalk\n", "namespace: teamtalk\ncommonLabels: {team: chat}\n");
        assertThatThrownBy(() -> Kustomize.render(broken.resolve("overlays/example")))
                .hasMessageContaining("commonLabels");
    }

    /**
     * A copy of deploy/k8s (and conf/, which the base reads) with the first occurrence of a text
     * replaced, in whichever manifest has it; returns the copy's k8s directory.
     */
    private Path brokenCopy(String text, String replacement) throws IOException {
        Path copy = scratch.resolve("repo/deploy/k8s");
        Files.createDirectories(scratch.resolve("repo/conf"));
        try (Stream<Path> confs = Files.list(CONF)) {
            for (Path f : confs.toList()) {
                Files.copy(f, scratch.resolve("repo/conf").resolve(f.getFileName()));
            }
        }
        boolean[] replaced = {false};
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(K8S.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                    continue;
                }
                String content = Files.readString(f);
                if (!replaced[0] && content.contains(text)) {
                    content = content.replaceFirst(java.util.regex.Pattern.quote(text), java.util.regex.Matcher.quoteReplacement(replacement));
                    replaced[0] = true;
                }
                Files.writeString(target, content);
            }
        }
        assertThat(replaced[0]).as("the text to break is in deploy/k8s: " + text).isTrue();
        return copy;
    }

    static List<String> kinds(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> o.get("kind") + "/" + Kustomize.metadata(o).get("name")).toList();
    }
}

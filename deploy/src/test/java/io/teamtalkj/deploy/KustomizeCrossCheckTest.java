package io.teamtalkj.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Where kubectl is installed, its kustomize renders every overlay to exactly the objects
 * {@link Kustomize} renders (the build's renderer is a subset; this keeps it honest).
 */
class KustomizeCrossCheckTest {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void kubectlKustomizeRendersTheSameObjects() throws Exception {
        Assumptions.assumeTrue(kubectl(), "kubectl is not installed");
        for (String dir : List.of("base", "overlays/example")) {
            Path kustomization = DeployManifestsTest.K8S.resolve(dir);
            Process p = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone",
                    kustomization.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("kubectl kustomize " + dir).isZero();
            List<Object> theirs = sorted(new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(out));
            List<Object> ours = sorted(List.copyOf(Kustomize.render(kustomization)));
            assertThat(ours).as(dir).isEqualTo(theirs);
        }
    }

    private static List<Object> sorted(Iterable<Object> docs) {
        List<Object> list = new java.util.ArrayList<>();
        docs.forEach(list::add);
        list.sort(Comparator.comparing(o -> ((Map<?, ?>) o).get("kind") + "/" + Kustomize.metadata(Kustomize.map(o)).get("name")));
        return list;
    }

    private static boolean kubectl() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}

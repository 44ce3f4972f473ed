package io.teamtalkj.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset of kustomize our
 * manifests use: {@code resources} (files and directories), {@code configMapGenerator} (files,
 * literals, behavior create/replace/merge) with {@code generatorOptions.disableNameSuffixHash},
 * {@code namespace}, {@code images} and {@code replicas}. Any other key is refused, so a manifest
 * cannot start using a kustomize feature this renderer would silently skip. No kustomize library
 * exists on Maven Central; {@code KustomizeCrossCheckTest} compares this with the real kustomize
 * where kubectl is installed. Files are loaded as with {@code --load-restrictor LoadRestrictionsNone}
 * (the base reads the repository's conf/*.conf).
 */
final class Kustomize {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace",
            "images", "replicas", "configMapGenerator", "generatorOptions");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole",
            "ClusterRoleBinding", "PersistentVolume", "StorageClass", "CustomResourceDefinition");

    private Kustomize() {
    }

    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> k = loadOne(dir.resolve("kustomization.yaml"));
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: kustomize key '" + key
                        + "' is not supported by the build's renderer (Kustomize.java)");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object r : list(k.get("resources"))) {
            Path p = dir.resolve((String) r).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(render(p));
            } else {
                objects.addAll(loadAll(p));
            }
        }
        Map<String, Object> options = map(k.get("generatorOptions"));
        if (!Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
            throw new IllegalArgumentException(dir + ": set generatorOptions.disableNameSuffixHash (hashed names are not rendered here)");
        }
        for (Object g : list(k.get("configMapGenerator"))) {
            generateConfigMap(dir, map(g), objects);
        }
        String namespace = (String) k.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> o : objects) {
                if (!CLUSTER_SCOPED.contains(o.get("kind"))) {
                    metadata(o).put("namespace", namespace);
                }
            }
        }
        for (Object i : list(k.get("images"))) {
            setImage(map(i), objects);
        }
        for (Object r : list(k.get("replicas"))) {
            Map<String, Object> rep = map(r);
            boolean found = false;
            for (Map<String, Object> o : objects) {
                if (Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(o.get("kind"))
                        && rep.get("name").equals(metadata(o).get("name"))) {
                    map(o.get("spec")).put("replicas", rep.get("count"));
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(dir + ": replicas for unknown workload " + rep.get("name"));
            }
        }
        return objects;
    }

    private static void generateConfigMap(Path dir, Map<String, Object> g, List<Map<String, Object>> objects) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object f : list(g.get("files"))) {
            String spec = (String) f;
            String key = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : Path.of(spec).getFileName().toString();
            Path file = dir.resolve(spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec).normalize();
            // outside the kustomization root is fine: we render as kustomize --load-restrictor LoadRestrictionsNone
            data.put(key, read(file));
        }
        for (Object l : list(g.get("literals"))) {
            String lit = (String) l;
            data.put(lit.substring(0, lit.indexOf('=')), lit.substring(lit.indexOf('=') + 1));
        }
        String name = (String) g.get("name");
        String behavior = (String) g.getOrDefault("behavior", "create");
        Map<String, Object> existing = objects.stream()
                .filter(o -> "ConfigMap".equals(o.get("kind")) && name.equals(metadata(o).get("name")))
                .findFirst().orElse(null);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalArgumentException(dir + ": ConfigMap " + name + " exists already (use behavior merge or replace)");
                }
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("apiVersion", "v1");
                cm.put("kind", "ConfigMap");
                cm.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
                cm.put("data", data);
                objects.add(cm);
            }
            case "replace", "merge" -> {
                if (existing == null) {
                    throw new IllegalArgumentException(dir + ": no ConfigMap " + name + " to " + behavior);
                }
                if (behavior.equals("replace")) {
                    existing.put("data", data);
                } else {
                    map(existing.get("data")).putAll(data);
                }
            }
            default -> throw new IllegalArgumentException(dir + ": unknown behavior " + behavior);
        }
    }

    private static void setImage(Map<String, Object> image, List<Map<String, Object>> objects) {
        String name = (String) image.get("name");
        for (Map<String, Object> o : objects) {
            Map<String, Object> pod = podSpec(o);
            if (pod == null) {
                continue;
            }
            for (String list : List.of("initContainers", "containers")) {
                for (Object c : list(pod.get(list))) {
                    Map<String, Object> container = map(c);
                    String current = (String) container.get("image");
                    int colon = current.lastIndexOf(':');
                    boolean tagged = colon > current.lastIndexOf('/');
                    String repo = tagged ? current.substring(0, colon) : current;
                    String tag = tagged ? current.substring(colon + 1) : null;
                    if (!repo.equals(name)) {
                        continue;
                    }
                    if (image.get("newName") != null) {
                        repo = (String) image.get("newName");
                    }
                    if (image.get("newTag") != null) {
                        tag = String.valueOf(image.get("newTag"));
                    }
                    container.put("image", tag == null ? repo : repo + ":" + tag);
                }
            }
        }
    }

    /** The pod spec of a workload's template, or null for objects that have none. */
    static Map<String, Object> podSpec(Map<String, Object> o) {
        if (!Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job").contains(o.get("kind"))) {
            return null;
        }
        return map(map(map(o.get("spec")).get("template")).get("spec"));
    }

    static Map<String, Object> metadata(Map<String, Object> o) {
        return map(o.get("metadata"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? new LinkedHashMap<>() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    static List<Map<String, Object>> loadAll(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(read(file))) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    private static Map<String, Object> loadOne(Path file) {
        return map(yaml().load(read(file)));
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

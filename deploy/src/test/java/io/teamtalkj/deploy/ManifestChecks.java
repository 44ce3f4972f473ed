package io.teamtalkj.deploy;

import static io.teamtalkj.deploy.Kustomize.list;
import static io.teamtalkj.deploy.Kustomize.map;
import static io.teamtalkj.deploy.Kustomize.metadata;
import static io.teamtalkj.deploy.Kustomize.podSpec;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.JSON;
import io.teamtalkj.launcher.TeamTalk;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks rendered objects: each against its Kubernetes API schema (the official Java client's
 * models, generated from the API server's OpenAPI: unknown fields, missing required fields, wrong
 * types), then what a schema cannot see: references between objects, probes on the tier's real
 * metrics port, every {@code HOST:PORT} naming a pod and port that exist, and every container's
 * args parsed by the real {@code teamtalk} command line. Returns the problems, empty when fine.
 */
final class ManifestChecks {
    static final Set<String> TIERS = Set.of("dbproxy-server", "route-server", "login-server", "msg-server",
            "file-server", "push-server", "api-server");
    private static final Pattern VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern HOST_PORT_LIST = Pattern.compile("[a-z0-9.-]+:\\d+(,[a-z0-9.-]+:\\d+)*");
    private static final Pattern POD_NAME = Pattern.compile("([a-z0-9-]+)-(\\d+)\\.([a-z0-9-]+)");

    private final List<Map<String, Object>> objects;
    private final boolean secretsIncluded;
    private final Path scratch;
    private final List<String> problems = new ArrayList<>();

    /** secretsIncluded: the render carries its Secrets (an overlay), so references to them are checked. */
    private ManifestChecks(List<Map<String, Object>> objects, boolean secretsIncluded, Path scratch) {
        this.objects = objects;
        this.secretsIncluded = secretsIncluded;
        this.scratch = scratch;
    }

    static List<String> check(List<Map<String, Object>> objects, boolean secretsIncluded, Path scratch) {
        ManifestChecks c = new ManifestChecks(objects, secretsIncluded, scratch);
        c.run();
        return c.problems;
    }

    private void run() {
        Set<String> seen = new java.util.HashSet<>();
        for (Map<String, Object> o : objects) {
            String id = id(o);
            if (!seen.add(id)) {
                problems.add(id + ": defined twice");
            }
            schema(o);
        }
        if (!problems.isEmpty()) {
            return; // the rest assumes well-formed objects
        }
        Set<String> tiers = new java.util.TreeSet<>();
        for (Map<String, Object> o : objects) {
            switch ((String) o.get("kind")) {
                case "Service" -> service(o);
                case "StatefulSet", "Deployment" -> tiers.add(workload(o));
                case "PodDisruptionBudget" -> selects(o, map(map(o.get("spec")).get("selector")).get("matchLabels"));
                case "HorizontalPodAutoscaler" -> {
                    Map<String, Object> ref = map(map(o.get("spec")).get("scaleTargetRef"));
                    if (find((String) ref.get("kind"), (String) ref.get("name")) == null) {
                        problems.add(id(o) + ": scales " + ref.get("kind") + "/" + ref.get("name") + ", which is not defined");
                    }
                }
                default -> { }
            }
        }
        if (!tiers.equals(new java.util.TreeSet<>(TIERS))) {
            problems.add("the manifests run the tiers " + tiers + ", expected " + new java.util.TreeSet<>(TIERS));
        }
    }

    private void schema(Map<String, Object> o) {
        String apiVersion = (String) o.get("apiVersion");
        String kind = (String) o.get("kind");
        if (apiVersion == null || kind == null || metadata(o).get("name") == null) {
            problems.add(o + ": apiVersion, kind and metadata.name are required");
            return;
        }
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String className = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
                + version.substring(1) + kind;
        Class<?> model;
        try {
            model = Class.forName(className);
        } catch (ClassNotFoundException e) {
            problems.add(id(o) + ": no Kubernetes API type " + apiVersion + " " + kind);
            return;
        }
        JsonElement json = new Gson().toJsonTree(o);
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
            // and the types of every field (a string where a number belongs, ...)
            Object typed = JSON.getGson().fromJson(json, model);
            Objects.requireNonNull(typed);
        } catch (InvocationTargetException e) {
            problems.add(id(o) + ": " + e.getCause().getMessage());
        } catch (RuntimeException e) {
            problems.add(id(o) + ": " + e.getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private void service(Map<String, Object> svc) {
        Map<String, Object> spec = map(svc.get("spec"));
        List<Map<String, Object>> pods = selects(svc, spec.get("selector"));
        for (Object p : list(spec.get("ports"))) {
            Object target = map(p).get("targetPort");
            for (Map<String, Object> pod : pods) {
                if (target instanceof String name && containerPort(pod, name) == null) {
                    problems.add(id(svc) + ": targetPort " + name + " is no container port of its pods");
                }
            }
        }
    }

    /** The workloads whose pod template carries the labels; a problem when there is none. */
    private List<Map<String, Object>> selects(Map<String, Object> o, Object labels) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> w : objects) {
            Map<String, Object> pod = podSpec(w);
            if (pod != null && !map(labels).isEmpty()
                    && map(metadata(map(map(w.get("spec")).get("template")))).get("labels") instanceof Map<?, ?> l
                    && l.entrySet().containsAll(map(labels).entrySet())) {
                found.add(pod);
            }
        }
        if (found.isEmpty()) {
            problems.add(id(o) + ": selects no pods (" + labels + ")");
        }
        return found;
    }

    /** Checks a tier's workload and returns its tier (the first arg). */
    private String workload(Map<String, Object> w) {
        Map<String, Object> spec = map(w.get("spec"));
        if ("StatefulSet".equals(w.get("kind"))) {
            Map<String, Object> svc = find("Service", (String) spec.get("serviceName"));
            if (svc == null || !"None".equals(map(svc.get("spec")).get("clusterIP"))) {
                problems.add(id(w) + ": serviceName " + spec.get("serviceName") + " is not a headless Service");
            }
        }
        if (!map(spec.get("selector")).get("matchLabels").equals(metadata(map(spec.get("template"))).get("labels"))) {
            problems.add(id(w) + ": selector differs from the pod template's labels");
        }
        boolean hasPdb = objects.stream().anyMatch(o -> "PodDisruptionBudget".equals(o.get("kind"))
                && map(map(map(o.get("spec")).get("selector")).get("matchLabels")).equals(map(spec.get("selector")).get("matchLabels")));
        if (!hasPdb) {
            problems.add(id(w) + ": no PodDisruptionBudget");
        }
        Map<String, Object> pod = podSpec(w);
        String tier = null;
        for (Object c : list(pod.get("containers"))) {
            tier = container(w, pod, map(c));
        }
        return tier;
    }

    private String container(Map<String, Object> w, Map<String, Object> pod, Map<String, Object> c) {
        String where = id(w) + " container " + c.get("name");
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : list(c.get("env"))) {
            Map<String, Object> var = map(e);
            env.put((String) var.get("name"), envValue(where, map(var), (String) metadata(w).get("name")));
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (Object m : list(c.get("volumeMounts"))) {
            Map<String, Object> mount = map(m);
            Map<String, Object> volume = list(pod.get("volumes")).stream().map(Kustomize::map)
                    .filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElse(null);
            if (volume == null) {
                boolean claim = list(map(w.get("spec")).get("volumeClaimTemplates")).stream()
                        .anyMatch(t -> mount.get("name").equals(metadata(map(t)).get("name")));
                if (!claim) {
                    problems.add(where + ": mounts volume " + mount.get("name") + ", which is not defined");
                }
            } else if (volume.get("configMap") != null) {
                mounts.put((String) mount.get("mountPath"), writeConfigMap(where, (String) map(volume.get("configMap")).get("name")));
            } else if (volume.get("secret") != null) {
                secret(where, map(volume.get("secret")), "secretName", null);
            }
        }
        List<String> args = new ArrayList<>();
        for (Object a : list(c.get("args"))) {
            String arg = (String) a;
            Matcher m = VAR.matcher(arg);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                if (!env.containsKey(m.group(1))) {
                    problems.add(where + ": args use $(" + m.group(1) + "), which is not in env");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
            }
            m.appendTail(out);
            args.add(out.toString());
        }
        String tier = args.isEmpty() ? null : args.get(0);
        if (!TIERS.contains(tier)) {
            problems.add(where + ": first arg " + tier + " is no tier");
            return tier;
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--config") && i + 1 < args.size()) {
                args.set(i + 1, localConfig(where, mounts, args.get(i + 1)));
            }
            if (HOST_PORT_LIST.matcher(args.get(i)).matches() && i > 0 && !args.get(i - 1).endsWith("-url")) {
                for (String hostPort : args.get(i).split(",")) {
                    hostPort(where + " " + args.get(i - 1), hostPort);
                }
            }
        }
        try {
            TeamTalk.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            problems.add(where + ": teamtalk " + String.join(" ", args) + ": " + e.getMessage());
        }
        probes(where, c, tier, mounts, args);
        return tier;
    }

    private void probes(String where, Map<String, Object> c, String tier, Map<String, Path> mounts, List<String> args) {
        int metricsPort = metricsPort(tier, args);
        for (String[] probe : new String[][] {{"readinessProbe", "/ready"}, {"livenessProbe", "/health"}}) {
            Map<String, Object> get = map(map(c.get(probe[0])).get("httpGet"));
            if (!probe[1].equals(get.get("path"))) {
                problems.add(where + ": " + probe[0] + " must GET " + probe[1]);
                continue;
            }
            Object port = get.get("port") instanceof String name ? containerPort(c, name) : get.get("port");
            if (!Integer.valueOf(metricsPort).equals(port)) {
                problems.add(where + ": " + probe[0] + " on port " + port + ", but the " + tier + " serves "
                        + probe[1] + " on its metrics port " + metricsPort);
            }
        }
        if (!args.contains("--metrics-host") || !"0.0.0.0".equals(args.get(args.indexOf("--metrics-host") + 1))) {
            problems.add(where + ": needs --metrics-host 0.0.0.0 (the kubelet probes the pod IP)");
        }
    }

    /** The metrics port the tier binds: --metrics-port, else its conf file's metrics-port. */
    private static int metricsPort(String tier, List<String> args) {
        int i = args.indexOf("--metrics-port");
        if (i >= 0) {
            return Integer.parseInt(args.get(i + 1));
        }
        int conf = args.indexOf("--config");
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(Path.of(args.get(conf + 1)))));
            return Integer.parseInt(p.getProperty("metrics-port").replaceAll("\\s+#.*", "").strip());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(tier + ": no metrics-port in its conf file", e);
        }
    }

    private void hostPort(String where, String hostPort) {
        String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        if (host.equals("0.0.0.0") || host.matches("[0-9.]+")) {
            return;
        }
        Matcher pod = POD_NAME.matcher(host);
        String serviceName = host;
        if (pod.matches()) {
            serviceName = pod.group(3);
            Map<String, Object> sts = find("StatefulSet", pod.group(1));
            if (sts == null || !serviceName.equals(map(sts.get("spec")).get("serviceName"))) {
                problems.add(where + ": " + host + " names no pod of a StatefulSet with serviceName " + serviceName);
                return;
            }
            Object replicas = map(sts.get("spec")).getOrDefault("replicas", 1);
            if (Integer.parseInt(pod.group(2)) >= ((Number) replicas).intValue()) {
                problems.add(where + ": " + host + " is beyond the " + replicas + " replicas of " + pod.group(1));
            }
        }
        Map<String, Object> svc = find("Service", serviceName);
        if (svc == null) {
            problems.add(where + ": " + hostPort + ": no Service " + serviceName);
            return;
        }
        boolean served = list(map(svc.get("spec")).get("ports")).stream().anyMatch(p -> Integer.valueOf(port).equals(map(p).get("port")));
        if (!served) {
            problems.add(where + ": " + hostPort + ": Service " + serviceName + " has no port " + port);
        }
    }

    private String envValue(String where, Map<String, Object> var, String workloadName) {
        if (var.get("value") != null) {
            return String.valueOf(var.get("value"));
        }
        Map<String, Object> from = map(var.get("valueFrom"));
        if (from.get("fieldRef") != null) {
            String path = (String) map(from.get("fieldRef")).get("fieldPath");
            return switch (path) {
                case "metadata.name" -> workloadName + "-0";
                case "status.podIP" -> "10.1.2.3";
                default -> "field-" + path;
            };
        }
        if (from.get("configMapKeyRef") != null) {
            Map<String, Object> ref = map(from.get("configMapKeyRef"));
            Map<String, Object> cm = find("ConfigMap", (String) ref.get("name"));
            Object value = cm == null ? null : map(cm.get("data")).get(ref.get("key"));
            if (value == null) {
                problems.add(where + ": env " + var.get("name") + " needs ConfigMap " + ref.get("name") + " key " + ref.get("key"));
                return "";
            }
            return (String) value;
        }
        if (from.get("secretKeyRef") != null) {
            return secret(where, map(from.get("secretKeyRef")), "name", (String) map(from.get("secretKeyRef")).get("key"));
        }
        problems.add(where + ": env " + var.get("name") + " has no value");
        return "";
    }

    /** The value of a Secret's key when the render has the Secret; a placeholder for external ones. */
    private String secret(String where, Map<String, Object> ref, String nameKey, String key) {
        String name = (String) ref.get(nameKey);
        Map<String, Object> secret = find("Secret", name);
        if (secret == null) {
            if (secretsIncluded && !Boolean.TRUE.equals(ref.get("optional"))) {
                problems.add(where + ": needs Secret " + name + ", which is not defined");
            }
            return "secret-" + key;
        }
        if (key == null) {
            return "";
        }
        Object value = map(secret.get("stringData")).get(key);
        if (value == null && !Boolean.TRUE.equals(ref.get("optional"))) {
            problems.add(where + ": Secret " + name + " has no key " + key + " in stringData");
        }
        return value == null ? "" : String.valueOf(value);
    }

    private Path writeConfigMap(String where, String name) {
        Map<String, Object> cm = find("ConfigMap", name);
        if (cm == null) {
            problems.add(where + ": mounts ConfigMap " + name + ", which is not defined");
            return scratch;
        }
        try {
            Path dir = Files.createDirectories(scratch.resolve(name));
            for (Map.Entry<String, Object> e : map(cm.get("data")).entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), (String) e.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a --config path inside the container was written out here (from its ConfigMap). */
    private String localConfig(String where, Map<String, Path> mounts, String path) {
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            String prefix = m.getKey().endsWith("/") ? m.getKey() : m.getKey() + "/";
            if (path.startsWith(prefix)) {
                Path local = m.getValue().resolve(path.substring(prefix.length()));
                if (!Files.exists(local)) {
                    problems.add(where + ": --config " + path + " is not in the mounted ConfigMap");
                }
                return local.toString();
            }
        }
        problems.add(where + ": --config " + path + " is on no ConfigMap mount");
        return path;
    }

    private static Object containerPort(Map<String, Object> podOrContainer, String name) {
        List<Object> containers = podOrContainer.containsKey("containers") ? list(podOrContainer.get("containers")) : List.of(podOrContainer);
        for (Object c : containers) {
            for (Object p : list(map(c).get("ports"))) {
                if (name.equals(map(p).get("name"))) {
                    return map(p).get("containerPort");
                }
            }
        }
        return null;
    }

    private Map<String, Object> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && Objects.equals(name, metadata(o).get("name")))
                .findFirst().orElse(null);
    }

    private static String id(Map<String, Object> o) {
        return o.get("kind") + "/" + metadata(o).get("name");
    }
}

package io.teamtalkj.launcher.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where a running one-process cluster's tiers listen, as the tiers reported it (so it holds with
 * free ports too). {@link LocalCluster} writes it to {@code <data-dir>/}{@value #FILE_NAME} once
 * everything is up and removes it on a clean stop; {@code chat}, {@code admin}, {@code route-stats}
 * and {@code loadtest} read it with {@code --cluster DIR}. The file names the process that wrote
 * it, so one left behind by a killed cluster is recognised as stale.
 *
 * @param pid           the process running the cluster
 * @param loginUrl      the login-server's discovery URL
 * @param msgServers    client ports of the msg-servers, HOST:PORT
 * @param msgControls   their gRPC control ports
 * @param routeControls the route-servers' gRPC control ports (RouteStats)
 * @param dbProxyControl the dbproxy's gRPC control port (DbAdmin)
 * @param metrics       every tier's metrics port (/metrics, /health, /ready) by tier name
 */
public record ClusterLayout(long pid, String loginUrl, List<String> msgServers, List<String> msgControls,
                            List<String> routeControls, String dbProxyControl, Map<String, String> metrics) {
    public static final String FILE_NAME = "cluster.properties";

    private static final String METRICS = "metrics.";

    public ClusterLayout {
        msgServers = List.copyOf(msgServers);
        msgControls = List.copyOf(msgControls);
        routeControls = List.copyOf(routeControls);
        metrics = Map.copyOf(metrics);
    }

    /**
     * The {@code teamtalk} command lines (without "teamtalk") that reach this cluster: chat as
     * {@code user}, admin, route-stats per route-server, and a short load test.
     */
    public List<String> commandLines(String user) {
        List<String> lines = new ArrayList<>();
        lines.add("chat --login " + loginUrl + " -u " + user);
        lines.add("admin --dbproxy-control " + dbProxyControl + " user list");
        routeControls.forEach(route -> lines.add("route-stats --route " + route));
        StringBuilder loadtest = new StringBuilder("loadtest --login " + loginUrl)
                .append(" --msg-server ").append(String.join(",", msgServers))
                .append(" --msg-control ").append(String.join(",", msgControls));
        if (!routeControls.isEmpty()) {
            loadtest.append(" --route ").append(String.join(",", routeControls));
        }
        loadtest.append(" --admin ").append(dbProxyControl).append(" --create-users --clients 20 --rate 100 --duration 10s");
        lines.add(loadtest.toString());
        return lines;
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** Writes the layout to {@code dataDir} (a whole file or none: written aside, then moved). */
    public void write(Path dataDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("login.url", loginUrl);
        p.setProperty("msg-servers", String.join(",", msgServers));
        p.setProperty("msg-server.controls", String.join(",", msgControls));
        p.setProperty("route-server.controls", String.join(",", routeControls));
        p.setProperty("dbproxy.control", dbProxyControl);
        metrics.forEach((tier, address) -> p.setProperty(METRICS + tier, address));
        Files.createDirectories(dataDir);
        Path temp = dataDir.resolve(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            p.store(w, "TeamTalk-J cluster layout: written by `teamtalk cluster` once it is up, removed when it stops");
        }
        Files.move(temp, file(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the file if it is still this layout's (another cluster may have taken the data dir since). */
    void removeFrom(Path dataDir) throws IOException {
        Path file = file(dataDir);
        try {
            if (Files.exists(file) && read(file).equals(this)) {
                Files.delete(file);
            }
        } catch (IllegalArgumentException e) {
            // not a layout of ours any more: leave it
        }
    }

    /**
     * The layout of the cluster running on {@code dataDir}.
     *
     * @throws IllegalArgumentException with a one-line message naming the file when it is missing,
     *                                  unreadable, or left behind by a process that is gone
     */
    public static ClusterLayout readRunning(Path dataDir) {
        Path file = file(dataDir);
        ClusterLayout layout = read(file);
        if (ProcessHandle.of(layout.pid).map(ProcessHandle::isAlive).orElse(false)) {
            return layout;
        }
        throw new IllegalArgumentException(file + " is stale: process " + layout.pid
                + " that wrote it is gone (the cluster was killed?); start the cluster again");
    }

    static ClusterLayout read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist: is `teamtalk cluster --data-dir "
                    + file.getParent() + "` running?");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> metrics = new LinkedHashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith(METRICS)).sorted()
                .forEach(k -> metrics.put(k.substring(METRICS.length()), p.getProperty(k)));
        long pid;
        try {
            pid = Long.parseLong(required(p, "pid", file));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": pid is not a number");
        }
        return new ClusterLayout(pid, required(p, "login.url", file), list(p, "msg-servers", file),
                list(p, "msg-server.controls", file), list(p, "route-server.controls", file),
                required(p, "dbproxy.control", file), metrics);
    }

    private static String required(Properties p, String key, Path file) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + " has no " + key + " (not written by `teamtalk cluster`?)");
        }
        return value.strip();
    }

    private static List<String> list(Properties p, String key, Path file) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(file + " has no " + key + " (not written by `teamtalk cluster`?)");
        }
        List<String> out = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}

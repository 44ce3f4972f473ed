package io.teamtalkj.login;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat's static files (issue 19), served by the login-server at {@code /} so a browser
 * finds the client and {@code /msg_server} on one origin. The {@code web} module packs them under
 * {@code web/} on the classpath with a list of names ({@code web/files.txt}); all are read once at
 * start, so requests never touch the disk on an event loop. Without the module on the classpath
 * nothing is served (404, as before).
 */
public final class WebFiles {
    private static final Logger log = LoggerFactory.getLogger(WebFiles.class);
    static final String ROOT = "web/";
    static final String INDEX = "files.txt";

    /** One file: its bytes and content type. */
    public record File(byte[] bytes, String contentType) {
    }

    private final Map<String, File> files;

    private WebFiles(Map<String, File> files) {
        this.files = files;
    }

    public static final WebFiles NONE = new WebFiles(Map.of());

    /** The files listed in {@code web/files.txt} on {@code loader}'s classpath; {@link #NONE} when there is no list. */
    public static WebFiles load(ClassLoader loader) {
        byte[] list = read(loader, ROOT + INDEX);
        if (list == null) {
            return NONE;
        }
        Map<String, File> files = new HashMap<>();
        for (String name : new String(list, StandardCharsets.UTF_8).split("\n")) {
            name = name.strip();
            if (name.isEmpty() || !safe(name)) {
                continue;
            }
            byte[] bytes = read(loader, ROOT + name);
            if (bytes == null) {
                log.warn("web chat: {} is listed in {} but missing", name, ROOT + INDEX);
                continue;
            }
            files.put("/" + name, new File(bytes, contentType(name)));
        }
        return new WebFiles(Map.copyOf(files));
    }

    public boolean bundled() {
        return files.containsKey("/index.html");
    }

    public int size() {
        return files.size();
    }

    /** The file for a request path ({@code /} is {@code /index.html}; query ignored), or null. */
    public File find(String uri) {
        int q = indexOfAny(uri, '?', '#');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.equals("/") || path.isEmpty()) {
            path = "/index.html";
        }
        return files.get(path);
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** Names are plain relative paths: no "..", no absolute paths, no backslashes. */
    static boolean safe(String name) {
        return !name.startsWith("/") && !name.contains("..") && !name.contains("\\") && name.matches("[A-Za-z0-9._/-]+");
    }

    static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (n.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (n.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (n.endsWith(".json") || n.endsWith(".map")) {
            return "application/json";
        } else if (n.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (n.endsWith(".png")) {
            return "image/png";
        } else if (n.endsWith(".ico")) {
            return "image/x-icon";
        }
        return "application/octet-stream";
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            log.warn("web chat: cannot read {}: {}", resource, e.toString());
            return null;
        }
    }
}

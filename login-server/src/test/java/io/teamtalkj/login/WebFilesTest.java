package io.teamtalkj.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebFilesTest {
    @TempDir
    Path dir;

    private WebFiles load(String list) throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<html>chat</html>");
        Files.writeString(web.resolve("app.js"), "console.log(1)");
        Files.writeString(dir.resolve("secret.txt"), "do not serve");
        Files.writeString(web.resolve("files.txt"), list);
        return WebFiles.load(new URLClassLoader(new URL[] {dir.toUri().toURL()}, null));
    }

    @Test
    void servesTheListedFilesWithIndexAtTheRoot() throws Exception {
        WebFiles files = load("index.html\napp.js\n");
        assertThat(files.bundled()).isTrue();
        assertThat(files.size()).isEqualTo(2);
        assertThat(new String(files.find("/").bytes(), StandardCharsets.UTF_8)).isEqualTo("<html>chat</html>");
        assertThat(files.find("/?user=1").contentType()).startsWith("text/html");
        assertThat(files.find("/app.js").contentType()).startsWith("text/javascript");
        assertThat(files.find("/other.js")).isNull();
    }

    @Test
    void namesOutsideTheWebFolderAreNeverLoaded() throws Exception {
        WebFiles files = load("index.html\n../secret.txt\n/secret.txt\nmissing.js\n");
        assertThat(files.size()).isEqualTo(1);
        assertThat(files.find("/../secret.txt")).isNull();
        assertThat(files.find("/secret.txt")).isNull();
    }

    @Test
    void withoutTheWebModuleNothingIsServed() {
        WebFiles files = WebFiles.load(new URLClassLoader(new URL[0], null));
        assertThat(files.bundled()).isFalse();
        assertThat(files.find("/")).isNull();
    }
}

package io.teamtalkj.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The image/audio store (msfs) over real HTTP. */
@Timeout(300)
class ImageStoreIT {
    @TempDir
    static Path storage;
    static FileServer server;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        FileServerConfig c = new FileServerConfig();
        c.listenHost = "127.0.0.1";
        c.clientPort = 0;
        c.msgServerPort = 0;
        c.httpPort = 0;
        c.storageDir = storage;
        c.metricsPort = 0;
        c.maxImageSize = 64 * 1024;
        c.maxUploadSize = 256 * 1024;
        server = FileServer.start(c);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String base() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    static HttpResponse<String> upload(String fileName, byte[] data) throws Exception {
        String boundary = "----tt" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(data);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .timeout(Duration.ofSeconds(15)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"([^\"]*)\"|(-?[0-9]+))").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A raw request line, so no client library normalizes the path first. */
    static String rawGet(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void uploadThenDownloadRoundTrip() throws Exception {
        byte[] image = random(40_000, 1);
        HttpResponse<String> rsp = upload("photo_640x480.PNG", image);
        assertThat(rsp.statusCode()).isEqualTo(200);
        String json = rsp.body();
        assertThat(field(json, "error_code")).isEqualTo("0");
        String path = field(json, "path");
        assertThat(path).matches("g0/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}_640x480\\.png");
        String url = field(json, "url");
        assertThat(url).isEqualTo(base() + "/" + path);
        // the hashed layout on disk
        assertThat(storage.resolve("images").resolve(path)).hasBinaryContent(image);

        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(got.body()).isEqualTo(image);

        // the same bytes again land on the same path
        assertThat(field(upload("other_640x480.png", image).body(), "path")).isEqualTo(path);
        // audio too, any extension is lower-cased, a name without one gets none
        String audio = field(upload("voice.AMR", random(1000, 2)).body(), "path");
        assertThat(audio).endsWith(".amr");
        assertThat(field(upload("noext", random(10, 3)).body(), "path")).doesNotContain(".");
    }

    @Test
    void anOversizeFileIsRefusedWithAnErrorCode() throws Exception {
        HttpResponse<String> rsp = upload("big.jpg", random(64 * 1024 + 1, 4));
        assertThat(rsp.statusCode()).isEqualTo(413);
        assertThat(field(rsp.body(), "error_code")).isEqualTo("2");
        try (var files = Files.walk(storage.resolve("images"))) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".jpg"))).isEmpty();
        }
    }

    @Test
    void aPathWithDotDotIsRefused() throws Exception {
        Files.writeString(storage.resolve("secret.txt"), "secret");
        for (String path : new String[] {"/g0/../../secret.txt", "/../secret.txt", "/g0/%2e%2e/%2e%2e/secret.txt",
                "/images/../secret.txt", "/g0/00/00/..%2f..%2f..%2fsecret.txt"}) {
            String rsp = rawGet(path);
            assertThat(rsp).as(path).startsWith("HTTP/1.1 400").contains("\"error_code\":3").doesNotContain("secret\n");
        }
    }

    @Test
    void malformedRequestsGetClearErrors() throws Exception {
        String missing = rawGet("/g0/00/00/00000000000000000000000000000000.png");
        assertThat(missing).startsWith("HTTP/1.1 404").contains("\"error_code\":5");

        HttpResponse<String> noFile = http.send(HttpRequest.newBuilder(URI.create(base() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(field(noFile.body(), "error_code")).isEqualTo("1");

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base() + "/"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(field(put.body(), "error_code")).isEqualTo("6");
    }
}

package io.teamtalkj.launcher.chat;

import static org.assertj.core.api.Assertions.fail;

import io.teamtalkj.client.ClientConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** One {@link ChatSession} on its own thread, typed into through a pipe, its output captured. */
final class ChatDriver implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(15);

    final String name;
    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final StringWriter errors = new StringWriter();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private int seen;

    ChatDriver(String name, ClientConfig cfg) throws IOException {
        this.name = name;
        PipedInputStream in = new PipedInputStream(keyboard, 1 << 16);
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(errors, true);
        Thread t = new Thread(() -> {
            try {
                exit.complete(new ChatSession(cfg, in, out, err, false).run());
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        }, "chat-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Everything printed so far. */
    String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    String errors() {
        return errors.toString();
    }

    /** Types a line; later awaits only look at what is printed after it. */
    ChatDriver type(String line) throws IOException {
        seen = screen().length();
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return this;
    }

    /** Later awaits look only at what is printed from now on. */
    ChatDriver mark() {
        seen = screen().length();
        return this;
    }

    /** Waits until the output since the last typed line contains {@code text}; returns that output. */
    String await(String text) throws InterruptedException {
        return awaitMatch(Pattern.compile(Pattern.quote(text)));
    }

    /** Waits until the output since the last typed line matches; returns the match. */
    String awaitMatch(Pattern pattern) {
        try {
            Matcher m = Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(() -> pattern.matcher(sinceLastInput()), Matcher::find);
            return m.group();
        } catch (ConditionTimeoutException e) {
            return fail(name + " never printed /" + pattern + "/; after the last input it printed:\n" + sinceLastInput()
                    + "\n(errors: " + errors() + ")");
        }
    }

    private String sinceLastInput() {
        String screen = screen();
        return screen.substring(Math.min(seen, screen.length()));
    }

    /** The exit code, waiting for it. */
    int awaitExit() throws Exception {
        return exit.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** End of input (Ctrl-D). */
    void endInput() throws IOException {
        keyboard.close();
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            endInput();
            awaitExit();
        }
    }
}

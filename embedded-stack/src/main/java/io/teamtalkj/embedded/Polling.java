package io.teamtalkj.embedded;

import java.io.IOException;
import java.time.Duration;

/** Waiting for servers being set up (fixture code, no test library here): polls a condition until a deadline. */
final class Polling {
    private Polling() {
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws IOException;
    }

    /** Polls until {@code check} holds; a node that refuses a connection meanwhile counts as not yet. */
    static void await(String what, Duration timeout, Check check) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting until " + what, e);
            }
        }
        throw new IOException("timed out after " + timeout.toSeconds() + " s waiting until " + what, last);
    }
}

package io.teamtalkj.loadtest;

/**
 * What the load tester writes into each message's text: a run tag (so messages of earlier runs
 * found in the history are told apart), the sender's index and running number, and the send
 * time ({@link System#nanoTime()}, valid because senders and receivers share this JVM), then
 * padding up to the requested size. Example: {@code ltm 5f3a 12 907 83400123456789 xxxx}.
 */
record Marker(String run, int sender, long seq, long sentNanos) {
    static final String PREFIX = "ltm ";

    static String format(String run, int sender, long seq, long sentNanos, int size) {
        StringBuilder b = new StringBuilder(Math.max(size, 48));
        b.append(PREFIX).append(run).append(' ').append(sender).append(' ').append(seq).append(' ').append(sentNanos);
        if (b.length() < size) {
            b.append(' ');
            while (b.length() < size) {
                b.append('x');
            }
        }
        return b.toString();
    }

    /** The marker in {@code text}, or null when the text is not a load-test message. */
    static Marker parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return null;
        }
        try {
            int a = PREFIX.length();
            int b = text.indexOf(' ', a);
            int c = text.indexOf(' ', b + 1);
            int d = text.indexOf(' ', c + 1);
            int e = text.indexOf(' ', d + 1);
            if (b < 0 || c < 0 || d < 0) {
                return null;
            }
            return new Marker(text.substring(a, b), Integer.parseInt(text, b + 1, c, 10),
                    Long.parseLong(text, c + 1, d, 10), Long.parseLong(text, d + 1, e < 0 ? text.length() : e, 10));
        } catch (RuntimeException ex) {
            return null;
        }
    }
}

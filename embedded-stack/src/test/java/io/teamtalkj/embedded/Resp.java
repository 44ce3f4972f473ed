package io.teamtalkj.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One Redis command over a plain socket (RESP), enough for tests without a Redis client library. */
final class Resp {
    private Resp() {
    }

    /** The reply as text: "+OK" / "-ERR ..." / ":1" as sent, a bulk string's value, or null for a nil bulk. */
    static String call(int port, String... args) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            if (line.startsWith("$")) {
                return line.equals("$-1") ? null : in.readLine();
            }
            return line;
        }
    }
}

package io.teamtalkj.embedded;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One Redis command over a plain socket (RESP), for setting servers up without a client library. */
final class RespCall {
    private RespCall() {
    }

    /**
     * The reply as text: "+OK" / "-ERR ..." / ":1" as sent, a bulk string's whole value (INFO,
     * CLUSTER NODES), or null for a nil bulk. Arrays are not needed here and refused.
     */
    static String call(int port, String... args) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                req.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                req.writeBytes(b);
                req.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toByteArray());
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            String line = readLine(in);
            if (line.startsWith("$")) {
                int len = Integer.parseInt(line.substring(1));
                if (len < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(len);
                return new String(body, StandardCharsets.UTF_8);
            }
            if (line.startsWith("*")) {
                throw new IOException("array replies are not supported (" + String.join(" ", args) + ")");
            }
            return line;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("connection closed");
    }
}

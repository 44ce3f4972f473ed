package io.teamtalkj.testing;

import com.google.protobuf.MessageLite;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A blocking PDU client for tests: plain socket, no Netty, so it checks the server's bytes
 * independently of our own codec. Heartbeats from the server are skipped by {@link #receive}.
 */
public final class PduTestClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    public PduTestClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    public static PduTestClient connect(int port) throws IOException {
        return new PduTestClient("127.0.0.1", port);
    }

    public synchronized void send(Pdu pdu) throws IOException {
        out.writeInt(pdu.frameLength());
        out.writeShort(pdu.version());
        out.writeShort(pdu.flag());
        out.writeShort(pdu.serviceId());
        out.writeShort(pdu.commandId());
        out.writeShort(pdu.seq());
        out.writeShort(pdu.reserved());
        out.write(pdu.body());
        out.flush();
    }

    public void send(int commandId, int seq, MessageLite message) throws IOException {
        send(Pdu.of(commandId, seq, message));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next non-heartbeat frame; throws SocketTimeoutException after {@code timeoutMillis}. */
    public Pdu receive(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        while (true) {
            Pdu pdu = readFrame();
            if (pdu.commandId() != CommandId.CID_OTHER_HEARTBEAT) {
                return pdu;
            }
        }
    }

    public Pdu receive() throws IOException {
        return receive(10_000);
    }

    /** The next frame, heartbeats included. */
    public Pdu readFrame() throws IOException {
        int length = in.readInt();
        int version = in.readUnsignedShort();
        int flag = in.readUnsignedShort();
        int sid = in.readUnsignedShort();
        int cid = in.readUnsignedShort();
        int seq = in.readUnsignedShort();
        int reserved = in.readUnsignedShort();
        byte[] body = new byte[length - Pdu.HEADER_LENGTH];
        in.readFully(body);
        return new Pdu(version, flag, sid, cid, seq, reserved, body);
    }

    /** True if nothing but heartbeats arrives within {@code millis}. */
    public boolean silentFor(int millis) throws IOException {
        try {
            receive(millis);
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    /** True once the server closed the connection (reads EOF within {@code millis}). */
    public boolean closedWithin(int millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        try {
            while (System.currentTimeMillis() < deadline) {
                socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package io.teamtalkj.client.file;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileRole;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientFileState;
import com.mogujie.tt.protobuf.IMBaseDefine.IpAddr;
import com.mogujie.tt.protobuf.IMBaseDefine.TransferFileType;
import com.mogujie.tt.protobuf.IMFile.IMFileLoginReq;
import com.mogujie.tt.protobuf.IMFile.IMFileLoginRsp;
import com.mogujie.tt.protobuf.IMFile.IMFilePullDataReq;
import com.mogujie.tt.protobuf.IMFile.IMFilePullDataRsp;
import com.mogujie.tt.protobuf.IMFile.IMFileState;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One connection to a file-server's client port, as a TeamTalk client makes it for one transfer
 * (protocol §4.5): log in to a task in a role, then
 * <ul>
 *   <li>online sender / offline uploader: {@link #serve} answers the pulls until the transfer ends;</li>
 *   <li>online receiver / offline downloader: {@link #receive} waits for the peer (PEER_READY),
 *       pulls the file in 32 KiB segments and says DONE;</li>
 *   <li>either: {@link #sendState} (cancel, refuse).</li>
 * </ul>
 * Blocking: run it on a thread of your own. Heartbeats go out while waiting.
 */
public final class FileTransferClient implements AutoCloseable {
    /** How a transfer ended: the state and the user who caused it (0 = the file-server). */
    public record Ending(ClientFileState state, int byUser) {
    }

    public static final int SEGMENT = 32 * 1024;
    private static final long HEARTBEAT_NANOS = Duration.ofSeconds(20).toNanos();
    private static final int MAX_FRAME = 1 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Duration timeout;
    private int seq;
    private long lastWriteNanos = System.nanoTime();
    private int userId;
    private String taskId = "";

    private FileTransferClient(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.timeout = timeout;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /** Connects to one address; {@code timeout} bounds the connect and every wait for the server. */
    public static FileTransferClient connect(String host, int port, Duration timeout) {
        return connect(host, port, timeout, null);
    }

    /**
     * Connects to one address, with TLS when {@code tls} is set (a file-server with {@code --tls-cert}):
     * its certificate must be signed by a CA {@code tls} trusts and name {@code host}.
     */
    public static FileTransferClient connect(String host, int port, Duration timeout, SSLContext tls) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            s.connect(new InetSocketAddress(host, port), millis);
            if (tls != null) {
                s = handshake(s, tls, host, port, millis);
            }
            return new FileTransferClient(s, timeout);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing to save
            }
            throw new FileTransferException("cannot connect to file-server " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The TLS layer over a connected socket, handshake done, the host name checked as https does. */
    private static Socket handshake(Socket plain, SSLContext tls, String host, int port, int millis) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters params = s.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(params);
        s.setSoTimeout(millis); // a server that never answers the handshake must not hang us
        s.startHandshake();
        return s;
    }

    /** Connects to the first of the addresses (from IMFileRsp, IMFileNotify or IMFileHasOfflineRsp) that answers. */
    public static FileTransferClient connect(List<IpAddr> addresses, Duration timeout) {
        return connect(addresses, timeout, null);
    }

    /** As {@link #connect(List, Duration)}, with TLS when {@code tls} is set. */
    public static FileTransferClient connect(List<IpAddr> addresses, Duration timeout, SSLContext tls) {
        FileTransferException last = new FileTransferException("no file-server address given", -1);
        for (IpAddr a : addresses) {
            try {
                return connect(a.getIp(), a.getPort(), timeout, tls);
            } catch (FileTransferException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * IMFileLoginReq: joins the task in a role. Throws with the file-server's result code if
     * refused (e.g. 4 = not the task's sender or receiver, 5 = no such task).
     */
    public void login(int user, String task, ClientFileRole role) {
        this.userId = user;
        this.taskId = task;
        int mySeq = write(CommandId.CID_FILE_LOGIN_REQ, IMFileLoginReq.newBuilder().setUserId(user).setTaskId(task)
                .setFileRole(role).build());
        while (true) {
            Pdu pdu = read();
            if (pdu.commandId() == CommandId.CID_FILE_LOGIN_RES && pdu.seq() == mySeq) {
                IMFileLoginRsp rsp = parse(pdu, IMFileLoginRsp.parser());
                if (rsp.getResultCode() != 0) {
                    throw new FileTransferException("file login to task " + task + " as " + role + " refused (result "
                            + rsp.getResultCode() + ")", rsp.getResultCode());
                }
                return;
            }
        }
    }

    /**
     * Sender or uploader: answers every IMFilePullDataReq with the bytes asked for, until the
     * transfer ends (DONE from the receiver, or from the file-server once an upload is stored;
     * CANCEL; REFUSE).
     */
    public Ending serve(SegmentSource source) {
        while (true) {
            Pdu pdu = read();
            switch (pdu.commandId()) {
                case CommandId.CID_FILE_PULL_DATA_REQ -> {
                    IMFilePullDataReq req = parse(pdu, IMFilePullDataReq.parser());
                    long offset = Integer.toUnsignedLong(req.getOffset());
                    IMFilePullDataRsp.Builder rsp = IMFilePullDataRsp.newBuilder().setTaskId(taskId).setUserId(userId)
                            .setOffset(req.getOffset());
                    try {
                        rsp.setResultCode(0).setFileData(ByteString.copyFrom(source.read(offset, req.getDataSize())));
                    } catch (IOException e) {
                        rsp.setResultCode(1).setFileData(ByteString.EMPTY);
                    }
                    writeWithSeq(CommandId.CID_FILE_PULL_DATA_RSP, pdu.seq(), rsp.build());
                }
                case CommandId.CID_FILE_STATE -> {
                    IMFileState st = parse(pdu, IMFileState.parser());
                    if (st.getState() != ClientFileState.CLIENT_FILE_PEER_READY) {
                        return new Ending(st.getState(), st.getUserId());
                    }
                }
                default -> {
                    // nothing else is meant for a sender
                }
            }
        }
    }

    /**
     * Receiver or downloader: waits for PEER_READY, pulls {@code size} bytes into {@code sink}
     * in order, then sends DONE. Returns DONE, or how the transfer ended before that (cancel by
     * the peer, timeout by the server).
     */
    public Ending receive(long size, OutputStream sink, TransferFileType mode) {
        Ending early = awaitPeer();
        if (early != null) {
            return early;
        }
        long offset = 0;
        while (offset < size) {
            int want = (int) Math.min(SEGMENT, size - offset);
            write(CommandId.CID_FILE_PULL_DATA_REQ, IMFilePullDataReq.newBuilder().setTaskId(taskId)
                    .setUserId(userId).setTransMode(mode).setOffset((int) offset).setDataSize(want).build());
            while (true) {
                Pdu pdu = read();
                if (pdu.commandId() == CommandId.CID_FILE_STATE) {
                    IMFileState st = parse(pdu, IMFileState.parser());
                    if (st.getState() != ClientFileState.CLIENT_FILE_PEER_READY) {
                        return new Ending(st.getState(), st.getUserId());
                    }
                } else if (pdu.commandId() == CommandId.CID_FILE_PULL_DATA_RSP) {
                    IMFilePullDataRsp rsp = parse(pdu, IMFilePullDataRsp.parser());
                    if (rsp.getResultCode() != 0) {
                        FileTransferException failed = new FileTransferException("pull at " + offset + " of task " + taskId
                                + " failed (result " + rsp.getResultCode() + ")", rsp.getResultCode());
                        return endingAfter(failed);
                    }
                    if (Integer.toUnsignedLong(rsp.getOffset()) != offset) {
                        continue; // a late answer to something else
                    }
                    if (rsp.getFileData().size() != want) {
                            throw new FileTransferException("task " + taskId + ": asked for " + want + " bytes at " + offset
                                + ", got " + rsp.getFileData().size(), -1);
                    }
                    try {
                        rsp.getFileData().writeTo(sink);
                    } catch (IOException e) {
                        sendState(ClientFileState.CLIENT_FILE_CANCEL);
                        throw new FileTransferException("cannot write the received file: " + e.getMessage(), e);
                    }
                    offset += want;
                    break;
                }
            }
        }
        sendState(ClientFileState.CLIENT_FILE_DONE);
        return new Ending(ClientFileState.CLIENT_FILE_DONE, userId);
    }

    /**
     * A pull can fail because the transfer is ending (the peer cancelled while the pull was on its
     * way); the server then says how it ended. Returns that ending, or throws {@code failed} when the
     * connection closes without one.
     */
    private Ending endingAfter(FileTransferException failed) {
        try {
            while (true) {
                Pdu pdu = read();
                if (pdu.commandId() == CommandId.CID_FILE_STATE) {
                    IMFileState st = parse(pdu, IMFileState.parser());
                    if (st.getState() != ClientFileState.CLIENT_FILE_PEER_READY) {
                        return new Ending(st.getState(), st.getUserId());
                    }
                }
            }
        } catch (FileTransferException closed) {
            throw failed;
        }
    }

    /** Waits for PEER_READY; returns null then, or the ending if the transfer ended first. */
    private Ending awaitPeer() {
        while (true) {
            Pdu pdu = read();
            if (pdu.commandId() == CommandId.CID_FILE_STATE) {
                IMFileState st = parse(pdu, IMFileState.parser());
                return st.getState() == ClientFileState.CLIENT_FILE_PEER_READY ? null : new Ending(st.getState(), st.getUserId());
            }
        }
    }

    /** Waits for the next IMFileState (e.g. the sender waiting to hear a refusal). */
    public Ending awaitState() {
        while (true) {
            Pdu pdu = read();
            if (pdu.commandId() == CommandId.CID_FILE_STATE) {
                IMFileState st = parse(pdu, IMFileState.parser());
                return new Ending(st.getState(), st.getUserId());
            }
        }
    }

    /** IMFileState for this task as this user: CANCEL (either side), REFUSE (receiver), DONE. */
    public void sendState(ClientFileState state) {
        write(CommandId.CID_FILE_STATE, IMFileState.newBuilder().setState(state).setTaskId(taskId).setUserId(userId).build());
    }

    /** True once the server closed the connection (waits up to the timeout for it). */
    public boolean closedByServer() {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            while (true) {
                readFrame();
            }
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return !(e instanceof SocketTimeoutException);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ---- frames -------------------------------------------------------------------------------

    private int write(int commandId, MessageLite body) {
        seq = (seq + 1) & 0xffff;
        if (seq == 0) {
            seq = 1;
        }
        writeWithSeq(commandId, seq, body);
        return seq;
    }

    private synchronized void writeWithSeq(int commandId, int s, MessageLite body) {
        Pdu pdu = Pdu.of(commandId, s, body);
        try {
            writeFrame(pdu);
        } catch (IOException e) {
            throw new FileTransferException("connection to the file-server lost while sending: " + e.getMessage(), e);
        }
    }

    private void writeFrame(Pdu pdu) throws IOException {
        out.writeInt(pdu.frameLength());
        out.writeShort(pdu.version());
        out.writeShort(pdu.flag());
        out.writeShort(pdu.serviceId());
        out.writeShort(pdu.commandId());
        out.writeShort(pdu.seq());
        out.writeShort(pdu.reserved());
        out.write(pdu.body());
        out.flush();
        lastWriteNanos = System.nanoTime();
    }

    /** The next frame that is not a heartbeat; heartbeats go out while waiting. */
    private Pdu read() {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new FileTransferException("nothing from the file-server for " + timeout.toMillis() + " ms (task "
                        + taskId + ")", -1);
            }
            try {
                socket.setSoTimeout((int) Math.max(1, Math.min(left / 1_000_000, 5_000)));
                Pdu pdu = readFrame();
                if (pdu.commandId() != CommandId.CID_OTHER_HEARTBEAT) {
                    return pdu;
                }
            } catch (SocketTimeoutException idle) {
                // fall through to the heartbeat check
            } catch (EOFException e) {
                throw new FileTransferException("the file-server closed the connection (task " + taskId + ")", e);
            } catch (IOException e) {
                throw new FileTransferException("connection to the file-server lost: " + e.getMessage(), e);
            }
            if (System.nanoTime() - lastWriteNanos > HEARTBEAT_NANOS) {
                try {
                    synchronized (this) {
                        writeFrame(Pdu.heartbeat());
                    }
                } catch (IOException e) {
                    throw new FileTransferException("connection to the file-server lost: " + e.getMessage(), e);
                }
            }
        }
    }

    private Pdu readFrame() throws IOException {
        int length = in.readInt();
        if (length < Pdu.HEADER_LENGTH || length > MAX_FRAME) {
            throw new IOException("bad frame length " + length);
        }
        int version = in.readUnsignedShort();
        int flag = in.readUnsignedShort();
        int sid = in.readUnsignedShort();
        int cid = in.readUnsignedShort();
        int s = in.readUnsignedShort();
        int reserved = in.readUnsignedShort();
        byte[] body = new byte[length - Pdu.HEADER_LENGTH];
        in.readFully(body);
        return new Pdu(version, flag, sid, cid, s, reserved, body);
    }

    private static <M extends MessageLite> M parse(Pdu pdu, com.google.protobuf.Parser<M> parser) {
        try {
            return pdu.parse(parser);
        } catch (InvalidProtocolBufferException e) {
            throw new FileTransferException("unreadable " + CommandId.name(pdu.commandId()) + " from the file-server", e);
        }
    }
}

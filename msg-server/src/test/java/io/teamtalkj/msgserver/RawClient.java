package io.teamtalkj.msgserver;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import io.teamtalkj.dbproxy.storage.Passwords;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TeamTalk client on a plain socket, byte for byte what real clients send (header version and
 * reserved as given), for wire-level tests. Frames that arrive while waiting for another command
 * are kept for later {@link #expect} calls.
 */
final class RawClient implements AutoCloseable {
    private final PduTestClient socket;
    private final ArrayDeque<Pdu> stash = new ArrayDeque<>();
    private final AtomicInteger seq = new AtomicInteger(1);
    int version = 1;
    int reserved = 0;

    RawClient(int port) throws IOException {
        socket = PduTestClient.connect(port);
    }

    static RawClient loggedIn(int port, String name, String password, ClientType type) throws IOException {
        RawClient c = new RawClient(port);
        IMLoginRes res = c.login(name, password, type);
        if (res.getResultCode().getNumber() != 0) {
            throw new AssertionError("login of " + name + " failed: " + res.getResultCode() + " " + res.getResultString());
        }
        return c;
    }

    int nextSeq() {
        return seq.getAndIncrement() & 0xffff;
    }

    IMLoginRes login(String name, String password, ClientType type) throws IOException {
        int s = send(CommandId.CID_LOGIN_REQ_USERLOGIN, IMLoginReq.newBuilder().setUserName(name)
                .setPassword(Passwords.md5Hex(password)).setOnlineStatus(UserStatType.USER_STATUS_ONLINE)
                .setClientType(type).setClientVersion("raw-test").build());
        Pdu res = expect(CommandId.CID_LOGIN_RES_USERLOGIN);
        if (res.seq() != s) {
            throw new AssertionError("login response seq " + res.seq() + " != " + s);
        }
        return parse(res, IMLoginRes.parser());
    }

    /** Sends with this client's header version/reserved; returns the seq used. */
    int send(int commandId, MessageLite body) throws IOException {
        int s = nextSeq();
        send(commandId, s, body);
        return s;
    }

    void send(int commandId, int s, MessageLite body) throws IOException {
        Pdu p = Pdu.of(commandId, s, body);
        socket.send(new Pdu(version, 0, p.serviceId(), commandId, s, reserved, p.body()));
    }

    /** The next frame with this command (others are stashed), or an AssertionError after 10 s. */
    Pdu expect(int commandId) throws IOException {
        return expect(commandId, 10_000);
    }

    Pdu expect(int commandId, int millis) throws IOException {
        for (Iterator<Pdu> it = stash.iterator(); it.hasNext(); ) {
            Pdu p = it.next();
            if (p.commandId() == commandId) {
                it.remove();
                return p;
            }
        }
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no " + CommandId.name(commandId) + " within " + millis + " ms; stashed " + stash);
            }
            Pdu p;
            try {
                p = socket.receive((int) left);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (p.commandId() == commandId) {
                return p;
            }
            stash.add(p);
        }
    }

    <T extends MessageLite> T expect(int commandId, Parser<T> parser) throws IOException {
        return parse(expect(commandId), parser);
    }

    /** True if no frame with this command arrives within {@code millis}. */
    boolean noneWithin(int commandId, int millis) throws IOException {
        try {
            expect(commandId, millis);
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }

    static <T extends MessageLite> T parse(Pdu p, Parser<T> parser) {
        try {
            return p.parse(parser);
        } catch (IOException e) {
            throw new AssertionError("unparsable " + CommandId.name(p.commandId()), e);
        }
    }

    PduTestClient socket() {
        return socket;
    }

    boolean closedWithin(int millis) throws IOException {
        return socket.closedWithin(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

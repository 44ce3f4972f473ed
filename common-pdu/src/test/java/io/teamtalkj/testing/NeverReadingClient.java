package io.teamtalkj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** A client that logs in on a socket with a tiny receive buffer, reads the login answer, and never reads again. */
public final class NeverReadingClient {
    private NeverReadingClient() {
    }

    /** Logs in (plain password, sent as TeamTalk's MD5 hex) and returns the socket, never read again. */
    public static Socket login(int port, String name, String password) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(Frames.encode(Pdu.of(CommandId.CID_LOGIN_REQ_USERLOGIN, 1, IMLoginReq.newBuilder()
                .setUserName(name).setPassword(md5Hex(password)).setOnlineStatus(UserStatType.USER_STATUS_ONLINE)
                .setClientType(ClientType.CLIENT_TYPE_WINDOWS).setClientVersion("never-reads").build())));
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] frame = new byte[in.readInt() - 4];
        in.readFully(frame);
        byte[] body = Arrays.copyOfRange(frame, Pdu.HEADER_LENGTH - 4, frame.length); // the length field was read
        assertThat(IMLoginRes.parseFrom(body).getResultCode().getNumber()).isZero();
        return s;
    }

    /** Reads what the kernel still holds until the end of the stream: true if the server closed it. */
    public static boolean closedAfterDraining(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** The password as TeamTalk clients send it. */
    private static String md5Hex(String password) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(password.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

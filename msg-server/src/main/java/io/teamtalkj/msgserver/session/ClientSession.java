package io.teamtalkj.msgserver.session;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.VoidChannelPromise;
import io.netty.util.AttributeKey;
import io.teamtalkj.pdu.Pdu;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection. State changes happen on the connection's event loop; other threads
 * only read the volatile fields (to pick recipients) and write frames, which Netty queues.
 */
public final class ClientSession {
    private static final AttributeKey<ClientSession> KEY = AttributeKey.valueOf("tt.session");
    private static final AtomicLong IDS = new AtomicLong();

    /** Where a connection is in its life. */
    public enum State { NEW, LOGGING_IN, AUTHENTICATED, KICKED, CLOSED }

    private final long id = IDS.incrementAndGet();
    private final Channel channel;
    /** One promise for every write: no allocation per frame, and no exception event for a write that
     *  races the close (the connection's end is handled by channelInactive). */
    private final VoidChannelPromise noPromise;
    private volatile State state = State.NEW;
    private volatile int userId;
    private volatile ClientType clientType = ClientType.CLIENT_TYPE_WINDOWS;
    private volatile UserStatType onlineStatus = UserStatType.USER_STATUS_ONLINE;
    /** Whether the route-servers were told this connection is online (so offline must follow). */
    private boolean reportedOnline;
    // the login name and when this connection's session token was issued (event loop only)
    private String loginName = "";
    /** The user's nick at login: the sender's name in push alerts. */
    private volatile String nick = "";
    /** The client's device id (IMLoginReq.tt_device_id) or one derived at login. */
    private volatile String deviceId = "";
    /** False once the app reported it went to the background (IMAppStateReport). */
    private volatile boolean foreground = true;
    private long tokenIssuedMillis;
    private final RateWindow rate = new RateWindow();
    private final UnackedDeliveries unacked = new UnackedDeliveries();

    private ClientSession(Channel channel) {
        this.channel = channel;
        this.noPromise = new VoidChannelPromise(channel, false);
    }

    public static ClientSession attach(Channel channel) {
        ClientSession s = new ClientSession(channel);
        channel.attr(KEY).set(s);
        return s;
    }

    public static ClientSession of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    public State state() {
        return state;
    }

    public boolean isAuthenticated() {
        return state == State.AUTHENTICATED;
    }

    /** Moves NEW to LOGGING_IN; false if a login was already seen on this connection. */
    public boolean beginLogin() {
        if (state != State.NEW) {
            return false;
        }
        state = State.LOGGING_IN;
        return true;
    }

    public void authenticated(int user, ClientType type, UserStatType status) {
        this.userId = user;
        this.clientType = type;
        this.onlineStatus = status;
        this.state = State.AUTHENTICATED;
    }

    /** Marks the connection kicked; false if it was not authenticated (nothing to kick). */
    public boolean kick() {
        if (state != State.AUTHENTICATED) {
            return false;
        }
        state = State.KICKED;
        return true;
    }

    public void closed() {
        state = State.CLOSED;
    }

    public int userId() {
        return userId;
    }

    /** The name the user logged in with (what a session token is bound to); empty before login. */
    public String loginName() {
        return loginName;
    }

    public void loginName(String name) {
        this.loginName = name;
    }

    /** The user's nick at login ("" before login or when the profile has none). */
    public String nick() {
        return nick;
    }

    public void nick(String value) {
        this.nick = value == null ? "" : value;
    }

    /** The device id of this connection ("" before login). */
    public String deviceId() {
        return deviceId;
    }

    public void deviceId(String value) {
        this.deviceId = value == null ? "" : value;
    }

    /** Whether the app is in the foreground (true until it reports otherwise). */
    public boolean foreground() {
        return foreground;
    }

    public void foreground(boolean value) {
        this.foreground = value;
    }

    /** When the last session token was given to this connection (epoch millis), 0 = never. */
    public long tokenIssuedMillis() {
        return tokenIssuedMillis;
    }

    public void tokenIssued(long millis) {
        this.tokenIssuedMillis = millis;
    }

    public ClientType clientType() {
        return clientType;
    }

    public ClientClass deviceClass() {
        return ClientClass.of(clientType);
    }

    public UserStatType onlineStatus() {
        return onlineStatus;
    }

    public boolean reportedOnline() {
        return reportedOnline;
    }

    public void reportedOnline(boolean value) {
        reportedOnline = value;
    }

    public RateWindow rate() {
        return rate;
    }

    public UnackedDeliveries unacked() {
        return unacked;
    }

    /**
     * Writes and flushes a frame unless the connection is gone; false if it was not written. Every
     * frame to a client goes through here (pushes via the Deliverer, replies from the handlers), so
     * every one passes the connection's {@link SlowReaderGuard}. Netty runs the write on the
     * connection's own event loop.
     */
    public boolean send(Pdu pdu) {
        if (!channel.isActive()) {
            return false;
        }
        channel.writeAndFlush(pdu, noPromise);
        return true;
    }

    /**
     * Writes an already encoded frame (a push shared by many connections, see
     * {@code delivery.SharedFrame}); takes ownership of {@code frame}, released if not written.
     */
    public boolean send(ByteBuf frame) {
        if (!channel.isActive()) {
            frame.release();
            return false;
        }
        channel.writeAndFlush(frame, noPromise);
        return true;
    }

    /** Writes a last frame (a refused login, a logout answer) through the same path, then closes. */
    public void sendAndClose(Pdu pdu) {
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(pdu).addListener(ChannelFutureListener.CLOSE);
    }

    public String peer() {
        return String.valueOf(channel.remoteAddress());
    }

    @Override
    public String toString() {
        return "session#" + id + "{user " + userId + ", " + clientType + ", " + state + ", " + peer() + "}";
    }
}

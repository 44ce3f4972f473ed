package io.teamtalkj.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMOther;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupVersionInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBuddy;
import com.mogujie.tt.protobuf.IMBuddy.IMAllUserRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMChangeSignInfoRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMDepartmentRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoRsp;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import com.mogujie.tt.protobuf.IMFile;
import com.mogujie.tt.protobuf.IMGroup;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupInfoListRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupShieldRsp;
import com.mogujie.tt.protobuf.IMGroup.IMNormalGroupListRsp;
import com.mogujie.tt.protobuf.IMLogin;
import com.mogujie.tt.protobuf.IMLogin.IMDeviceTokenRsp;
import com.mogujie.tt.protobuf.IMLogin.IMKickPCClientRsp;
import com.mogujie.tt.protobuf.IMLogin.IMKickUser;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMLogin.IMPushShieldRsp;
import com.mogujie.tt.protobuf.IMLogin.IMQueryPushShieldRsp;
import com.mogujie.tt.protobuf.IMMessage;
import com.mogujie.tt.protobuf.IMMessage.IMClientTimeRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetLatestMsgIdRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgByIdRsp;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataAck;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.group.GroupNotice;
import io.teamtalkj.pdu.groupext.GroupEditReq;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupJoinReq;
import io.teamtalkj.pdu.groupext.GroupMembersReq;
import io.teamtalkj.pdu.groupext.GroupMuteReq;
import io.teamtalkj.pdu.groupext.GroupQueryReq;
import io.teamtalkj.pdu.groupext.GroupSettingsReq;
import io.teamtalkj.pdu.groupext.InviteMode;
import io.teamtalkj.pdu.groupext.JoinMode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.teamtalkj.net.EventLoops;
import io.teamtalkj.net.PduPipelines;
import io.teamtalkj.net.PduServer;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.CommandRegistry;
import io.teamtalkj.pdu.MsgTypes;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduDecoder;
import io.teamtalkj.pdu.PduDispatcher;
import io.teamtalkj.pdu.PduEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TeamTalk client session: finds a msg-server (login-server discovery or a fixed address),
 * connects, logs in, and then sends and receives exactly what TeamTalk's own clients do.
 *
 * <p>Everything is non-blocking. Requests return {@link CompletableFuture}s matched to their
 * responses by seq and response command; they fail with {@link RequestTimeoutException} after
 * the configured time, with {@link ConnectionLostException} when the connection drops, and with
 * {@link NotConnectedException} when made while not logged in. Unsolicited frames (seq 0) go to
 * the {@link ClientListener}.
 *
 * <p><b>Threading:</b> each client lives on one Netty event loop (its own single thread, or one
 * loop of a shared group). Futures are completed and listener callbacks run on that thread, so
 * neither may block it: never call {@code get()}/{@code join()} on an SDK future from a callback
 * or from a synchronous continuation ({@code thenAccept} etc.); use the {@code ...Async} variants
 * with your own executor for slow work. The public methods may be called from any thread.
 *
 * <p><b>Connection life:</b> a heartbeat goes out after each {@code heartbeat} interval without
 * writes; if nothing at all arrives for three intervals the connection is declared dead. A lost
 * logged-in connection is re-established (discovery again, TCP, login) with exponential backoff
 * and jitter, then {@link ClientListener#onReconnected} fires. There is no reconnect after a kick,
 * {@link #logout()}, {@link #close()}, or a login refused for bad credentials. Requests that were
 * pending when the connection dropped fail; they are not resent.
 */
public final class TeamTalkClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TeamTalkClient.class);

    private final ClientConfig cfg;
    private final ClientListener listener;
    private final EventLoopGroup ownGroup;
    private final EventLoop loop;
    private final String clientMsgIdPrefix;
    private final AtomicLong clientMsgIdCounter = new AtomicLong();

    // confined to the event loop
    private Connection current;
    private CompletableFuture<IMLoginRes> connectFuture;
    private long backoffMillis;
    private io.netty.util.concurrent.ScheduledFuture<?> reconnectTask;

    // read from any thread
    private volatile ClientState state = ClientState.NEW;
    private volatile Connection live;
    private volatile int userId;
    private volatile UserInfo userInfo;
    private volatile IMLoginRes lastLogin;
    /** The newest session token from the server (login answer or heartbeat echo), or null. */
    private volatile com.google.protobuf.ByteString sessionToken;

    private TeamTalkClient(ClientConfig cfg, ClientListener listener, EventLoopGroup shared) {
        this.cfg = cfg;
        this.listener = listener == null ? new ClientListener() { } : listener;
        this.ownGroup = shared == null ? EventLoops.newGroup("tt-client-" + cfg.user(), 1) : null;
        this.loop = (shared != null ? shared : ownGroup).next();
        this.backoffMillis = cfg.minBackoff().toMillis();
        this.clientMsgIdPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** A client with its own single event-loop thread (shut down by {@link #close()}). */
    public static TeamTalkClient create(ClientConfig cfg, ClientListener listener) {
        return new TeamTalkClient(cfg, listener, null);
    }

    /**
     * A client on one loop of a shared group, e.g. thousands of clients on a few threads. The
     * group must come from {@link EventLoops#newGroup} (epoll or NIO to match the channel type);
     * {@link #close()} leaves it running.
     */
    public static TeamTalkClient create(ClientConfig cfg, ClientListener listener, EventLoopGroup eventLoopGroup) {
        return new TeamTalkClient(cfg, listener, eventLoopGroup);
    }

    // ------------------------------------------------------------------------------------------
    // connection life

    /**
     * Discovery (if configured), TCP connect and IMLoginReq. Completes with the server's
     * IMLoginRes, or fails with {@link LoginFailedException} (result code != 0; the server closes
     * the connection), {@link DiscoveryException}, {@link ConnectionLostException} (cannot
     * connect) or {@link RequestTimeoutException}. The first connect is not retried; reconnecting
     * applies only after a successful login. Calling it again while connecting or logged in
     * returns the same future.
     */
    public CompletableFuture<IMLoginRes> connect() {
        CompletableFuture<IMLoginRes> result = new CompletableFuture<>();
        if (!onLoop(() -> startConnect(result))) {
            result.completeExceptionally(new NotConnectedException("client is closed"));
        }
        // a copy, so callers cannot complete the client's own future
        CompletableFuture<IMLoginRes> copy = new CompletableFuture<>();
        result.whenComplete((r, e) -> complete(copy, r, e));
        return copy;
    }

    private void startConnect(CompletableFuture<IMLoginRes> result) {
        ClientState s = state;
        if (s == ClientState.CLOSED) {
            result.completeExceptionally(new NotConnectedException("client is closed"));
            return;
        }
        if (s != ClientState.NEW && s != ClientState.DISCONNECTED) {
            connectFuture.whenComplete((r, e) -> complete(result, r, e));
            return;
        }
        state = ClientState.CONNECTING;
        connectFuture = result;
        attempt(false).whenComplete((res, error) -> {
            if (error == null) {
                if (state != ClientState.CONNECTING) {
                    // closed while logging in
                    result.completeExceptionally(new NotConnectedException("client closed while connecting"));
                    return;
                }
                loggedIn(res, false);
                result.complete(res);
            } else {
                if (state == ClientState.CONNECTING) {
                    state = ClientState.NEW;
                }
                result.completeExceptionally(unwrap(error));
            }
        });
    }

    /** One try: resolve the msg-server, connect, log in. Completes on the event loop. */
    private CompletableFuture<IMLoginRes> attempt(boolean reconnecting) {
        CompletableFuture<IMLoginRes> result = new CompletableFuture<>();
        resolveTarget(reconnecting).whenCompleteAsync((address, error) -> {
            if (error != null) {
                result.completeExceptionally(unwrap(error));
            } else if (state == ClientState.CLOSED) {
                result.completeExceptionally(new NotConnectedException("client is closed"));
            } else {
                open(address, result);
            }
        }, loop);
        return result;
    }

    private CompletableFuture<InetSocketAddress> resolveTarget(boolean reconnecting) {
        if (cfg.loginUrl() != null && (reconnecting || cfg.msgServerHost() == null)) {
            return Discovery.resolve(cfg.loginUrl(), cfg.requestTimeout(), cfg.httpsTrust(), cfg.webSocketPath() != null)
                    .thenApply(TeamTalkClient::resolved);
        }
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(cfg.msgServerHost());
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(
                        new InetSocketAddress(InetAddress.getByAddress(literal), cfg.msgServerPort()));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e); // not reached: the length is valid
            }
        }
        InetSocketAddress direct = InetSocketAddress.createUnresolved(cfg.msgServerHost(), cfg.msgServerPort());
        // name lookups may block: never on the event loop
        return CompletableFuture.supplyAsync(() -> resolved(direct));
    }

    private static InetSocketAddress resolved(InetSocketAddress unresolved) {
        InetSocketAddress a = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (a.isUnresolved()) {
            throw new ConnectionLostException("cannot resolve msg-server host " + unresolved.getHostString());
        }
        return a;
    }

    private void open(InetSocketAddress address, CompletableFuture<IMLoginRes> result) {
        Connection conn = new Connection(address);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(EventLoops.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, cfg.requestTimeout().toMillis()))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, PduServer.WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (cfg.tls() != null) {
                            // the msg-server's certificate must name the host connected to
                            p.addLast(PduPipelines.TLS, cfg.tls().newHandler(ch.alloc(), address.getHostString(),
                                    address.getPort()));
                        }
                        if (cfg.webSocketPath() != null) {
                            WebSocketClientStack.add(p, address, cfg.tls() != null, cfg.webSocketPath(), cfg.maxFrameLength(),
                                    ch.newPromise());
                        } else {
                            p.addLast(PduPipelines.DECODER, new PduDecoder(cfg.maxFrameLength()));
                            p.addLast(PduPipelines.ENCODER, PduEncoder.INSTANCE);
                        }
                        long hb = cfg.heartbeat().toMillis();
                        if (hb > 0) {
                            p.addLast(PduPipelines.IDLE, new IdleStateHandler(3 * hb, hb, 0, TimeUnit.MILLISECONDS));
                        }
                        p.addLast(PduPipelines.DISPATCHER, conn);
                    }
                });
        ChannelFuture connecting = cfg.localAddress() == null ? bootstrap.connect(address)
                : bootstrap.connect(address, new InetSocketAddress(cfg.localAddress(), 0));
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new ConnectionLostException(
                        "cannot connect to msg-server " + address + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            Channel ch = f.channel();
            if (state == ClientState.CLOSED) {
                ch.close();
                result.completeExceptionally(new NotConnectedException("client is closed"));
                return;
            }
            conn.channel = ch;
            current = conn;
            live = conn;
            log.debug("{}: connected to {} from {}", cfg.user(), address, ch.localAddress());
            ch.closeFuture().addListener(cf -> connectionClosed(conn));
            // over WebSocket the login goes out once the upgrade is done
            WebSocketClientStack.whenReady(ch, () -> conn.request(CommandId.CID_LOGIN_REQ_USERLOGIN, loginRequest(), CommandId.CID_LOGIN_RES_USERLOGIN,
                    IMLoginRes.parser()).whenComplete((res, error) -> {
                        if (error != null) {
                            conn.closeWith(error instanceof ConnectionLostException ? null
                                    : new ConnectionLostException("login failed: " + error.getMessage(), error));
                            result.completeExceptionally(error);
                        } else if (res.getResultCode().getNumber() != 0) {
                            conn.closeWith(null);
                            result.completeExceptionally(new LoginFailedException(res.getResultCode().getNumber(),
                                    res.getResultString()));
                        } else {
                            conn.loggedIn = true;
                            result.complete(res);
                        }
                    }));
        });
    }

    private IMLogin.IMLoginReq loginRequest() {
        IMLogin.IMLoginReq.Builder b = IMLogin.IMLoginReq.newBuilder()
                .setUserName(cfg.user())
                .setPassword(cfg.passwordMd5())
                .setOnlineStatus(cfg.onlineStatus())
                .setClientType(cfg.clientType());
        com.google.protobuf.ByteString token = sessionToken;
        if (cfg.resumeLogin() && token != null) {
            b.setTtSessionToken(token);
        }
        if (cfg.clientVersion() != null) {
            b.setClientVersion(cfg.clientVersion());
        }
        if (cfg.deviceId() != null) {
            b.setTtDeviceId(cfg.deviceId());
        }
        return b.build();
    }

    private void loggedIn(IMLoginRes res, boolean again) {
        lastLogin = res;
        if (res.hasTtSessionToken()) {
            sessionToken = res.getTtSessionToken();
        }
        if (res.hasUserInfo()) {
            userInfo = res.getUserInfo();
            userId = res.getUserInfo().getUserId();
        }
        backoffMillis = cfg.minBackoff().toMillis();
        state = ClientState.LOGGED_IN;
        log.debug("{}: logged in as user {}{}", cfg.user(), userId, again ? " again" : "");
        if (again) {
            callListener(l -> l.onReconnected(res));
        }
    }

    private void connectionClosed(Connection conn) {
        Throwable cause = conn.closeCause != null ? conn.closeCause
                : new ConnectionLostException("connection to msg-server " + conn.remote + " closed");
        conn.pending.failAll(conn.userClosed && conn.closeCause == null
                ? new ConnectionLostException("connection closed by the client") : cause);
        if (conn != current) {
            return;
        }
        current = null;
        live = null;
        if (!conn.loggedIn) {
            return; // a connect attempt; its login request failed above and the attempt handles it
        }
        if (conn.userClosed || state == ClientState.CLOSED) {
            log.debug("{}: disconnected from {}", cfg.user(), conn.remote);
            if (state != ClientState.CLOSED) {
                state = ClientState.DISCONNECTED;
            }
            callListener(l -> l.onDisconnected(null));
            return;
        }
        log.debug("{}: lost connection to {}: {}", cfg.user(), conn.remote, cause.getMessage());
        boolean again = cfg.reconnect() && !conn.kicked;
        state = again ? ClientState.RECONNECTING : ClientState.DISCONNECTED;
        callListener(l -> l.onDisconnected(cause));
        if (again && state == ClientState.RECONNECTING) {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        long base = backoffMillis;
        backoffMillis = Math.min(cfg.maxBackoff().toMillis(), base * 2);
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        reconnectTask = loop.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        reconnectTask = null;
        if (state != ClientState.RECONNECTING) {
            return;
        }
        attempt(true).whenComplete((res, error) -> {
            if (state != ClientState.RECONNECTING) {
                return; // closed meanwhile; close() took the connection down
            }
            if (error == null) {
                loggedIn(res, true);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof LoginFailedException && ((LoginFailedException) cause).isCredentialsProblem()) {
                log.warn("{}: reconnect refused, giving up: {}", cfg.user(), cause.getMessage());
                state = ClientState.DISCONNECTED;
                callListener(l -> l.onDisconnected(cause));
                return;
            }
            log.debug("{}: reconnect failed: {}", cfg.user(), cause.getMessage());
            scheduleReconnect();
        });
    }

    /**
     * Logs out as TeamTalk clients do: 0x0105, wait for 0x0106, close. No reconnect follows.
     * Completes when the answer arrived and the connection is closed; if the answer does not
     * come the client is closed anyway and the future fails.
     */
    public CompletableFuture<Void> logout() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = onLoop(() -> {
            Connection conn = current;
            if (state != ClientState.LOGGED_IN || conn == null || !conn.loggedIn) {
                close();
                done.complete(null);
                return;
            }
            conn.userClosed = true;
            sessionToken = null; // logged out: the next login is a fresh one
            conn.request(CommandId.CID_LOGIN_REQ_LOGINOUT, IMLogin.IMLogoutReq.getDefaultInstance(),
                    CommandId.CID_LOGIN_RES_LOGINOUT, IMLogin.IMLogoutRsp.parser()).whenComplete((rsp, error) -> {
                        close();
                        conn.channel.closeFuture().addListener(f -> complete(done, null, error));
                    });
        });
        if (!queued) {
            done.complete(null);
        }
        return done;
    }

    /**
     * Closes the connection without logging out and stops reconnecting; pending requests fail.
     * Shuts down the client's own event loop (not a shared one). Idempotent. When called from a
     * thread other than the event loop, returns after the listener heard onDisconnected.
     */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeOnLoop();
            if (ownGroup != null) {
                ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
            return;
        }
        if (onLoop(this::closeOnLoop)) {
            try {
                Future<?> closed = loop.submit(() -> { });
                closed.awaitUninterruptibly(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException gone) {
                // the loop stopped meanwhile (e.g. after a logout): nothing left to wait for
            }
        }
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void closeOnLoop() {
        if (state == ClientState.CLOSED) {
            return;
        }
        state = ClientState.CLOSED;
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
            reconnectTask = null;
        }
        Connection conn = current;
        if (conn != null) {
            conn.userClosed = true;
            conn.closeWith(null);
        }
        if (connectFuture != null && !connectFuture.isDone()) {
            connectFuture.completeExceptionally(new NotConnectedException("client closed while connecting"));
        }
    }

    // ------------------------------------------------------------------------------------------
    // state

    /** The logged-in user's id (0 before the first login). */
    public int userId() {
        return userId;
    }

    /** The own profile from the last IMLoginRes, or null before the first login. */
    public UserInfo userInfo() {
        return userInfo;
    }

    /**
     * The session token the server gave last (login answer, refreshed in heartbeat echoes), sent
     * with the next login when {@link ClientConfig#resumeLogin()}; null if the cluster issues none.
     */
    public com.google.protobuf.ByteString sessionToken() {
        return sessionToken;
    }

    /** The last successful IMLoginRes, or null. */
    public IMLoginRes lastLogin() {
        return lastLogin;
    }

    public boolean isLoggedIn() {
        return state == ClientState.LOGGED_IN;
    }

    public ClientState state() {
        return state;
    }

    public ClientConfig config() {
        return cfg;
    }

    /** The event loop this client runs on (its callbacks and future completions happen here). */
    public EventLoop eventLoop() {
        return loop;
    }

    /** The current connection's local address (useful with {@code localAddress}), or null. */
    public InetSocketAddress localAddress() {
        Connection c = live;
        return c == null || c.channel == null ? null : (InetSocketAddress) c.channel.localAddress();
    }

    /** Requests on the current connection still waiting for their response. */
    public CompletableFuture<Integer> pendingRequests() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        if (!onLoop(() -> f.complete(current == null ? 0 : current.pending.size()))) {
            f.complete(0);
        }
        return f;
    }

    // ------------------------------------------------------------------------------------------
    // messages

    /** A one-to-one text message (MSG_TYPE_SINGLE_TEXT), encoded as TeamTalk clients do. */
    public CompletableFuture<IMMsgDataAck> sendText(int toUserId, String text) {
        return send(textMessage(toUserId, MsgType.MSG_TYPE_SINGLE_TEXT, text));
    }

    /** A group text message (MSG_TYPE_GROUP_TEXT). */
    public CompletableFuture<IMMsgDataAck> sendGroupText(int groupId, String text) {
        return send(textMessage(groupId, MsgType.MSG_TYPE_GROUP_TEXT, text));
    }

    private IMMsgData textMessage(int to, MsgType type, String text) {
        return IMMsgData.newBuilder()
                .setFromUserId(userId)
                .setToSessionId(to)
                .setMsgId(0)
                .setCreateTime(now())
                .setMsgType(type)
                .setMsgData(TeamTalkText.encodeToByteString(text))
                .build();
    }

    /**
     * Sends a message as built by the caller. Sets {@code tt_client_msg_id} (field 102) to a new
     * unique id unless present (keep it to resend the same message: the server stores it once).
     * Completes with the server's ack; fails with {@link MessageRejectedException} when the ack
     * carries msg_id 0.
     */
    public CompletableFuture<IMMsgDataAck> send(IMMsgData msg) {
        IMMsgData out = msg.hasTtClientMsgId() ? msg : msg.toBuilder().setTtClientMsgId(newClientMsgId()).build();
        CompletableFuture<IMMsgDataAck> result = new CompletableFuture<>();
        request(CommandId.CID_MSG_DATA, out, CommandId.CID_MSG_DATA_ACK, IMMsgDataAck.parser())
                .whenComplete((ack, error) -> {
                    if (error != null) {
                        result.completeExceptionally(unwrap(error));
                    } else if (ack.getMsgId() == 0) {
                        result.completeExceptionally(new MessageRejectedException(ack.getTtStoreResult(),
                                ack.getTtStoreReason()));
                    } else {
                        result.complete(ack);
                    }
                });
        return result;
    }

    /** A fresh value for tt_client_msg_id: unique per client and call. */
    public String newClientMsgId() {
        return clientMsgIdPrefix + '-' + clientMsgIdCounter.incrementAndGet();
    }

    /**
     * Acknowledges a received message (0x0302): user_id = self, session_id = the sender (one-to-one)
     * or the group, msg_id, session_type. Done automatically when autoAck is on.
     */
    public void ackReceived(IMMsgData msg) {
        fireAndForget(CommandId.CID_MSG_DATA_ACK, receiverAck(msg));
    }

    private IMMsgDataAck receiverAck(IMMsgData msg) {
        boolean group = MsgTypes.isGroup(msg.getMsgType());
        return IMMsgDataAck.newBuilder()
                .setUserId(userId)
                .setSessionId(group ? msg.getToSessionId() : msg.getFromUserId())
                .setMsgId(msg.getMsgId())
                .setSessionType(group ? SessionType.SESSION_TYPE_GROUP : SessionType.SESSION_TYPE_SINGLE)
                .build();
    }

    /** Marks a session read up to msgId (0x0303; the server clears the unread counter, no answer). */
    public void readAck(int sessionId, SessionType type, int msgId) {
        fireAndForget(CommandId.CID_MSG_READ_ACK, IMMessage.IMMsgDataReadAck.newBuilder()
                .setUserId(userId).setSessionId(sessionId).setMsgId(msgId).setSessionType(type).build());
    }

    public CompletableFuture<IMUnreadMsgCntRsp> unread() {
        return request(CommandId.CID_MSG_UNREAD_CNT_REQUEST,
                IMMessage.IMUnreadMsgCntReq.newBuilder().setUserId(userId).build(),
                CommandId.CID_MSG_UNREAD_CNT_RESPONSE, IMUnreadMsgCntRsp.parser());
    }

    /** History, newest first, from {@code beginMsgId} (inclusive; 0 = latest) backwards. */
    public CompletableFuture<IMGetMsgListRsp> history(SessionType type, int sessionId, int beginMsgId, int count) {
        return request(CommandId.CID_MSG_LIST_REQUEST, IMMessage.IMGetMsgListReq.newBuilder()
                        .setUserId(userId).setSessionType(type).setSessionId(sessionId)
                        .setMsgIdBegin(beginMsgId).setMsgCnt(count).build(),
                CommandId.CID_MSG_LIST_RESPONSE, IMGetMsgListRsp.parser());
    }

    public CompletableFuture<IMGetLatestMsgIdRsp> latestMsgId(SessionType type, int sessionId) {
        return request(CommandId.CID_MSG_GET_LATEST_MSG_ID_REQ, IMMessage.IMGetLatestMsgIdReq.newBuilder()
                        .setUserId(userId).setSessionType(type).setSessionId(sessionId).build(),
                CommandId.CID_MSG_GET_LATEST_MSG_ID_RSP, IMGetLatestMsgIdRsp.parser());
    }

    public CompletableFuture<IMGetMsgByIdRsp> messagesById(SessionType type, int sessionId, List<Integer> msgIds) {
        return request(CommandId.CID_MSG_GET_BY_MSG_ID_REQ, IMMessage.IMGetMsgByIdReq.newBuilder()
                        .setUserId(userId).setSessionType(type).setSessionId(sessionId).addAllMsgIdList(msgIds).build(),
                CommandId.CID_MSG_GET_BY_MSG_ID_RES, IMGetMsgByIdRsp.parser());
    }

    /** The server's clock (0x0305). */
    public CompletableFuture<IMClientTimeRsp> clientTime() {
        return request(CommandId.CID_MSG_TIME_REQUEST, IMMessage.IMClientTimeReq.getDefaultInstance(),
                CommandId.CID_MSG_TIME_RESPONSE, IMClientTimeRsp.parser());
    }

    // ------------------------------------------------------------------------------------------
    // buddies, sessions, directory

    public CompletableFuture<IMRecentContactSessionRsp> recentSessions(int latestUpdateTime) {
        return request(CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST,
                IMBuddy.IMRecentContactSessionReq.newBuilder().setUserId(userId).setLatestUpdateTime(latestUpdateTime).build(),
                CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE, IMRecentContactSessionRsp.parser());
    }

    public CompletableFuture<IMUsersInfoRsp> usersInfo(List<Integer> userIds) {
        return request(CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST,
                IMBuddy.IMUsersInfoReq.newBuilder().setUserId(userId).addAllUserIdList(userIds).build(),
                CommandId.CID_BUDDY_LIST_USER_INFO_RESPONSE, IMUsersInfoRsp.parser());
    }

    /** The company directory changed since {@code latestUpdateTime} (0 = everyone). */
    public CompletableFuture<IMAllUserRsp> allUsers(int latestUpdateTime) {
        return request(CommandId.CID_BUDDY_LIST_ALL_USER_REQUEST,
                IMBuddy.IMAllUserReq.newBuilder().setUserId(userId).setLatestUpdateTime(latestUpdateTime).build(),
                CommandId.CID_BUDDY_LIST_ALL_USER_RESPONSE, IMAllUserRsp.parser());
    }

    public CompletableFuture<IMDepartmentRsp> departments(int latestUpdateTime) {
        return request(CommandId.CID_BUDDY_LIST_DEPARTMENT_REQUEST,
                IMBuddy.IMDepartmentReq.newBuilder().setUserId(userId).setLatestUpdateTime(latestUpdateTime).build(),
                CommandId.CID_BUDDY_LIST_DEPARTMENT_RESPONSE, IMDepartmentRsp.parser());
    }

    public CompletableFuture<IMUsersStatRsp> usersStatus(List<Integer> userIds) {
        return request(CommandId.CID_BUDDY_LIST_USERS_STATUS_REQUEST,
                IMBuddy.IMUsersStatReq.newBuilder().setUserId(userId).addAllUserIdList(userIds).build(),
                CommandId.CID_BUDDY_LIST_USERS_STATUS_RESPONSE, IMUsersStatRsp.parser());
    }

    public CompletableFuture<IMChangeSignInfoRsp> changeSignInfo(String sign) {
        return request(CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_REQUEST,
                IMBuddy.IMChangeSignInfoReq.newBuilder().setUserId(userId).setSignInfo(sign).build(),
                CommandId.CID_BUDDY_LIST_CHANGE_SIGN_INFO_RESPONSE, IMChangeSignInfoRsp.parser());
    }

    public CompletableFuture<IMRemoveSessionRsp> removeSession(SessionType type, int sessionId) {
        return request(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_REQ,
                IMBuddy.IMRemoveSessionReq.newBuilder().setUserId(userId).setSessionType(type).setSessionId(sessionId).build(),
                CommandId.CID_BUDDY_LIST_REMOVE_SESSION_RES, IMRemoveSessionRsp.parser());
    }

    /** A peer-to-peer command (0x0601), e.g. a typing indicator; relayed, never stored, no answer. */
    public void p2p(int toUserId, String cmdMsgData) {
        fireAndForget(CommandId.CID_SWITCH_P2P_CMD, IMP2PCmdMsg.newBuilder()
                .setFromUserId(userId).setToUserId(toUserId).setCmdMsgData(cmdMsgData).build());
    }

    // ------------------------------------------------------------------------------------------
    // groups

    /** The user's normal (fixed) groups with their versions. */
    public CompletableFuture<IMNormalGroupListRsp> groups() {
        return request(CommandId.CID_GROUP_NORMAL_LIST_REQUEST,
                IMGroup.IMNormalGroupListReq.newBuilder().setUserId(userId).build(),
                CommandId.CID_GROUP_NORMAL_LIST_RESPONSE, IMNormalGroupListRsp.parser());
    }

    /** Group details for groups whose server version is newer than the given one (0 = always). */
    public CompletableFuture<IMGroupInfoListRsp> groupInfo(Map<Integer, Integer> groupIdToVersion) {
        IMGroup.IMGroupInfoListReq.Builder b = IMGroup.IMGroupInfoListReq.newBuilder().setUserId(userId);
        groupIdToVersion.forEach((id, version) ->
                b.addGroupVersionList(GroupVersionInfo.newBuilder().setGroupId(id).setVersion(version)));
        return request(CommandId.CID_GROUP_INFO_REQUEST, b.build(),
                CommandId.CID_GROUP_INFO_RESPONSE, IMGroupInfoListRsp.parser());
    }

    /** Creates a group (TeamTalk clients create GROUP_TYPE_TMP; include yourself in the members). */
    public CompletableFuture<IMGroupCreateRsp> createGroup(String name, GroupType type, List<Integer> memberIds) {
        return request(CommandId.CID_GROUP_CREATE_REQUEST, IMGroup.IMGroupCreateReq.newBuilder()
                        .setUserId(userId).setGroupType(type).setGroupName(name).setGroupAvatar("")
                        .addAllMemberIdList(memberIds).build(),
                CommandId.CID_GROUP_CREATE_RESPONSE, IMGroupCreateRsp.parser());
    }

    public CompletableFuture<IMGroupChangeMemberRsp> changeGroupMembers(int groupId, GroupModifyType type,
                                                                        List<Integer> memberIds) {
        return request(CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST, IMGroup.IMGroupChangeMemberReq.newBuilder()
                        .setUserId(userId).setChangeType(type).setGroupId(groupId).addAllMemberIdList(memberIds).build(),
                CommandId.CID_GROUP_CHANGE_MEMBER_RESPONSE, IMGroupChangeMemberRsp.parser());
    }

    /** Mutes (true) or unmutes push notifications for a group. */
    public CompletableFuture<IMGroupShieldRsp> shieldGroup(int groupId, boolean shield) {
        return request(CommandId.CID_GROUP_SHIELD_GROUP_REQUEST, IMGroup.IMGroupShieldReq.newBuilder()
                        .setUserId(userId).setGroupId(groupId).setShieldStatus(shield ? 1 : 0).build(),
                CommandId.CID_GROUP_SHIELD_GROUP_RESPONSE, IMGroupShieldRsp.parser());
    }

    // ------------------------------------------------------------------------------------------
    // group governance (issue 18): TeamTalk-J extension commands 0x0420..0x044f. Each answer is a
    // GroupExtRsp whose result says why a request was refused (the future completes normally);
    // a change stores a system notice in the group that arrives as a group message
    // ({@link #groupNotice}).

    /** Leaves the group (the owner must transfer first unless last; the last member's quit dismisses it). */
    public CompletableFuture<GroupExtRsp> quitGroup(int groupId) {
        return groupMembersOp(GroupExtCommandId.QUIT_REQ, groupMembersReq(groupId, List.of()));
    }

    /** Dismisses the group (owner): a last notice to everyone, then no messages; history is kept. */
    public CompletableFuture<GroupExtRsp> dismissGroup(int groupId) {
        return groupMembersOp(GroupExtCommandId.DISMISS_REQ, groupMembersReq(groupId, List.of()));
    }

    /** Removes members (owner/admin, members ranked below); {@code reason} may be empty. */
    public CompletableFuture<GroupExtRsp> kickFromGroup(int groupId, List<Integer> userIds, String reason) {
        return groupMembersOp(GroupExtCommandId.KICK_REQ, groupMembersReq(groupId, userIds).setReason(reason));
    }

    /** Appoints (true) or removes (false) admins (owner). */
    public CompletableFuture<GroupExtRsp> setGroupAdmins(int groupId, List<Integer> userIds, boolean admin) {
        return groupMembersOp(GroupExtCommandId.SET_ADMIN_REQ, groupMembersReq(groupId, userIds).setAdmin(admin));
    }

    /** Makes another member the owner (owner). */
    public CompletableFuture<GroupExtRsp> transferGroup(int groupId, int newOwnerId) {
        return groupMembersOp(GroupExtCommandId.TRANSFER_OWNER_REQ, groupMembersReq(groupId, List.of(newOwnerId)));
    }

    /** Mutes members until {@code untilUnixSeconds}, or until unmuted with 0 (owner/admin). */
    public CompletableFuture<GroupExtRsp> muteInGroup(int groupId, List<Integer> userIds, long untilUnixSeconds,
                                                      String reason) {
        return request(GroupExtCommandId.MUTE_REQ, GroupMuteReq.newBuilder().setUserId(userId).setGroupId(groupId)
                        .addAllTargetIds(userIds).setUntilTime((int) untilUnixSeconds).setReason(reason).build(),
                GroupExtCommandId.response(GroupExtCommandId.MUTE_REQ), GroupExtRsp.parser());
    }

    public CompletableFuture<GroupExtRsp> unmuteInGroup(int groupId, List<Integer> userIds) {
        return groupMembersOp(GroupExtCommandId.UNMUTE_REQ, groupMembersReq(groupId, userIds));
    }

    /** Mute all on: only the owner and admins may talk (owner/admin). */
    public CompletableFuture<GroupExtRsp> muteAllInGroup(int groupId, boolean on) {
        return groupSettingsOp(GroupExtCommandId.MUTE_ALL_REQ, GroupSettingsReq.newBuilder().setMuteAll(on), groupId);
    }

    /** Members muted now with their end times (GroupExtRsp.muted; until 0 = until unmuted). */
    public CompletableFuture<GroupExtRsp> listMutedInGroup(int groupId) {
        return groupQuery(GroupExtCommandId.LIST_MUTED_REQ, groupId);
    }

    /** Owner, admins, settings, announcement, counts and limits (GroupExtRsp.info). */
    public CompletableFuture<GroupExtRsp> groupGovernance(int groupId) {
        return groupQuery(GroupExtCommandId.INFO_REQ, groupId);
    }

    public CompletableFuture<GroupExtRsp> renameGroup(int groupId, String name) {
        return groupEdit(GroupEditReq.newBuilder().setName(name), groupId);
    }

    public CompletableFuture<GroupExtRsp> setGroupAvatar(int groupId, String avatarUrl) {
        return groupEdit(GroupEditReq.newBuilder().setAvatar(avatarUrl), groupId);
    }

    public CompletableFuture<GroupExtRsp> setGroupAnnouncement(int groupId, String text) {
        return groupEdit(GroupEditReq.newBuilder().setAnnouncement(text), groupId);
    }

    /** Asks to join: at once in an open group, else waits for an owner or admin. */
    public CompletableFuture<GroupExtRsp> joinGroup(int groupId, String message) {
        return request(GroupExtCommandId.JOIN_REQ, GroupJoinReq.newBuilder().setUserId(userId).setGroupId(groupId)
                        .setMessage(message).build(),
                GroupExtCommandId.response(GroupExtCommandId.JOIN_REQ), GroupExtRsp.parser());
    }

    /** Approves (true) or rejects join requests (owner/admin). */
    public CompletableFuture<GroupExtRsp> decideGroupJoins(int groupId, List<Integer> userIds, boolean approve) {
        return groupMembersOp(GroupExtCommandId.JOIN_DECISION_REQ, groupMembersReq(groupId, userIds).setApprove(approve));
    }

    /** Invites users (any member, or owner/admins per the group's invite mode). */
    public CompletableFuture<GroupExtRsp> inviteToGroup(int groupId, List<Integer> userIds) {
        return groupMembersOp(GroupExtCommandId.INVITE_REQ, groupMembersReq(groupId, userIds));
    }

    public CompletableFuture<GroupExtRsp> setGroupJoinMode(int groupId, JoinMode mode) {
        return groupSettingsOp(GroupExtCommandId.SETTINGS_REQ, GroupSettingsReq.newBuilder().setJoinMode(mode), groupId);
    }

    public CompletableFuture<GroupExtRsp> setGroupInviteMode(int groupId, InviteMode mode) {
        return groupSettingsOp(GroupExtCommandId.SETTINGS_REQ, GroupSettingsReq.newBuilder().setInviteMode(mode), groupId);
    }

    /** The group system notice a message carries, if it is one. */
    public static Optional<GroupNotice> groupNotice(IMMsgData msg) {
        return MsgTypes.isGroup(msg.getMsgType()) ? GroupNotice.fromMsgData(msg.getMsgData()) : Optional.empty();
    }

    private GroupMembersReq.Builder groupMembersReq(int groupId, List<Integer> userIds) {
        return GroupMembersReq.newBuilder().setUserId(userId).setGroupId(groupId).addAllTargetIds(userIds);
    }

    private CompletableFuture<GroupExtRsp> groupMembersOp(int commandId, GroupMembersReq.Builder body) {
        return request(commandId, body.build(), GroupExtCommandId.response(commandId), GroupExtRsp.parser());
    }

    private CompletableFuture<GroupExtRsp> groupSettingsOp(int commandId, GroupSettingsReq.Builder body, int groupId) {
        return request(commandId, body.setUserId(userId).setGroupId(groupId).build(), GroupExtCommandId.response(commandId),
                GroupExtRsp.parser());
    }

    private CompletableFuture<GroupExtRsp> groupEdit(GroupEditReq.Builder body, int groupId) {
        return request(GroupExtCommandId.EDIT_REQ, body.setUserId(userId).setGroupId(groupId).build(),
                GroupExtCommandId.response(GroupExtCommandId.EDIT_REQ), GroupExtRsp.parser());
    }

    private CompletableFuture<GroupExtRsp> groupQuery(int commandId, int groupId) {
        return request(commandId, GroupQueryReq.newBuilder().setUserId(userId).setGroupId(groupId).build(),
                GroupExtCommandId.response(commandId), GroupExtRsp.parser());
    }

    // ------------------------------------------------------------------------------------------
    // devices, push

    /** Registers the push token of this (mobile) device; the client type comes from the config. */
    public CompletableFuture<IMDeviceTokenRsp> deviceToken(String token) {
        return request(CommandId.CID_LOGIN_REQ_DEVICETOKEN, IMLogin.IMDeviceTokenReq.newBuilder()
                        .setUserId(userId).setDeviceToken(token).setClientType(cfg.clientType()).build(),
                CommandId.CID_LOGIN_RES_DEVICETOKEN, IMDeviceTokenRsp.parser());
    }

    /** Do-not-disturb for pushes on (true) or off. */
    public CompletableFuture<IMPushShieldRsp> pushShield(boolean on) {
        return request(CommandId.CID_LOGIN_REQ_PUSH_SHIELD, IMLogin.IMPushShieldReq.newBuilder()
                        .setUserId(userId).setShieldStatus(on ? 1 : 0).build(),
                CommandId.CID_LOGIN_RES_PUSH_SHIELD, IMPushShieldRsp.parser());
    }

    public CompletableFuture<IMQueryPushShieldRsp> queryPushShield() {
        return request(CommandId.CID_LOGIN_REQ_QUERY_PUSH_SHIELD,
                IMLogin.IMQueryPushShieldReq.newBuilder().setUserId(userId).build(),
                CommandId.CID_LOGIN_RES_QUERY_PUSH_SHIELD, IMQueryPushShieldRsp.parser());
    }

    /** From a mobile client: log out every PC client of the same user (0x010a). */
    public CompletableFuture<IMKickPCClientRsp> kickPcClients() {
        return request(CommandId.CID_LOGIN_REQ_KICKPCCLIENT,
                IMLogin.IMKickPCClientReq.newBuilder().setUserId(userId).build(),
                CommandId.CID_LOGIN_RES_KICKPCCLIENT, IMKickPCClientRsp.parser());
    }

    // ------------------------------------------------------------------------------------------
    // generic

    /**
     * Sends {@code body} under {@code commandId} with a fresh seq and completes with the frame
     * that carries the same seq and {@code responseCommandId}, parsed with {@code parser}.
     * Fails with {@link NotConnectedException} unless logged in.
     */
    public <R extends Message> CompletableFuture<R> request(int commandId, Message body, int responseCommandId,
                                                           Parser<R> parser) {
        CompletableFuture<R> result = new CompletableFuture<>();
        boolean queued = onLoop(() -> {
            Connection conn = current;
            if (state != ClientState.LOGGED_IN || conn == null || !conn.loggedIn) {
                result.completeExceptionally(notConnected());
                return;
            }
            conn.request(commandId, body, responseCommandId, parser).whenComplete((r, e) -> complete(result, r, e));
        });
        if (!queued) {
            result.completeExceptionally(notConnected());
        }
        return result;
    }

    /**
     * Writes a frame exactly as given (seq included) on the current connection, logged in or not.
     * Nothing is matched against its answer; answers arrive as {@link ClientListener#onPush}.
     *
     * @throws NotConnectedException if there is no connection
     */
    public void sendRaw(Pdu pdu) {
        Connection conn = live;
        if (conn == null || conn.channel == null || !conn.channel.isActive()) {
            throw notConnected();
        }
        conn.channel.writeAndFlush(pdu);
    }

    /** Writes a frame that has no answer, with a fresh seq as TeamTalk clients do. */
    private void fireAndForget(int commandId, Message body) {
        if (state != ClientState.LOGGED_IN) {
            throw notConnected();
        }
        onLoop(() -> {
            Connection conn = current;
            if (conn != null && conn.loggedIn) {
                conn.channel.writeAndFlush(Pdu.of(commandId, conn.pending.nextSeq(), body));
            }
        });
    }

    // ------------------------------------------------------------------------------------------
    // helpers

    private NotConnectedException notConnected() {
        ClientState s = state;
        return new NotConnectedException(s == ClientState.RECONNECTING ? "not logged in: reconnecting"
                : s == ClientState.CLOSED ? "client is closed" : "not logged in (" + s + ")");
    }

    /** Runs {@code task} on the event loop (now, if already there); false if the loop is gone. */
    private boolean onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void callListener(Consumer<ClientListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            log.warn("{}: listener failed", cfg.user(), e);
        }
    }

    private static <T> void complete(CompletableFuture<T> f, T value, Throwable error) {
        if (error != null) {
            f.completeExceptionally(unwrap(error));
        } else {
            f.complete(value);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static int now() {
        return (int) (System.currentTimeMillis() / 1000);
    }

    // ------------------------------------------------------------------------------------------

    /**
     * One TCP connection: its pending requests and the inbound end of its pipeline. Answers are
     * matched by seq and command ({@link PendingRequests}: clients' frames carry no attach_data);
     * everything else is a push, dispatched by command to the listener, and a command without a
     * handler here reaches {@link ClientListener#onPush}.
     */
    private final class Connection extends PduDispatcher {
        final InetSocketAddress remote;
        final PendingRequests pending = new PendingRequests(loop, cfg.strictParsing(), new SeqCounter());
        Channel channel;
        boolean loggedIn;
        boolean kicked;
        boolean userClosed;
        Throwable closeCause;

        Connection(InetSocketAddress remote) {
            this(remote, new CommandRegistry());
        }

        private Connection(InetSocketAddress remote, CommandRegistry pushes) {
            super(cfg.user() + "@" + remote, pushes);
            this.remote = remote;
            registerPushes(pushes);
        }

        /** The pushes this connection handles itself: one registry per connection, as they act on its state. */
        private void registerPushes(CommandRegistry pushes) {
            pushes.register(CommandId.CID_MSG_DATA, IMMsgData.parser(), (ctx, pdu, m) -> {
                        if (cfg.autoAck() && loggedIn) {
                            channel.writeAndFlush(Pdu.of(CommandId.CID_MSG_DATA_ACK, pending.nextSeq(), receiverAck(m)));
                        }
                        callListener(l -> l.onMessage(m));
                    })
                    .register(CommandId.CID_LOGIN_KICK_USER, IMKickUser.parser(), (ctx, pdu, k) -> {
                        kicked = true;
                        KickReasonType reason = k.getKickReason();
                        closeCause = new KickedException(reason);
                        log.debug("{}: kicked by {} ({})", cfg.user(), remote, reason);
                        callListener(l -> l.onKicked(k));
                        if (cfg.closeOnKick()) {
                            closeWith(null);
                        }
                    })
                    .register(CommandId.CID_MSG_READ_NOTIFY, IMMessage.IMMsgDataReadNotify.parser(),
                            (ctx, pdu, n) -> callListener(l -> l.onReadNotify(n)))
                    .register(CommandId.CID_BUDDY_LIST_STATUS_NOTIFY, IMBuddy.IMUserStatNotify.parser(),
                            (ctx, pdu, n) -> callListener(l -> l.onUserStatus(n)))
                    .register(CommandId.CID_GROUP_CHANGE_MEMBER_NOTIFY, IMGroup.IMGroupChangeMemberNotify.parser(),
                            (ctx, pdu, n) -> callListener(l -> l.onGroupChangeMember(n)))
                    .register(CommandId.CID_BUDDY_LIST_SIGN_INFO_CHANGED_NOTIFY, IMBuddy.IMSignInfoChangedNotify.parser(),
                            (ctx, pdu, n) -> callListener(l -> l.onSignInfoChanged(n)))
                    .register(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_NOTIFY, IMBuddy.IMRemoveSessionNotify.parser(),
                            (ctx, pdu, n) -> callListener(l -> l.onRemoveSession(n)))
                    .register(CommandId.CID_SWITCH_P2P_CMD, IMP2PCmdMsg.parser(),
                            (ctx, pdu, n) -> callListener(l -> l.onP2P(n)))
                    .register(CommandId.CID_BUDDY_LIST_PC_LOGIN_STATUS_NOTIFY, IMBuddy.IMPCLoginStatusNotify.parser(),
                            (ctx, pdu, n) -> callListener(l -> l.onPcLoginStatus(n)))
                    .register(CommandId.CID_FILE_NOTIFY, IMFile.IMFileNotify.parser(),
                            (ctx, pdu, n) -> callListener(l -> l.onFileNotify(n)));
        }

        <R extends Message> CompletableFuture<R> request(int commandId, Message body, int responseCommandId,
                                                        Parser<R> parser) {
            int seq;
            try {
                seq = pending.nextSeq();
            } catch (TeamTalkException e) {
                return CompletableFuture.failedFuture(e);
            }
            CompletableFuture<R> f = pending.register(seq, commandId, responseCommandId, parser, cfg.requestTimeout());
            channel.writeAndFlush(Pdu.of(commandId, seq, body)).addListener(w -> {
                if (!w.isSuccess()) {
                    pending.fail(seq, new ConnectionLostException("cannot send " + CommandId.name(commandId)
                            + ": " + w.cause().getMessage(), w.cause()));
                }
            });
            return f;
        }

        /** Closes the channel; {@code cause} (if not null) is what listeners and pending requests see. */
        void closeWith(Throwable cause) {
            if (cause != null && closeCause == null) {
                closeCause = cause;
            }
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Pdu pdu) throws Exception {
            if (pdu.seq() != 0 && pending.complete(pdu)) {
                return;
            }
            if (pdu.commandId() == CommandId.CID_OTHER_HEARTBEAT) {
                // the echo of ours; reading it already reset the idle timer. It may bring a fresh token.
                if (pdu.body().length > 0) {
                    try {
                        IMOther.IMHeartBeat hb = pdu.parse(IMOther.IMHeartBeat.parser());
                        if (hb.hasTtSessionToken()) {
                            sessionToken = hb.getTtSessionToken();
                        }
                    } catch (InvalidProtocolBufferException e) {
                        log.debug("{}: unreadable heartbeat from the server: {}", cfg.user(), e.toString());
                    }
                }
                return;
            }
            super.channelRead0(ctx, pdu);
        }

        @Override
        protected Message parse(CommandRegistry.Registration<?> registration, Pdu pdu)
                throws InvalidProtocolBufferException {
            return (Message) (cfg.strictParsing() ? registration.parse(pdu) : registration.parsePartial(pdu));
        }

        @Override
        protected void notRegistered(ChannelHandlerContext ctx, Pdu pdu) {
            callListener(l -> l.onPush(pdu));
        }

        /** A push that does not parse is reported; the connection stays up. */
        @Override
        protected void malformedBody(ChannelHandlerContext ctx, Pdu pdu, InvalidProtocolBufferException e) {
            log.warn("{}: malformed {} from {}: {}", cfg.user(), pdu, remote, e.getMessage());
            callListener(l -> l.onProtocolError(pdu, e));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                IdleState idle = ((IdleStateEvent) evt).state();
                if (idle == IdleState.WRITER_IDLE) {
                    ctx.writeAndFlush(Pdu.heartbeat());
                } else if (idle == IdleState.READER_IDLE) {
                    closeWith(new ConnectionLostException("nothing received from msg-server " + remote + " for "
                            + 3 * cfg.heartbeat().toMillis() + " ms; connection considered dead"));
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("{}: connection error with {}: {}", cfg.user(), remote, cause.toString());
            closeWith(new ConnectionLostException("connection error with msg-server " + remote + ": " + cause.getMessage(),
                    cause));
        }
    }

    /** Blocks until the first connect completes; for tools and tests that run outside the loop. */
    public IMLoginRes connectAndWait(Duration timeout) throws Exception {
        try {
            return connect().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = unwrap(e);
            if (c instanceof Exception) {
                throw (Exception) c;
            }
            throw e;
        }
    }
}

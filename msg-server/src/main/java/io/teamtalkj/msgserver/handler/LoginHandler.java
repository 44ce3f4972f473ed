package io.teamtalkj.msgserver.handler;

import io.teamtalkj.pdu.ClientClass;
import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import com.mogujie.tt.protobuf.IMBaseDefine.KickReasonType;
import com.mogujie.tt.protobuf.IMBaseDefine.ResultType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserStatType;
import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoReq;
import com.mogujie.tt.protobuf.IMBuddy.IMUsersInfoRsp;
import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMServer.IMServerKickUser;
import com.mogujie.tt.protobuf.IMServer.IMValidateReq;
import com.mogujie.tt.protobuf.IMServer.IMValidateRsp;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.msgserver.cluster.Relay;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.Kicker;
import io.teamtalkj.msgserver.session.SessionTokens;
import io.teamtalkj.net.IdleTimeoutHandler;
import io.teamtalkj.net.IntervalLog;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import io.teamtalkj.pdu.internal.ContactsReq;
import io.teamtalkj.pdu.internal.ContactsRsp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_LOGIN_REQ_USERLOGIN (0x0103): validates through the dbproxy (the password, or a session token
 * of this cluster in {@code tt_session_token}, see {@link SessionTokens}), then makes the connection the
 * user's only one of its device class in the cluster (older ones are kicked here and, through the
 * route-server, on other msg-servers), raises the idle timeout to the PC or mobile value, reports
 * the login to the login-servers and route-servers, and answers IMLoginRes with the user's info.
 * Refusals carry TeamTalk's result codes and close the connection.
 */
final class LoginHandler implements PduHandler<IMLoginReq> {
    private static final Logger log = LoggerFactory.getLogger(LoginHandler.class);
    private static final IntervalLog FAULTS = new IntervalLog(log);

    /** A token not accepted and no password to fall back on: the client should log in with it. */
    static final String EXPIRED_TEXT = "session expired, log in with the password";

    private final MsgServerContext ctx;
    private final Kicker kicker;

    LoginHandler(MsgServerContext ctx, Kicker kicker) {
        this.ctx = ctx;
        this.kicker = kicker;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMLoginReq req) {
        ClientSession session = ClientSession.of(channel.channel());
        if (!session.beginLogin()) {
            log.debug("ignoring a second login on {}", session); // TeamTalk ignores it too
            return;
        }
        if (ctx.sessions().connectionCount() >= ctx.config().maxConnections) {
            refuse(session, pdu, ResultType.REFUSE_REASON_MSG_SERVER_FULL, "msg-server full");
            return;
        }
        if (!ctx.db().anyUp()) {
            refuse(session, pdu, ResultType.REFUSE_REASON_NO_DB_SERVER, "no database server");
            return;
        }
        UserStatType status = req.getOnlineStatus();
        if (req.hasTtSessionToken() && ctx.tokens().enabled()) {
            SessionTokens.Verified token = ctx.tokens().verify(req.getTtSessionToken().toByteArray(), req.getUserName(),
                    ctx.millis());
            if (token.ok()) {
                byToken(channel.channel(), session, pdu, req, status, token.userId());
                return;
            }
            ctx.stats().tokensRefused.increment();
            log.debug("session token of '{}' from {} not accepted: {}", req.getUserName(), session.peer(), token.check());
            if (req.getPassword().isEmpty()) {
                refuse(session, pdu, ResultType.REFUSE_REASON_DB_VALIDATE_FAILED, EXPIRED_TEXT);
                return;
            }
        }
        byPassword(channel.channel(), session, pdu, req, status);
    }

    /** The dbproxy checks the password (PBKDF2 there, ~25 ms of its CPU). */
    private void byPassword(Channel ch, ClientSession session, Pdu pdu, IMLoginReq req, UserStatType status) {
        ctx.stats().passwordChecks.increment();
        IMValidateReq validate = IMValidateReq.newBuilder().setUserName(req.getUserName()).setPassword(req.getPassword()).build();
        onReply(ch, session, pdu, req,
                ctx.db().call(CommandId.CID_OTHER_VALIDATE_REQ, validate.toByteArray(), req.getUserName().hashCode()),
                reply -> validated(session, pdu, req, status, reply));
    }

    /**
     * Runs {@code then} with the dbproxy's answer on the connection's event loop while the client
     * is still connected; a failed call refuses the login.
     */
    private void onReply(Channel ch, ClientSession session, Pdu pdu, IMLoginReq req, CompletableFuture<Pdu> call,
                         Consumer<Pdu> then) {
        call.whenComplete((reply, err) -> ch.eventLoop().execute(() -> {
            if (!ch.isActive()) {
                return;
            }
            if (err != null) {
                // thousands of clients re-logging in at once must not write a line each
                FAULTS.hit("logins refused: the dbproxy failed", "'" + req.getUserName() + "' from "
                        + session.peer() + ": " + err.getMessage());
                refuse(session, pdu, ResultType.REFUSE_REASON_NO_DB_SERVER, "database unavailable");
                return;
            }
            then.accept(reply);
        }));
    }

    /**
     * A verified session token: only the profile is read (one primary-key SELECT), so a user who
     * was disabled or removed since the token was issued is not let in. A user not found active
     * falls back to the password when one was sent; that check gives the authoritative answer
     * (and the empty answer of a failed profile query is not taken for "no such user").
     */
    private void byToken(Channel ch, ClientSession session, Pdu pdu, IMLoginReq req, UserStatType status, int userId) {
        IMUsersInfoReq info = IMUsersInfoReq.newBuilder().setUserId(userId).addUserIdList(userId).build();
        onReply(ch, session, pdu, req,
                ctx.db().call(CommandId.CID_BUDDY_LIST_USER_INFO_REQUEST, info.toByteArray(), Conversations.user(userId)),
                reply -> {
                    UserInfo user = activeProfile(reply, userId);
                    if (user != null) {
                        ctx.stats().loginsByToken.increment();
                        loggedIn(session, pdu, req, status, user);
                    } else if (!req.getPassword().isEmpty()) {
                        byPassword(ch, session, pdu, req, status);
                    } else {
                        log.info("login of '{}' from {} on a session token refused: user {} not active",
                                req.getUserName(), session.peer(), userId);
                        refuse(session, pdu, ResultType.REFUSE_REASON_DB_VALIDATE_FAILED, EXPIRED_TEXT);
                    }
                });
    }

    /** The user's profile if the answer holds it with status 0 (active), else null. */
    private static UserInfo activeProfile(Pdu reply, int userId) {
        try {
            for (UserInfo u : reply.parse(IMUsersInfoRsp.parser()).getUserInfoListList()) {
                if (u.getUserId() == userId && u.getStatus() == 0) {
                    return u;
                }
            }
        } catch (Exception e) {
            log.debug("profile of user {} unreadable: {}", userId, e.toString());
        }
        return null;
    }

    private void validated(ClientSession session, Pdu pdu, IMLoginReq req, UserStatType status, Pdu reply) {
        IMValidateRsp rsp;
        try {
            rsp = reply.parse(IMValidateRsp.parser());
        } catch (Exception e) {
            refuse(session, pdu, ResultType.REFUSE_REASON_NO_DB_SERVER, "bad answer from the database server");
            return;
        }
        if (rsp.getResultCode() != 0 || !rsp.hasUserInfo()) {
            log.info("login of '{}' from {} refused: {}", req.getUserName(), session.peer(), rsp.getResultCode());
            refuse(session, pdu, ResultType.REFUSE_REASON_DB_VALIDATE_FAILED, rsp.getResultString());
            return;
        }
        loggedIn(session, pdu, req, status, rsp.getUserInfo());
    }

    private void loggedIn(ClientSession session, Pdu pdu, IMLoginReq req, UserStatType status, UserInfo user) {
        int userId = user.getUserId();
        ClientType type = req.getClientType();
        session.authenticated(userId, type, status);
        session.loginName(req.getUserName());
        session.nick(user.getUserNickName());
        session.deviceId(io.teamtalkj.msgserver.push.DeviceIds.of(req, userId));
        List<ClientSession> displaced = ctx.sessions().add(session);
        for (ClientSession old : displaced) {
            kicker.kick(old, KickReasonType.KICK_REASON_DUPLICATE_USER);
        }
        io.teamtalkj.msgserver.push.PhoneStateReports.loggedIn(ctx, session);
        ClientClass deviceClass = ClientClass.of(type);
        // the same class on other msg-servers gives way too
        ctx.relay().relay(CommandId.CID_OTHER_SERVER_KICK_USER,
                IMServerKickUser.newBuilder().setUserId(userId).setClientType(type)
                        .setReason(KickReasonType.KICK_REASON_DUPLICATE_USER_VALUE).build(),
                List.of(userId), deviceClass.bit);
        IdleTimeoutHandler idle = IdleTimeoutHandler.of(session.channel());
        if (idle != null) {
            idle.setTimeout(deviceClass == ClientClass.MOBILE ? ctx.config().mobileIdleTimeout : ctx.config().pcIdleTimeout);
        }
        ctx.login().userLoggedIn(userId);
        ctx.stats().loginsOk.increment();
        IMLoginRes.Builder res = IMLoginRes.newBuilder()
                .setServerTime(ctx.now())
                .setResultCode(ResultType.REFUSE_REASON_NONE)
                .setResultString("")
                .setOnlineStatus(status)
                // TeamTalk answers a successful login with status 0 whatever the row says
                .setUserInfo(user.getStatus() == 0 ? user : user.toBuilder().setStatus(0).build());
        if (ctx.tokens().enabled()) {
            long now = ctx.millis();
            res.setTtSessionToken(ByteString.copyFrom(ctx.tokens().issue(userId, req.getUserName(), now)));
            session.tokenIssued(now);
            ctx.stats().tokensIssued.increment();
        }
        session.send(Pdu.of(CommandId.CID_LOGIN_RES_USERLOGIN, pdu.seq(), res.build()));
        log.debug("user {} ('{}', {}) logged in from {}", userId, req.getUserName(), type, session.peer());
        reportOnline(session);
    }

    /**
     * Tells the route-servers, with the user's contacts (recent 1:1 peers and department members,
     * from the dbproxy) so status changes reach only the people who care.
     */
    private void reportOnline(ClientSession session) {
        if (ctx.relay() == Relay.NONE) {
            return; // running alone: nobody to tell
        }
        // reported even while no route-server link is up: the route client replays what it was told
        // to each route-server that comes up
        int userId = session.userId();
        ContactsReq req = ContactsReq.newBuilder().setUserId(userId).build();
        ctx.db().call(InternalCommandId.CID_INTERNAL_CONTACTS_REQ, req.toByteArray(), Conversations.user(userId))
                .whenComplete((reply, err) -> session.channel().eventLoop().execute(() -> {
                    if (!session.isAuthenticated()) {
                        return; // gone or kicked before we got here: nothing to report
                    }
                    List<Integer> contacts = List.of();
                    if (err == null) {
                        try {
                            contacts = reply.parse(ContactsRsp.parser()).getContactIdsList();
                        } catch (Exception e) {
                            log.debug("contacts of user {} unreadable: {}", userId, e.toString());
                        }
                    } else {
                        log.debug("contacts of user {} not known: {}", userId, err.toString());
                    }
                    ctx.relay().userOnline(userId, session.clientType(), contacts);
                    session.reportedOnline(true);
                }));
    }

    private void refuse(ClientSession session, Pdu pdu, ResultType result, String text) {
        ctx.stats().loginsRefused.increment();
        IMLoginRes res = IMLoginRes.newBuilder().setServerTime(ctx.now()).setResultCode(result)
                .setResultString(text == null ? "" : text).build();
        session.sendAndClose(Pdu.of(CommandId.CID_LOGIN_RES_USERLOGIN, pdu.seq(), res));
    }
}

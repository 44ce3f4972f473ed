package io.teamtalkj.msgserver.handler;

import com.google.protobuf.Message;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.MsgServerContext;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;

/**
 * A query the dbproxy answers and nothing else follows from: recent sessions, user info, all
 * users, departments, unread counts, history, latest msg id, messages by id, group list, group
 * info, create group, group shield, push shield and its query, change avatar.
 * The user id in the request is the session's, whatever the client wrote.
 */
final class DbQueryHandler<M extends Message> implements PduHandler<M> {
    /** The request with its user_id set: typed per command, so nothing is looked up per query. */
    @FunctionalInterface
    interface AsUser<M> {
        M withUserId(M request, int userId);
    }

    private final MsgServerContext ctx;
    private final AsUser<M> asUser;

    DbQueryHandler(MsgServerContext ctx, AsUser<M> asUser) {
        this.ctx = ctx;
        this.asUser = asUser;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, M request) {
        ClientSession session = ClientSession.of(channel.channel());
        ClientReplies.forward(ctx, session, pdu, asUser.withUserId(request, session.userId()),
                Conversations.user(session.userId()), null);
    }
}

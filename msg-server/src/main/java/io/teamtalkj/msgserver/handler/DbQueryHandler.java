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
    private final MsgServerContext ctx;

    DbQueryHandler(MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, M request) {
        ClientSession session = ClientSession.of(channel.channel());
        ClientReplies.forward(ctx, session, pdu, ClientReplies.asSessionUser(request, session),
                Conversations.user(session.userId()), null);
    }
}

package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionReq;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.ReadPositions;
import io.teamtalkj.dbproxy.storage.RecentSessions;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;

/**
 * CID_BUDDY_LIST_REMOVE_SESSION_REQ (0x0206): hides a session from the recent list (status 1)
 * until the next message. A removed one-to-one session is also marked read (its unread count
 * would otherwise come back with every unread request). Result 0, or 1 when there is no such
 * session. Keyed like the conversation's stores so the unread field is not cleared under a
 * concurrent store.
 */
public final class RemoveSessionHandler implements DbHandler<IMRemoveSessionReq> {
    @Override
    public int commandId() {
        return CommandId.CID_BUDDY_LIST_REMOVE_SESSION_REQ;
    }

    @Override
    public Parser<IMRemoveSessionReq> parser() {
        return IMRemoveSessionReq.parser();
    }

    @Override
    public long orderingKey(IMRemoveSessionReq m) {
        return m.getSessionType() == SessionType.SESSION_TYPE_GROUP ? Conversations.group(m.getSessionId())
                : Conversations.pair(m.getUserId(), m.getSessionId());
    }

    @Override
    public Reply handle(IMRemoveSessionReq m, DbContext ctx) throws Exception {
        int uid = m.getUserId();
        int sid = m.getSessionId();
        boolean done;
        try (Connection c = ctx.storage().connection()) {
            if (m.getSessionType() == SessionType.SESSION_TYPE_GROUP) {
                // A member may have no row yet (only senders get one when they write); the removal
                // must still be recorded, or the group would keep showing in the recent list.
                if (ctx.groupMembers().isMember(sid, uid)) {
                    RecentSessions.upsertGroupRemoved(c, uid, sid, ctx.now());
                    done = true;
                } else {
                    done = RecentSessions.markRemoved(c, uid, sid, RecentSessions.GROUP, ctx.now());
                }
            } else {
                done = RecentSessions.markRemoved(c, uid, sid, RecentSessions.SINGLE, ctx.now());
                if (done) {
                    ReadPositions.markSingleRead(ctx.relations(), ctx.storage().redis(), c, uid, sid, ctx.now());
                }
            }
        }
        return reply(m, done ? 0 : 1);
    }

    @Override
    public Reply onFailure(IMRemoveSessionReq m, Failure failure, String reason) {
        return reply(m, 1);
    }

    private static Reply reply(IMRemoveSessionReq m, int result) {
        IMRemoveSessionRsp.Builder b = IMRemoveSessionRsp.newBuilder().setUserId(m.getUserId()).setResultCode(result)
                .setSessionType(m.getSessionType()).setSessionId(m.getSessionId());
        return Reply.of(CommandId.CID_BUDDY_LIST_REMOVE_SESSION_RES, b.build());
    }
}

package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.ContactSessionInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionStatusType;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionReq;
import com.mogujie.tt.protobuf.IMBuddy.IMRecentContactSessionRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.MessageReader;
import io.teamtalkj.dbproxy.storage.MessageReader.Row;
import io.teamtalkj.dbproxy.storage.RecentSessions;
import io.teamtalkj.dbproxy.storage.RecentSessions.Recent;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.util.ArrayList;
import java.util.List;

/**
 * CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST (0x0201): sessions changed after
 * latest_update_time, newest first, at most recentSessionCap, each with its latest message.
 *
 * <p>One-to-one sessions are IMRecentSession rows (both sides are written with every message).
 * Group sessions: TeamTalk wrote only the sender's row and copied it to the other members every
 * 5 s in a background thread; here every group the user belongs to counts, dated by
 * IMGroup.lastChated, unless the user removed the session after the group's last message.
 * Sessions without a message the user may see are left out, as in TeamTalk.
 */
public final class RecentSessionHandler implements DbHandler<IMRecentContactSessionReq> {
    @Override
    public int commandId() {
        return CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_REQUEST;
    }

    @Override
    public Parser<IMRecentContactSessionReq> parser() {
        return IMRecentContactSessionReq.parser();
    }

    @Override
    public long orderingKey(IMRecentContactSessionReq m) {
        return Conversations.user(m.getUserId());
    }

    @Override
    public Reply handle(IMRecentContactSessionReq m, DbContext ctx) throws Exception {
        List<Recent> recent = ctx.storage().read(c -> RecentSessions.recent(c, m.getUserId(),
                Integer.toUnsignedLong(m.getLatestUpdateTime()), ctx.config().recentSessionCap));
        List<ContactSessionInfo> out = new ArrayList<>(recent.size());
        for (Recent s : recent) {
            Row last = s.last();
            out.add(ContactSessionInfo.newBuilder().setSessionId(s.id())
                    .setSessionType(s.group() ? SessionType.SESSION_TYPE_GROUP : SessionType.SESSION_TYPE_SINGLE)
                    .setSessionStatus(SessionStatusType.SESSION_STATUS_OK).setUpdatedTime((int) s.updated())
                    .setLatestMsgId((int) last.msgId()).setLatestMsgData(MessageReader.summaryData(last, s.group()))
                    .setLatestMsgType(MessageReader.typeOf(last, s.group())).setLatestMsgFromUserId(last.fromId())
                    .build());
        }
        return reply(m, out);
    }

    @Override
    public Reply onFailure(IMRecentContactSessionReq m, Failure failure, String reason) {
        return reply(m, List.of());
    }

    private static Reply reply(IMRecentContactSessionReq m, List<ContactSessionInfo> sessions) {
        IMRecentContactSessionRsp.Builder b = IMRecentContactSessionRsp.newBuilder().setUserId(m.getUserId())
                .addAllContactSessionList(sessions);
        return Reply.of(CommandId.CID_BUDDY_LIST_RECENT_CONTACT_SESSION_RESPONSE, b.build());
    }
}

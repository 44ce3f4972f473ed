package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMBaseDefine.UnreadInfo;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntReq;
import com.mogujie.tt.protobuf.IMMessage.IMUnreadMsgCntRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.MessageReader;
import io.teamtalkj.dbproxy.storage.MessageReader.Row;
import io.teamtalkj.dbproxy.storage.UnreadCounts;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CID_MSG_UNREAD_CNT_REQUEST (0x0307): one entry per session with unread messages, each with the
 * session's latest message. One-to-one counts come from Redis (rebuilt from MySQL when Redis lost
 * them), group counts from the group's last msg_id and the user's read position. The latest
 * messages of all sessions are read with one query per shard table (TeamTalk: one per session).
 */
public final class UnreadMsgCntHandler implements DbHandler<IMUnreadMsgCntReq> {
    @Override
    public int commandId() {
        return CommandId.CID_MSG_UNREAD_CNT_REQUEST;
    }

    @Override
    public Parser<IMUnreadMsgCntReq> parser() {
        return IMUnreadMsgCntReq.parser();
    }

    @Override
    public long orderingKey(IMUnreadMsgCntReq m) {
        return Conversations.user(m.getUserId());
    }

    @Override
    public Reply handle(IMUnreadMsgCntReq m, DbContext ctx) throws Exception {
        int uid = m.getUserId();
        List<UnreadInfo> infos = new ArrayList<>();
        long total = 0;
        try (Connection c = ctx.storage().connection()) {
            Map<Integer, Long> single = UnreadCounts.single(ctx.storage().redis(), c, uid);
            Map<Integer, Long> relateIds = MessageReader.relateIds(c, uid, single.keySet());
            Map<Long, Row> latestSingle = MessageReader.latest(c, false, relateIds.values());
            for (Map.Entry<Integer, Long> e : single.entrySet()) {
                Long rid = relateIds.get(e.getKey());
                Row last = rid == null ? null : latestSingle.get(rid);
                if (last == null) {
                    continue; // a count without a message to show (messages deleted)
                }
                // TeamTalk puts the peer here, not the sender of the last message
                infos.add(info(e.getKey(), SessionType.SESSION_TYPE_SINGLE, e.getValue(), last, false, e.getKey()));
                total += e.getValue();
            }

            Map<Integer, Long> groups = UnreadCounts.groups(ctx.storage().redis(), c, uid);
            List<Long> gids = groups.keySet().stream().map(Integer::toUnsignedLong).toList();
            Map<Long, Row> latestGroup = MessageReader.latest(c, true, gids);
            for (Map.Entry<Integer, Long> e : groups.entrySet()) {
                Row last = latestGroup.get(Integer.toUnsignedLong(e.getKey()));
                if (last == null) {
                    continue;
                }
                infos.add(info(e.getKey(), SessionType.SESSION_TYPE_GROUP, e.getValue(), last, true, last.fromId()));
                total += e.getValue();
            }
        }
        return reply(m, total, infos);
    }

    private static UnreadInfo info(int sessionId, SessionType type, long count, Row last, boolean group, int from) {
        return UnreadInfo.newBuilder().setSessionId(sessionId).setSessionType(type)
                .setUnreadCnt((int) Math.min(count, 0xFFFF_FFFFL)).setLatestMsgId((int) last.msgId())
                .setLatestMsgData(MessageReader.summaryData(last, group)).setLatestMsgType(MessageReader.typeOf(last, group))
                .setLatestMsgFromUserId(from).build();
    }

    @Override
    public Reply onFailure(IMUnreadMsgCntReq m, Failure failure, String reason) {
        return reply(m, 0, List.of());
    }

    private static Reply reply(IMUnreadMsgCntReq m, long total, List<UnreadInfo> infos) {
        IMUnreadMsgCntRsp.Builder b = IMUnreadMsgCntRsp.newBuilder().setUserId(m.getUserId())
                .setTotalCnt((int) Math.min(total, 0xFFFF_FFFFL)).addAllUnreadinfoList(infos);
        return Reply.of(CommandId.CID_MSG_UNREAD_CNT_RESPONSE, b.build());
    }
}

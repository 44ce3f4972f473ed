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
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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

    private record Session(int id, boolean group, long updated, int joinTime) {
    }

    @Override
    public Reply handle(IMRecentContactSessionReq m, DbContext ctx) throws Exception {
        int uid = m.getUserId();
        long since = Integer.toUnsignedLong(m.getLatestUpdateTime());
        int cap = ctx.config().recentSessionCap;
        List<ContactSessionInfo> out = new ArrayList<>();
        try (Connection c = ctx.storage().connection()) {
            List<Session> sessions = new ArrayList<>(singles(c, uid, since, cap));
            sessions.addAll(groups(c, uid, since));
            sessions.sort(Comparator.comparingLong(Session::updated).reversed());
            if (sessions.size() > cap) {
                sessions = sessions.subList(0, cap);
            }

            List<Integer> peers = new ArrayList<>();
            List<Long> gids = new ArrayList<>();
            for (Session s : sessions) {
                if (s.group()) {
                    gids.add(Integer.toUnsignedLong(s.id()));
                } else {
                    peers.add(s.id());
                }
            }
            Map<Integer, Long> relateIds = MessageReader.relateIds(c, uid, peers);
            Map<Long, Row> latestSingle = MessageReader.latest(c, false, relateIds.values());
            Map<Long, Row> latestGroup = MessageReader.latest(c, true, gids);
            for (Session s : sessions) {
                Row last;
                if (s.group()) {
                    last = latestGroup.get(Integer.toUnsignedLong(s.id()));
                    if (last != null && last.created() < s.joinTime()) {
                        last = null; // everything in the group predates the user's join
                    }
                } else {
                    Long rid = relateIds.get(s.id());
                    last = rid == null ? null : latestSingle.get(rid);
                }
                if (last == null) {
                    continue;
                }
                out.add(ContactSessionInfo.newBuilder().setSessionId(s.id())
                        .setSessionType(s.group() ? SessionType.SESSION_TYPE_GROUP : SessionType.SESSION_TYPE_SINGLE)
                        .setSessionStatus(SessionStatusType.SESSION_STATUS_OK).setUpdatedTime((int) s.updated())
                        .setLatestMsgId((int) last.msgId()).setLatestMsgData(MessageReader.summaryData(last, s.group()))
                        .setLatestMsgType(MessageReader.typeOf(last, s.group())).setLatestMsgFromUserId(last.fromId())
                        .build());
            }
        }
        return reply(m, out);
    }

    private static List<Session> singles(Connection c, int uid, long since, int cap) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT peerId, updated FROM IMRecentSession"
                + " WHERE userId=? AND status=0 AND updated>? AND type=1 ORDER BY updated DESC, id DESC LIMIT ?")) {
            ps.setInt(1, uid);
            ps.setLong(2, since);
            ps.setInt(3, cap);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Session((int) rs.getLong(1), false, rs.getLong(2), 0));
                }
            }
        }
        return out;
    }

    /** The user's groups with activity after {@code since}, minus the sessions the user removed since. */
    private static List<Session> groups(Connection c, int uid, long since) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT g.id, g.lastChated, m.created, s.status, s.updated"
                + " FROM IMGroupMember m JOIN IMGroup g ON g.id=m.groupId AND g.status=0"
                + " LEFT JOIN IMRecentSession s ON s.userId=m.userId AND s.peerId=m.groupId AND s.type=2"
                + " WHERE m.userId=? AND m.status=0 AND (g.lastChated>? OR (s.status=0 AND s.updated>?))")) {
            ps.setInt(1, uid);
            ps.setLong(2, since);
            ps.setLong(3, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long lastChated = rs.getLong(2);
                    int status = rs.getInt(4);
                    boolean hasRow = !rs.wasNull();
                    long rowUpdated = rs.getLong(5);
                    long updated;
                    if (!hasRow) {
                        updated = lastChated;
                    } else if (status == 0) {
                        updated = Math.max(lastChated, rowUpdated);
                    } else if (rowUpdated >= lastChated) {
                        continue; // removed, and nothing was said in the group since
                    } else {
                        updated = lastChated;
                    }
                    if (updated > since) {
                        out.add(new Session((int) rs.getLong(1), true, updated, (int) rs.getLong(3)));
                    }
                }
            }
        }
        return out;
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

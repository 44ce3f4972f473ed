package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.internal.ContactsReq;
import io.teamtalkj.pdu.internal.ContactsRsp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * CID_INTERNAL_CONTACTS_REQ (0x0802, TeamTalk-J): the users a user's status changes concern, its
 * recent 1:1 contacts and its department's members (TeamTalk's PC clients show the department
 * tree with presence), at most {@link #MAX_CONTACTS}. Two indexed queries, asked once per login.
 */
public final class ContactsHandler implements DbHandler<ContactsReq> {
    static final int MAX_CONTACTS = 5_000;

    @Override
    public int commandId() {
        return InternalCommandId.CID_INTERNAL_CONTACTS_REQ;
    }

    @Override
    public Parser<ContactsReq> parser() {
        return ContactsReq.parser();
    }

    @Override
    public long orderingKey(ContactsReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(ContactsReq req, DbContext ctx) throws Exception {
        long user = Integer.toUnsignedLong(req.getUserId());
        Set<Integer> contacts = new LinkedHashSet<>();
        try (Connection c = ctx.storage().connection()) {
            collect(c, "SELECT peerId FROM IMRecentSession WHERE userId=? AND type=1 AND status=0 ORDER BY updated DESC LIMIT "
                    + MAX_CONTACTS, user, contacts);
            collect(c, "SELECT u.id FROM IMUser u JOIN IMUser me ON me.id=? AND me.departId<>0 AND u.departId=me.departId "
                    + "WHERE u.status=0 LIMIT " + MAX_CONTACTS, user, contacts);
        }
        contacts.remove(req.getUserId());
        return reply(req, contacts);
    }

    private static void collect(Connection c, String sql, long user, Set<Integer> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && into.size() < MAX_CONTACTS) {
                    into.add((int) rs.getLong(1));
                }
            }
        }
    }

    private static Reply reply(ContactsReq req, Set<Integer> contacts) {
        ContactsRsp.Builder b = ContactsRsp.newBuilder().setUserId(req.getUserId()).addAllContactIds(contacts);
        return Reply.of(InternalCommandId.CID_INTERNAL_CONTACTS_RSP, b.build());
    }

    @Override
    public Reply onFailure(ContactsReq req, Failure failure, String reason) {
        return reply(req, Set.of());
    }
}

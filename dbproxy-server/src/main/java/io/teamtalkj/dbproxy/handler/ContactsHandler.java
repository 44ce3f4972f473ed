package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.RecentSessions;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.internal.ContactsReq;
import io.teamtalkj.pdu.internal.ContactsRsp;
import java.sql.Connection;
import java.util.LinkedHashSet;
import java.util.List;
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
        Set<Integer> contacts = new LinkedHashSet<>();
        try (Connection c = ctx.storage().connection()) {
            addUpToCap(RecentSessions.recentPeers(c, req.getUserId(), MAX_CONTACTS), contacts);
            addUpToCap(Users.departmentMates(c, req.getUserId(), MAX_CONTACTS), contacts);
        }
        contacts.remove(req.getUserId());
        return reply(req, contacts);
    }

    private static void addUpToCap(List<Integer> ids, Set<Integer> into) {
        for (int id : ids) {
            if (into.size() >= MAX_CONTACTS) {
                return;
            }
            into.add(id);
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

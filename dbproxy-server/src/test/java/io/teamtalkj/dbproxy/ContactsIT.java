package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.testing.DbProxyFixture;
import io.teamtalkj.dbproxy.testing.DirectoryRows;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.internal.ContactsReq;
import io.teamtalkj.pdu.internal.ContactsRsp;
import io.teamtalkj.testing.PduTestClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whom a user's status concerns: recent 1:1 contacts and department members, never the user. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ContactsIT {
    @RegisterExtension
    final DbProxyFixture db = new DbProxyFixture();

    @Test
    void recentContactsAndDepartmentMembers() throws Exception {
        // DirectoryRows puts user id N in department 10 + N % 4: 1, 5 and 9 share department 11
        for (int id = 1; id <= 9; id++) {
            DirectoryRows.user(db.config(), id, "c" + id, "pw", "12", id == 9 ? 3 : 0, 1_600_000_000);
        }
        try (PduTestClient client = PduTestClient.connect(db.port())) {
            MsgFixtures.text(client, 1, 2, "hi");   // a recent contact in another department
            MsgFixtures.text(client, 3, 1, "yo");   // and one who wrote to user 1
            client.send(InternalCommandId.CID_INTERNAL_CONTACTS_REQ, 7, ContactsReq.newBuilder().setUserId(1).build());
            var reply = client.receive();
            assertThat(reply.commandId()).isEqualTo(InternalCommandId.CID_INTERNAL_CONTACTS_RSP);
            assertThat(reply.seq()).isEqualTo(7);
            ContactsRsp rsp = reply.parse(ContactsRsp.parser());
            // 2 and 3 from sessions, 5 from the department; 9 is disabled (status 3), 1 is the user
            assertThat(rsp.getContactIdsList()).containsExactlyInAnyOrder(2, 3, 5);
        }
    }
}

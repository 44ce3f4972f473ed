package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.testing.DirectoryRows;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.InternalCommandId;
import io.teamtalkj.pdu.internal.ContactsReq;
import io.teamtalkj.pdu.internal.ContactsRsp;
import io.teamtalkj.testing.PduTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whom a user's status concerns: recent 1:1 contacts and department members, never the user. */
class ContactsIT {
    private DbProxyConfig cfg;
    private DbProxyServer server;

    @BeforeEach
    void start() throws Exception {
        cfg = EmbeddedStorage.freshConfig();
        server = DbProxyServer.start(cfg);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void recentContactsAndDepartmentMembers() throws Exception {
        // DirectoryRows puts user id N in department 10 + N % 4: 1, 5 and 9 share department 11
        for (int id = 1; id <= 9; id++) {
            DirectoryRows.user(cfg, id, "c" + id, "pw", "12", id == 9 ? 3 : 0, 1_600_000_000);
        }
        try (PduTestClient client = PduTestClient.connect(server.port())) {
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

package io.teamtalkj.dbproxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.storage.Passwords;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Arranges and reads IMUser rows and makes request/reply round trips for the user-handler tests. */
public final class DirectoryRows {
    private DirectoryRows() {
    }

    /** Inserts a user with a TeamTalk-format password row: md5hex(md5hex(plain) + salt). */
    public static void user(DbProxyConfig cfg, int id, String name, String plainPassword, String salt, int status,
                            int updated) throws SQLException {
        try (Connection c = EmbeddedStorage.jdbc(cfg);
             PreparedStatement ps = c.prepareStatement("INSERT INTO IMUser (id, sex, name, domain, nick, password, salt, "
                     + "phone, email, avatar, departId, status, created, updated, sign_info) "
                     + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setInt(1, id);
            ps.setInt(2, id % 3);
            ps.setString(3, name);
            ps.setString(4, "dom" + id);
            ps.setString(5, "nick" + id);
            ps.setString(6, Passwords.md5Hex(Passwords.md5Hex(plainPassword) + salt));
            ps.setString(7, salt);
            ps.setString(8, "1380000" + id);
            ps.setString(9, "u" + id + "@example.com");
            ps.setString(10, "http://img/" + id + ".png");
            ps.setInt(11, 10 + id % 4);
            ps.setInt(12, status);
            ps.setInt(13, updated);
            ps.setInt(14, updated);
            ps.setString(15, "sign" + id);
            ps.executeUpdate();
        }
    }

    public static String string(DbProxyConfig cfg, String sql, Object... args) throws SQLException {
        try (Connection c = EmbeddedStorage.jdbc(cfg); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public static long number(DbProxyConfig cfg, String sql, Object... args) throws SQLException {
        String s = string(cfg, sql, args);
        return s == null ? -1 : Long.parseLong(s);
    }

    /** Sends a request and parses the reply, checking its command id and that seq was echoed. */
    public static <T extends MessageLite> T call(PduTestClient client, int command, int seq, MessageLite request, int replyCommand,
                             Parser<T> parser) throws IOException, InvalidProtocolBufferException {
        client.send(command, seq, request);
        Pdu reply = client.receive();
        assertThat(reply.commandId()).isEqualTo(replyCommand);
        assertThat(reply.seq()).isEqualTo(seq);
        assertThat(reply.frameLength()).isLessThanOrEqualTo(400 * 1024);
        return reply.parse(parser); // proto2: throws if a required field is missing
    }
}

package io.teamtalkj.dbproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupModifyType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupVersionInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupCreateRsp;
import com.mogujie.tt.protobuf.IMGroup.IMGroupInfoListReq;
import com.mogujie.tt.protobuf.IMGroup.IMGroupInfoListRsp;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.dbproxy.testing.EmbeddedStorage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.testing.PduTestClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Requests and row checks shared by the group and file integration tests. */
final class GroupTestSupport {
    private GroupTestSupport() {
    }

    /** IMUser rows with the given ids (name "user&lt;id&gt;"). */
    static void users(DbProxyConfig cfg, int... ids) throws SQLException {
        try (Connection c = EmbeddedStorage.jdbc(cfg);
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO IMUser (id, name, nick, domain, created, updated) VALUES (?,?,?,?,1,1)")) {
            for (int id : ids) {
                ps.setInt(1, id);
                ps.setString(2, "user" + id);
                ps.setString(3, "nick" + id);
                ps.setString(4, "u" + id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static <T extends MessageLite> T call(PduTestClient client, int cmd, int seq, MessageLite req, int rspCmd,
                                          Parser<T> parser) throws Exception {
        client.send(cmd, seq, req);
        Pdu reply = client.receive();
        assertThat(reply.commandId()).isEqualTo(rspCmd);
        assertThat(reply.seq()).isEqualTo(seq);
        return reply.parse(parser);
    }

    static IMGroupCreateReq createReq(int creator, GroupType type, String name, int... members) {
        IMGroupCreateReq.Builder b = IMGroupCreateReq.newBuilder().setUserId(creator).setGroupType(type)
                .setGroupName(name).setGroupAvatar("http://img/" + name.length() + ".png");
        for (int m : members) {
            b.addMemberIdList(m);
        }
        return b.build();
    }

    static IMGroupCreateRsp create(PduTestClient client, int seq, IMGroupCreateReq req) throws Exception {
        return call(client, CommandId.CID_GROUP_CREATE_REQUEST, seq, req, CommandId.CID_GROUP_CREATE_RESPONSE,
                IMGroupCreateRsp.parser());
    }

    /** Creates a group that must succeed; returns its id. */
    static int createOk(PduTestClient client, int seq, int creator, GroupType type, String name, int... members)
            throws Exception {
        IMGroupCreateRsp rsp = create(client, seq, createReq(creator, type, name, members));
        assertThat(rsp.getResultCode()).isZero();
        assertThat(rsp.hasGroupId()).isTrue();
        return rsp.getGroupId();
    }

    static IMGroupChangeMemberRsp change(PduTestClient client, int seq, int operator, int groupId,
                                         GroupModifyType type, int... users) throws Exception {
        IMGroupChangeMemberReq.Builder b = IMGroupChangeMemberReq.newBuilder().setUserId(operator)
                .setChangeType(type).setGroupId(groupId);
        for (int u : users) {
            b.addMemberIdList(u);
        }
        IMGroupChangeMemberRsp rsp = call(client, CommandId.CID_GROUP_CHANGE_MEMBER_REQUEST, seq, b.build(),
                CommandId.CID_GROUP_CHANGE_MEMBER_RESPONSE, IMGroupChangeMemberRsp.parser());
        assertThat(rsp.getGroupId()).isEqualTo(groupId);
        assertThat(rsp.getChangeType()).isEqualTo(type);
        assertThat(rsp.getUserId()).isEqualTo(operator);
        return rsp;
    }

    static IMGroupInfoListRsp info(PduTestClient client, int seq, int user, int... groupIdVersionPairs) throws Exception {
        IMGroupInfoListReq.Builder b = IMGroupInfoListReq.newBuilder().setUserId(user);
        for (int i = 0; i < groupIdVersionPairs.length; i += 2) {
            b.addGroupVersionList(GroupVersionInfo.newBuilder().setGroupId(groupIdVersionPairs[i])
                    .setVersion(groupIdVersionPairs[i + 1]));
        }
        return call(client, CommandId.CID_GROUP_INFO_REQUEST, seq, b.build(), CommandId.CID_GROUP_INFO_RESPONSE,
                IMGroupInfoListRsp.parser());
    }

    static IMMsgData groupText(PduTestClient client, int seq, int from, int groupId, String text) throws Exception {
        IMMsgData msg = IMMsgData.newBuilder().setFromUserId(from).setToSessionId(groupId).setMsgId(0)
                .setCreateTime(0).setMsgType(MsgType.MSG_TYPE_GROUP_TEXT).setMsgData(ByteString.copyFromUtf8(text))
                .build();
        return call(client, CommandId.CID_MSG_DATA, seq, msg, CommandId.CID_MSG_DATA, IMMsgData.parser());
    }

    /** The first column of every row, as longs. */
    static List<Long> column(DbProxyConfig cfg, String sql, Object... params) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = EmbeddedStorage.jdbc(cfg); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    static long single(DbProxyConfig cfg, String sql, Object... params) throws SQLException {
        List<Long> values = column(cfg, sql, params);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }

    static String text(DbProxyConfig cfg, String sql, Object... params) throws SQLException {
        try (Connection c = EmbeddedStorage.jdbc(cfg); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getString(1);
            }
        }
    }
}

package io.teamtalkj.launcher.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.GroupType;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMBaseDefine.UserInfo;
import io.teamtalkj.client.TeamTalkText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryAndRenderTest {
    static UserInfo user(int id, String name, String nick) {
        return UserInfo.newBuilder().setUserId(id).setUserGender(0).setUserNickName(nick).setAvatarUrl("").setDepartmentId(1)
                .setEmail("").setUserRealName(name).setUserTel("").setUserDomain("").setStatus(0).build();
    }

    static GroupInfo group(int id, String name) {
        return GroupInfo.newBuilder().setGroupId(id).setVersion(1).setGroupName(name).setGroupAvatar("").setGroupCreatorId(1)
                .setGroupType(GroupType.GROUP_TYPE_NORMAL).setShieldStatus(0).build();
    }

    @Test
    void namesResolveByIdNameNickAndUniquePrefix() {
        Directory d = new Directory();
        d.replaceUsers(List.of(user(1, "alice", "Ali"), user(2, "bob", "Bobby"), user(3, "bobette", "B2"), user(40, "carol", "bob")));
        assertThat(d.findUser("2").value().getUserRealName()).isEqualTo("bob");
        assertThat(d.findUser("@ALICE").value().getUserId()).isEqualTo(1);
        // an exact login name beats another user's nick and a longer name with the same start
        assertThat(d.findUser("bob").value().getUserId()).isEqualTo(2);
        assertThat(d.findUser("ali").value().getUserId()).isEqualTo(1); // nick
        assertThat(d.findUser("car").value().getUserId()).isEqualTo(40); // prefix
        Directory.Match<UserInfo> both = d.findUser("bo");
        assertThat(both.ambiguous()).isTrue();
        assertThat(both.candidates()).containsExactly("bob (id 2)", "bobette (id 3)");
        assertThat(d.findUser("zed").found()).isFalse();
        assertThat(d.findUser("zed").ambiguous()).isFalse();
        assertThat(d.userName(40)).isEqualTo("carol");
        assertThat(d.userName(99)).isEqualTo("user 99");
        assertThat(d.users()).extracting(UserInfo::getUserRealName).containsExactly("alice", "bob", "bobette", "carol");

        d.putGroups(List.of(group(7, "lunch"), group(8, "Lunch club")));
        assertThat(d.findGroup("#lunch").value().getGroupId()).isEqualTo(7);
        assertThat(d.findGroup("lunch c").value().getGroupId()).isEqualTo(8);
        assertThat(d.findGroup("8").value().getGroupName()).isEqualTo("Lunch club");
        assertThat(d.groupName(7)).isEqualTo("#lunch");
        assertThat(d.groupName(9)).isEqualTo("#group 9");
    }

    @Test
    void bodiesShowTextImagesAndAudio() {
        assertThat(Render.body(MsgType.MSG_TYPE_SINGLE_TEXT, TeamTalkText.encodeToByteString("你好"))).isEqualTo("你好");
        assertThat(Render.body(MsgType.MSG_TYPE_GROUP_TEXT,
                TeamTalkText.encodeToByteString(Render.IMAGE_START + "http://img/x.png" + Render.IMAGE_END)))
                .isEqualTo("[image http://img/x.png]");
        byte[] audio = ByteBuffer.allocate(10).putInt(7).put(new byte[6]).array();
        assertThat(Render.body(MsgType.MSG_TYPE_SINGLE_AUDIO, ByteString.copyFrom(audio))).isEqualTo("[audio 7 s]");
        // summaries of audio carry encoded text
        assertThat(Render.body(MsgType.MSG_TYPE_GROUP_AUDIO, TeamTalkText.encodeToByteString("[语音]"))).isEqualTo("[语音]");
        // not TeamTalk's encoding: shown as it is
        assertThat(Render.body(MsgType.MSG_TYPE_SINGLE_TEXT, ByteString.copyFrom("plain", StandardCharsets.UTF_8))).isEqualTo("plain");
        assertThat(Render.preview("one\ntwo  three", 100)).isEqualTo("one two  three");
        assertThat(Render.preview("abcdefghij", 6)).isEqualTo("abc...");
    }

    @Test
    void timesAreLocalHoursAndMinutes() {
        Render r = new Render(ZoneId.of("UTC"));
        assertThat(r.time(3600 * 13 + 60 * 7)).isEqualTo("[13:07]");
        assertThat(r.timeOrDate(3600 * 13 + 60 * 7)).isEqualTo("[1970-01-01 13:07]");
        assertThat(r.timeOrDate((int) (System.currentTimeMillis() / 1000))).matches("\\[\\d\\d:\\d\\d]");
    }
}

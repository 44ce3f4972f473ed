package io.teamtalkj.pdu.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.pdu.groupext.NoticeAction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupNoticeTest {
    private static List<GroupNotice.Target> users(String... names) {
        List<GroupNotice.Target> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            out.add(new GroupNotice.Target(10 + i, names[i]));
        }
        return out;
    }

    private static GroupNotice notice(NoticeAction action, List<GroupNotice.Target> targets, String lang) {
        return new GroupNotice(action, 1, "alice", targets, targets.size(), "", 0, "", lang, "");
    }

    @Test
    void englishTextsReadAsTheSeedsWordThem() {
        GroupNotice invite = notice(NoticeAction.NOTICE_INVITE, users("bob", "carol", "dave", "erin", "frank"), "en");
        assertThat(GroupNoticeText.render(invite, 0)).isEqualTo("alice invited bob, carol and 3 others to the group");
        assertThat(GroupNoticeText.render(invite, 10)).isEqualTo("alice invited you, carol and 3 others to the group");
        assertThat(GroupNoticeText.render(notice(NoticeAction.NOTICE_INVITE, users("bob", "carol", "dave"), "en"), 0))
                .isEqualTo("alice invited bob, carol and dave to the group");
        GroupNotice kick = notice(NoticeAction.NOTICE_KICK, users("bob"), "en");
        assertThat(GroupNoticeText.render(kick, 10)).isEqualTo("you were removed by alice");
        assertThat(GroupNoticeText.render(kick, 0)).isEqualTo("alice removed bob from the group");
        GroupNotice quit = notice(NoticeAction.NOTICE_QUIT, List.of(), "en");
        assertThat(GroupNoticeText.render(quit, 1)).isEqualTo("you left the group");
        assertThat(GroupNoticeText.render(quit, 0)).isEqualTo("alice left the group");
    }

    @Test
    void chineseTexts() {
        GroupNotice invite = notice(NoticeAction.NOTICE_INVITE, users("bob", "carol", "dave", "erin", "frank"), "zh");
        assertThat(GroupNoticeText.render(invite, 0)).isEqualTo("alice邀请bob、carol等5人加入了群聊");
        assertThat(GroupNoticeText.render(notice(NoticeAction.NOTICE_KICK, users("bob"), "zh"), 10)).isEqualTo("你被alice移出了群聊");
        assertThat(GroupNoticeText.render(notice(NoticeAction.NOTICE_QUIT, List.of(), "zh"), 1)).isEqualTo("你退出了群聊");
    }

    @Test
    void jsonRoundTripsThroughTeamTalksTextEncodingAndListsAtMostTwentyTargets() {
        List<GroupNotice.Target> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(new GroupNotice.Target(100 + i, "u\"" + i));
        }
        GroupNotice n = new GroupNotice(NoticeAction.NOTICE_MUTE, 1, "al\\ice", many, many.size(), "", 1_900_000_000L,
                "spam\nagain", "en", "");
        n = n.withText(GroupNoticeText.render(n, 0));
        GroupNotice back = GroupNotice.fromMsgData(n.toMsgData()).orElseThrow();
        assertThat(back).isEqualTo(n);
        assertThat(back.targets()).hasSize(GroupNotice.MAX_LISTED);
        assertThat(back.targetTotal()).isEqualTo(30);
        assertThat(back.text()).startsWith("al\\ice muted u\"0, u\"1 and 28 others until 2030-03-17").endsWith("(reason: spam\nagain)");
        assertThat(GroupNotice.parse("hello")).isEmpty();
        assertThat(GroupNotice.parse(GroupNotice.MARKER + "broken")).isEmpty();
    }
}

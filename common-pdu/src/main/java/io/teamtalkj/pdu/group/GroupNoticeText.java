package io.teamtalkj.pdu.group;

import io.teamtalkj.pdu.group.GroupNotice.Target;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link GroupNotice} in English ("alice invited bob, carol and 3 others to the group")
 * or Chinese ("alice邀请bob、carol等5人加入了群聊"). With a viewer id the viewer reads "you"
 * ("you were removed by alice", "you left the group"); with viewer 0 it is the third-person
 * text the server stores.
 */
public final class GroupNoticeText {
    public static final String EN = "en";
    public static final String ZH = "zh";
    /** Names listed before "and N others". */
    static final int NAMES_SHOWN = 2;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private GroupNoticeText() {
    }

    public static boolean isLanguage(String lang) {
        return EN.equals(lang) || ZH.equals(lang);
    }

    /** The text for {@code viewerId} (0 = nobody in particular) in the notice's language. */
    public static String render(GroupNotice n, int viewerId) {
        return ZH.equals(n.lang()) ? zh(n, viewerId) : en(n, viewerId);
    }

    private static String en(GroupNotice n, int viewer) {
        String op = n.operatorId() == viewer && viewer != 0 ? "you" : opName(n, "the administrator");
        boolean viewerTarget = viewer != 0 && n.targetIds().contains(viewer);
        String t = targets(n.targets(), n.targetTotal(), viewer, "you", ", ", " and ", " others", false);
        String text = switch (n.action()) {
            case NOTICE_QUIT -> op + " left the group";
            case NOTICE_DISMISS -> op + " dismissed the group";
            case NOTICE_KICK -> viewerTarget && n.targets().size() == 1 ? "you were removed by " + op
                    : op + " removed " + t + " from the group";
            case NOTICE_SET_ADMIN -> op + " made " + t + (n.targets().size() > 1 ? " admins" : " an admin");
            case NOTICE_UNSET_ADMIN -> op + " removed " + t + " as admin";
            case NOTICE_TRANSFER -> op + " made " + t + " the owner of the group";
            case NOTICE_MUTE -> (viewerTarget && n.targets().size() == 1 ? "you were muted by " + op : op + " muted " + t)
                    + (n.untilTime() == 0 ? "" : " until " + TIME.format(Instant.ofEpochSecond(n.untilTime())));
            case NOTICE_UNMUTE -> viewerTarget && n.targets().size() == 1 ? "you were unmuted by " + op : op + " unmuted " + t;
            case NOTICE_MUTE_ALL_ON -> op + " muted everyone: only the owner and admins may talk";
            case NOTICE_MUTE_ALL_OFF -> op + " unmuted everyone";
            case NOTICE_RENAME -> op + " renamed the group to \"" + n.value() + "\"";
            case NOTICE_AVATAR -> op + " changed the group avatar";
            case NOTICE_ANNOUNCEMENT -> op + " posted an announcement: " + n.value();
            case NOTICE_JOIN -> n.targetIds().contains(n.operatorId()) ? t + " joined the group"
                    : t + " joined the group, approved by " + op;
            case NOTICE_INVITE -> op + " invited " + t + " to the group";
            case NOTICE_JOIN_MODE -> op + (n.untilTime() == 1 ? " let anyone join the group"
                    : " made joining the group need approval");
            case NOTICE_INVITE_MODE -> op + (n.untilTime() == 1 ? " let only the owner and admins invite"
                    : " let every member invite");
            default -> op + " changed the group";
        };
        return n.reason().isEmpty() ? text : text + " (reason: " + n.reason() + ")";
    }

    private static String zh(GroupNotice n, int viewer) {
        String op = n.operatorId() == viewer && viewer != 0 ? "你" : opName(n, "管理员");
        boolean viewerTarget = viewer != 0 && n.targetIds().contains(viewer);
        String t = targets(n.targets(), n.targetTotal(), viewer, "你", "、", "、", "人", true);
        String text = switch (n.action()) {
            case NOTICE_QUIT -> op + "退出了群聊";
            case NOTICE_DISMISS -> op + "解散了群聊";
            case NOTICE_KICK -> viewerTarget && n.targets().size() == 1 ? "你被" + op + "移出了群聊" : op + "将" + t + "移出了群聊";
            case NOTICE_SET_ADMIN -> op + "将" + t + "设为管理员";
            case NOTICE_UNSET_ADMIN -> op + "取消了" + t + "的管理员身份";
            case NOTICE_TRANSFER -> op + "将群主转让给了" + t;
            case NOTICE_MUTE -> (viewerTarget && n.targets().size() == 1 ? "你被" + op + "禁言" : op + "将" + t + "禁言")
                    + (n.untilTime() == 0 ? "" : "至" + TIME.format(Instant.ofEpochSecond(n.untilTime())));
            case NOTICE_UNMUTE -> op + "解除了" + t + "的禁言";
            case NOTICE_MUTE_ALL_ON -> op + "开启了全员禁言，仅群主和管理员可发言";
            case NOTICE_MUTE_ALL_OFF -> op + "关闭了全员禁言";
            case NOTICE_RENAME -> op + "将群名称修改为“" + n.value() + "”";
            case NOTICE_AVATAR -> op + "修改了群头像";
            case NOTICE_ANNOUNCEMENT -> op + "发布了群公告：" + n.value();
            case NOTICE_JOIN -> n.targetIds().contains(n.operatorId()) ? t + "加入了群聊" : op + "同意" + t + "加入了群聊";
            case NOTICE_INVITE -> op + "邀请" + t + "加入了群聊";
            case NOTICE_JOIN_MODE -> op + (n.untilTime() == 1 ? "将入群方式设为自由加入" : "将入群方式设为需要审批");
            case NOTICE_INVITE_MODE -> op + (n.untilTime() == 1 ? "设置为仅群主和管理员可邀请" : "设置为所有成员可邀请");
            default -> op + "修改了群设置";
        };
        return n.reason().isEmpty() ? text : text + "（原因：" + n.reason() + "）";
    }

    private static String opName(GroupNotice n, String service) {
        if (n.operatorId() == 0) {
            return service;
        }
        return n.operatorName().isEmpty() ? "user " + Integer.toUnsignedString(n.operatorId()) : n.operatorName();
    }

    /**
     * "bob", "bob and carol", "bob, carol and dave"; more than three: the first two "and N others"
     * (Chinese: "bob、carol等5人").
     */
    static String targets(List<Target> targets, int total, int viewer, String you, String sep, String lastSep,
                          String others, boolean chinese) {
        List<String> names = new ArrayList<>();
        for (Target t : targets) {
            names.add(viewer != 0 && t.id() == viewer ? you
                    : t.name().isEmpty() ? "user " + Integer.toUnsignedString(t.id()) : t.name());
        }
        if (names.isEmpty()) {
            return "";
        }
        total = Math.max(total, names.size());
        if (total <= NAMES_SHOWN + 1) {
            if (names.size() == 1) {
                return names.get(0);
            }
            return String.join(sep, names.subList(0, names.size() - 1)) + lastSep + names.get(names.size() - 1);
        }
        String shown = String.join(sep, names.subList(0, NAMES_SHOWN));
        if (chinese) {
            return shown + "等" + total + others;
        }
        return shown + lastSep + (total - NAMES_SHOWN) + others;
    }
}

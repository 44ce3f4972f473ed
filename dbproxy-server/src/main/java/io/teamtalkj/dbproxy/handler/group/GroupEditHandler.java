package io.teamtalkj.dbproxy.handler.group;

import com.google.protobuf.Parser;
import io.teamtalkj.dbproxy.group.GroupGovernance.Tx;
import io.teamtalkj.dbproxy.group.GroupGovernanceStore;
import io.teamtalkj.dbproxy.group.GroupRefused;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.dbproxy.storage.GroupRepository;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.groupext.GroupEditReq;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.NoticeAction;
import java.sql.SQLException;
import java.util.List;

/**
 * Rename, avatar or announcement (0x0432, owner/admin), one per request. Name and avatar are
 * IMGroup columns and bump the version (TeamTalk clients re-read the group info).
 */
public final class GroupEditHandler extends GroupExtHandler<GroupEditReq> {
    public static final int MAX_ANNOUNCEMENT_CHARS = 1024;

    public GroupEditHandler() {
        super(GroupExtCommandId.EDIT_REQ);
    }

    @Override
    public Parser<GroupEditReq> parser() {
        return GroupEditReq.parser();
    }

    @Override
    int operator(GroupEditReq request) {
        return request.getUserId();
    }

    @Override
    int groupId(GroupEditReq request) {
        return request.getGroupId();
    }

    @Override
    void apply(GroupEditReq request, Tx tx, GroupRules rules) throws SQLException, GroupRefused {
        rules.change(tx.state);
        rules.manager(tx.state, tx.operator, "change the group's name, avatar or announcement");
        int fields = (request.hasName() ? 1 : 0) + (request.hasAvatar() ? 1 : 0) + (request.hasAnnouncement() ? 1 : 0);
        if (fields != 1) {
            throw new GroupRefused(GroupExtResult.GROUP_INVALID, "set exactly one of name, avatar and announcement");
        }
        if (request.hasName()) {
            String name = request.getName().strip();
            if (name.isEmpty() || name.codePointCount(0, name.length()) > GroupRepository.MAX_NAME_CHARS) {
                throw new GroupRefused(GroupExtResult.GROUP_INVALID,
                        "a group name has 1 to " + GroupRepository.MAX_NAME_CHARS + " characters");
            }
            GroupGovernanceStore.edit(tx.c, tx.groupId(), name, null, tx.now);
            tx.versionBumped();
            tx.notice(NoticeAction.NOTICE_RENAME, List.of(), name, 0, "");
        } else if (request.hasAvatar()) {
            String avatar = request.getAvatar().strip();
            if (avatar.codePointCount(0, avatar.length()) > GroupRepository.MAX_AVATAR_CHARS) {
                throw new GroupRefused(GroupExtResult.GROUP_INVALID,
                        "an avatar url has at most " + GroupRepository.MAX_AVATAR_CHARS + " characters");
            }
            GroupGovernanceStore.edit(tx.c, tx.groupId(), null, avatar, tx.now);
            tx.versionBumped();
            tx.notice(NoticeAction.NOTICE_AVATAR, List.of(), avatar, 0, "");
        } else {
            String text = request.getAnnouncement().strip();
            if (text.codePointCount(0, text.length()) > MAX_ANNOUNCEMENT_CHARS) {
                throw new GroupRefused(GroupExtResult.GROUP_INVALID,
                        "an announcement has at most " + MAX_ANNOUNCEMENT_CHARS + " characters");
            }
            GroupGovernanceStore.saveSettings(tx.c, tx.groupId(), tx.state.settings().withAnnouncement(text), tx.now);
            tx.notice(NoticeAction.NOTICE_ANNOUNCEMENT, List.of(), text, 0, "");
        }
    }
}

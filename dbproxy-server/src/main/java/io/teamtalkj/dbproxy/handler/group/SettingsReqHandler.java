package io.teamtalkj.dbproxy.handler.group;

import com.google.protobuf.Parser;
import io.teamtalkj.pdu.groupext.GroupSettingsReq;

/** Commands whose body is a GroupSettingsReq. */
abstract class SettingsReqHandler extends GroupExtHandler<GroupSettingsReq> {
    SettingsReqHandler(int commandId) {
        super(commandId);
    }

    @Override
    public Parser<GroupSettingsReq> parser() {
        return GroupSettingsReq.parser();
    }

    @Override
    int operator(GroupSettingsReq request) {
        return request.getUserId();
    }

    @Override
    int groupId(GroupSettingsReq request) {
        return request.getGroupId();
    }
}

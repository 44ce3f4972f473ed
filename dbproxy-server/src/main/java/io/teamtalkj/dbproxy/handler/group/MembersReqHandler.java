package io.teamtalkj.dbproxy.handler.group;

import com.google.protobuf.Parser;
import io.teamtalkj.pdu.groupext.GroupMembersReq;

/** Commands whose body is a GroupMembersReq. */
abstract class MembersReqHandler extends GroupExtHandler<GroupMembersReq> {
    MembersReqHandler(int commandId) {
        super(commandId);
    }

    @Override
    public Parser<GroupMembersReq> parser() {
        return GroupMembersReq.parser();
    }

    @Override
    int operator(GroupMembersReq request) {
        return request.getUserId();
    }

    @Override
    int groupId(GroupMembersReq request) {
        return request.getGroupId();
    }
}

package io.teamtalkj.dbproxy.group;

import io.teamtalkj.pdu.groupext.GroupExtResult;

/** A governance request was refused; nothing changed. Carries the result code and a reason for people. */
public final class GroupRefused extends Exception {
    private final GroupExtResult result;

    public GroupRefused(GroupExtResult result, String reason) {
        super(reason, null, false, false);
        this.result = result;
    }

    public GroupExtResult result() {
        return result;
    }
}

package io.teamtalkj.dbproxy.core;

import io.teamtalkj.dbproxy.DbProxyConfig;
import io.teamtalkj.dbproxy.group.GroupGovernance;
import io.teamtalkj.dbproxy.group.GroupRules;
import io.teamtalkj.dbproxy.storage.GroupMembers;
import io.teamtalkj.dbproxy.storage.MessageStore;
import io.teamtalkj.dbproxy.storage.Relations;
import io.teamtalkj.dbproxy.storage.ResendWindow;
import io.teamtalkj.dbproxy.storage.Storage;
import java.util.function.IntSupplier;

/** What handlers work with: storage, settings, the clock and the shared caches. */
public final class DbContext {
    private final DbProxyConfig config;
    private final Storage storage;
    private final IntSupplier clock;
    private final Relations relations = new Relations();
    private final GroupMembers groupMembers;
    private final MessageStore messages;
    private final GroupGovernance governance;

    public DbContext(DbProxyConfig config, Storage storage, IntSupplier unixSecondsClock) {
        this.config = config;
        this.storage = storage;
        this.clock = unixSecondsClock;
        this.groupMembers = new GroupMembers(storage);
        this.messages = new MessageStore(storage, relations, groupMembers, unixSecondsClock,
                new ResendWindow(config.resendWindow));
        this.governance = new GroupGovernance(storage, messages, groupMembers,
                new GroupRules(config.groupMaxMembers, config.groupMaxAdmins), config.groupNoticeLanguage, unixSecondsClock);
    }

    /** Group governance (issue 18): roles, mutes, settings, notices. */
    public GroupGovernance governance() {
        return governance;
    }

    public static int systemNow() {
        return (int) (System.currentTimeMillis() / 1000);
    }

    public DbProxyConfig config() {
        return config;
    }

    public Storage storage() {
        return storage;
    }

    /** Server time in unix seconds (TeamTalk's timestamps are 32-bit seconds). */
    public int now() {
        return clock.getAsInt();
    }

    public Relations relations() {
        return relations;
    }

    public MessageStore messages() {
        return messages;
    }

    public GroupMembers groupMembers() {
        return groupMembers;
    }
}

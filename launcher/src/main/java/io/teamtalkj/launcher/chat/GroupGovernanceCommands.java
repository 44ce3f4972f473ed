package io.teamtalkj.launcher.chat;

import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import io.teamtalkj.pdu.groupext.GroupGovernance;
import io.teamtalkj.pdu.groupext.InviteMode;
import io.teamtalkj.pdu.groupext.JoinMode;
import io.teamtalkj.pdu.groupext.JoinRequest;
import io.teamtalkj.pdu.groupext.MutedMember;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /group SUBCOMMAND ...}: group governance (issue 18) on the current group. The changes'
 * notices arrive as group messages like any other, so this prints only the answer.
 */
final class GroupGovernanceCommands {
    static final Set<String> SUBCOMMANDS = Set.of("info", "admins", "admin", "unadmin", "kick", "mute", "unmute", "muted",
            "muteall", "quit", "dismiss", "transfer", "rename", "announce", "invite", "join", "approve", "reject",
            "joinmode", "invitemode");

    static final String HELP = String.join("\n",
            "Group governance (on the current group; /group NAME selects one):",
            "  /group info | admins | muted        owner, admins, settings; who is muted and until when",
            "  /group invite NAME...               add people (anyone, or admins only per invite mode)",
            "  /group kick NAME [reason]           remove a member (owner/admin)",
            "  /group mute NAME [MINUTES]          mute a member, for good without MINUTES; /group unmute NAME",
            "  /group muteall on|off               only the owner and admins may talk",
            "  /group admin NAME | unadmin NAME    appoint or remove an admin (owner)",
            "  /group transfer NAME                make NAME the owner (owner)",
            "  /group rename NEW NAME | announce TEXT",
            "  /group joinmode open|approval | invitemode anyone|admins",
            "  /group join ID [message]            ask to join; /group approve NAME | reject NAME (owner/admin)",
            "  /group quit | dismiss               leave; dismiss the group (owner)");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final ChatSession s;

    GroupGovernanceCommands(ChatSession s) {
        this.s = s;
    }

    static boolean isSubcommand(String word) {
        return SUBCOMMANDS.contains(word.toLowerCase(Locale.ROOT));
    }

    void handle(String sub, String arg) {
        String cmd = sub.toLowerCase(Locale.ROOT);
        if (cmd.equals("join")) {
            join(arg);
            return;
        }
        int gid = currentGroup();
        String[] words = arg.isEmpty() ? new String[0] : arg.split("\\s+");
        switch (cmd) {
            case "info", "admins" -> info(gid);
            case "muted" -> muted(gid);
            case "invite" -> done(s.client.inviteToGroup(gid, users(words, 0, words.length)), "Invited.");
            case "kick" -> done(s.client.kickFromGroup(gid, users(words, 0, 1), rest(arg)), "Removed.");
            case "mute" -> {
                List<Integer> who = users(words, 0, 1);
                long until = 0;
                if (words.length > 1) {
                    until = System.currentTimeMillis() / 1000 + 60L * minutes(words[1]);
                }
                done(s.client.muteInGroup(gid, who, until, ""), "Muted.");
            }
            case "unmute" -> done(s.client.unmuteInGroup(gid, users(words, 0, words.length)), "Unmuted.");
            case "muteall" -> done(s.client.muteAllInGroup(gid, onOff(arg)), "Done.");
            case "admin" -> done(s.client.setGroupAdmins(gid, users(words, 0, words.length), true), "Appointed.");
            case "unadmin" -> done(s.client.setGroupAdmins(gid, users(words, 0, words.length), false), "Removed as admin.");
            case "transfer" -> done(s.client.transferGroup(gid, users(words, 0, 1).get(0)), "Transferred.");
            case "rename" -> done(s.client.renameGroup(gid, required(arg, "/group rename NEW NAME")), "Renamed.");
            case "announce" -> done(s.client.setGroupAnnouncement(gid, required(arg, "/group announce TEXT")), "Posted.");
            case "approve" -> done(s.client.decideGroupJoins(gid, users(words, 0, words.length), true), "Approved.");
            case "reject" -> done(s.client.decideGroupJoins(gid, users(words, 0, words.length), false), "Rejected.");
            case "joinmode" -> done(s.client.setGroupJoinMode(gid, switch (arg.toLowerCase(Locale.ROOT)) {
                case "open" -> JoinMode.JOIN_OPEN;
                case "approval" -> JoinMode.JOIN_APPROVAL;
                default -> throw new ChatException("Usage: /group joinmode open|approval");
            }), "Done.");
            case "invitemode" -> done(s.client.setGroupInviteMode(gid, switch (arg.toLowerCase(Locale.ROOT)) {
                case "anyone" -> InviteMode.INVITE_ANYONE;
                case "admins" -> InviteMode.INVITE_ADMINS;
                default -> throw new ChatException("Usage: /group invitemode anyone|admins");
            }), "Done.");
            case "quit" -> done(s.client.quitGroup(gid), "You left the group.");
            case "dismiss" -> done(s.client.dismissGroup(gid), "Dismissed.");
            default -> s.term.println(HELP);
        }
    }

    private int currentGroup() {
        Conversation c = s.current;
        if (c == null || !c.isGroup()) {
            throw new ChatException("No group selected: /group NAME first.");
        }
        return c.id;
    }

    private void join(String arg) {
        String[] parts = arg.split("\\s+", 2);
        String id = parts[0].startsWith("#") ? parts[0].substring(1) : parts[0];
        if (!id.matches("\\d{1,10}")) {
            throw new ChatException("Usage: /group join ID [message]");
        }
        GroupExtRsp rsp = answer(s.client.joinGroup(Integer.parseUnsignedInt(id), parts.length > 1 ? parts[1] : ""));
        s.term.println(rsp.getChangedIdsCount() > 0 ? "Joined." : "Asked to join: " + rsp.getReason() + ".");
    }

    private void info(int gid) {
        GroupGovernance i = answer(s.client.groupGovernance(gid)).getInfo();
        List<String> admins = new ArrayList<>();
        i.getAdminIdsList().forEach(id -> admins.add(s.knowUser(id)));
        StringBuilder b = new StringBuilder();
        b.append("Owner: ").append(s.knowUser(i.getOwnerId())).append("\nAdmins (").append(admins.size()).append(" of at most ")
                .append(i.getMaxAdmins()).append("): ").append(admins.isEmpty() ? "none" : String.join(", ", admins))
                .append("\nMembers: ").append(i.getMemberCount()).append(" of at most ").append(i.getMaxMembers())
                .append("\nJoining: ").append(i.getJoinMode() == JoinMode.JOIN_OPEN ? "open" : "needs approval")
                .append("; inviting: ").append(i.getInviteMode() == InviteMode.INVITE_ADMINS ? "owner and admins" : "every member")
                .append(i.getMuteAll() ? "\nEveryone is muted: only the owner and admins may talk" : "")
                .append(i.getDismissed() ? "\nThis group was dismissed." : "");
        if (!i.getAnnouncement().isEmpty()) {
            b.append("\nAnnouncement: ").append(i.getAnnouncement());
        }
        for (JoinRequest r : i.getJoinRequestsList()) {
            b.append("\nWants to join: ").append(s.knowUser(r.getUserId()))
                    .append(r.getMessage().isEmpty() ? "" : " (\"" + r.getMessage() + "\")");
        }
        s.term.println(b.toString());
    }

    private void muted(int gid) {
        List<MutedMember> muted = answer(s.client.listMutedInGroup(gid)).getMutedList();
        if (muted.isEmpty()) {
            s.term.println("Nobody is muted.");
            return;
        }
        StringBuilder b = new StringBuilder("Muted:");
        for (MutedMember m : muted) {
            b.append("\n  ").append(s.knowUser(m.getUserId())).append(m.getUntilTime() == 0 ? " until unmuted"
                    : " until " + TIME.format(Instant.ofEpochSecond(Integer.toUnsignedLong(m.getUntilTime()))));
        }
        s.term.println(b.toString());
    }

    private List<Integer> users(String[] words, int from, int to) {
        if (words.length <= from) {
            throw new ChatException("Name someone (login name, nick name or id).");
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i < Math.min(to, words.length); i++) {
            ids.add(findUser(words[i]));
        }
        return ids;
    }

    private int findUser(String name) {
        Directory.Match<com.mogujie.tt.protobuf.IMBaseDefine.UserInfo> m = s.dir.findUser(name);
        if (!m.found() && !m.ambiguous()) {
            s.refreshUsers();
            m = s.dir.findUser(name);
        }
        if (m.ambiguous()) {
            throw new ChatException("'" + name + "' could be " + String.join(", ", m.candidates()) + ". Be more precise.");
        }
        if (!m.found()) {
            throw new ChatException("Nobody called '" + name + "'. /contacts lists everyone.");
        }
        return m.value().getUserId();
    }

    private static String rest(String arg) {
        String[] parts = arg.split("\\s+", 2);
        return parts.length > 1 ? parts[1].strip() : "";
    }

    private static String required(String arg, String usage) {
        if (arg.isBlank()) {
            throw new ChatException("Usage: " + usage);
        }
        return arg.strip();
    }

    private static long minutes(String word) {
        try {
            long m = Long.parseLong(word);
            if (m > 0) {
                return m;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new ChatException("MINUTES must be a positive number (got '" + word + "').");
    }

    private static boolean onOff(String arg) {
        return switch (arg.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new ChatException("Usage: /group muteall on|off");
        };
    }

    private GroupExtRsp answer(CompletableFuture<GroupExtRsp> f) {
        GroupExtRsp rsp = s.await(f, "Group request failed");
        if (rsp.getResult() != GroupExtResult.GROUP_OK) {
            throw new ChatException("Refused: " + rsp.getReason() + ".");
        }
        return rsp;
    }

    private void done(CompletableFuture<GroupExtRsp> f, String message) {
        answer(f);
        s.term.println(message);
    }
}

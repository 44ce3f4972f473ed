package io.teamtalkj.launcher.admin;

import picocli.CommandLine.Command;

@Command(name = "group", mixinStandardHelpOptions = true,
        description = "Create and list groups, add and remove members; govern them (kick, mute, admins, dismiss, ...).",
        subcommands = {GroupCreate.class, GroupList.class, GroupAddMembers.class, GroupRemoveMembers.class,
                GroupKick.class, GroupMute.class, GroupUnmute.class, GroupMuteAll.class, GroupSetAdmins.class,
                GroupTransfer.class, GroupDismiss.class, GroupGovernanceShow.class})
public final class GroupCommand extends CommandCategory {
}

package io.teamtalkj.launcher;

import io.teamtalkj.launcher.admin.AdminRoot;
import io.teamtalkj.launcher.admin.DepartmentCommand;
import io.teamtalkj.launcher.admin.GroupCommand;
import io.teamtalkj.launcher.admin.UserCommand;
import picocli.CommandLine.Command;

/** {@code teamtalk admin}: users, departments and groups through the dbproxy's DbAdmin gRPC service. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Manage users, departments and groups (through the dbproxy's gRPC control port; no SQL needed)."},
        subcommands = {UserCommand.class, DepartmentCommand.class, GroupCommand.class,
                io.teamtalkj.launcher.admin.AppCommand.class},
        footer = {"",
            "Examples:",
            "  teamtalk admin user add --name alice --nick Alice --password-stdin <<< \"$PW\"",
            "  teamtalk admin user list --department 1",
            "  teamtalk admin group create --name ops --creator alice --members bob,carol",
            "",
            "Exit codes: 0 done, 1 refused by the dbproxy (the reason is shown),",
            "2 bad usage or the dbproxy cannot be reached."})
final class AdminCommand extends AdminRoot {
}

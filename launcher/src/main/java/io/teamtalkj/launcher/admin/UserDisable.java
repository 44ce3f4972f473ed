package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import picocli.CommandLine.Command;

@Command(name = "disable", mixinStandardHelpOptions = true,
        description = {"Disable a user (status 3, \"left the company\"); enable undoes it.",
            "A disabled user cannot log in and drops out of clients' directory syncs; data is kept."})
final class UserDisable extends UserStatusChange {
    @Override
    User change(AdminClient client, UserRef ref) {
        return client.call().disableUser(ref);
    }

    @Override
    String verb() {
        return "disabled";
    }
}

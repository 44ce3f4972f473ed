package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import picocli.CommandLine.Command;

@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled user again (status 0).")
final class UserEnable extends UserStatusChange {
    @Override
    User change(AdminClient client, UserRef ref) {
        return client.call().enableUser(ref);
    }

    @Override
    String verb() {
        return "enabled";
    }
}

package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.SetPasswordRequest;
import io.teamtalkj.control.admin.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "passwd", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Set a user's password (also clears the user's failed-login count)."},
        footer = {"",
            "The password comes from --password, else --password-stdin (first line of stdin), else $"
                    + AdminRoot.PASSWORD_ENV + ",",
            "so it need not appear on the command line, e.g.",
            "  printf '%%s\\n' \"$NEW\" | teamtalk admin user passwd alice --password-stdin"})
final class UserPasswd extends AdminSubcommand {
    @Parameters(paramLabel = "NAME|ID", description = "The user's login name or id (a number is tried as a name first).")
    String user;

    @Mixin
    PasswordOptions passwordOptions;

    private String password;

    @Override
    void validate() {
        password = passwordOptions.resolve(root());
    }

    @Override
    void run(AdminClient client) {
        // SetPassword takes the login name only
        String name = new Directory(client).user(user).getName();
        User u = client.call().setPassword(SetPasswordRequest.newBuilder().setName(name).setPassword(password).build());
        if (json()) {
            json(u);
        } else {
            out().println("new password set for user " + u.getName() + " (id " + Integer.toUnsignedString(u.getId()) + ")");
        }
    }
}

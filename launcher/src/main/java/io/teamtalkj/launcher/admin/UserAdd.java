package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.AddUserResponse;
import io.teamtalkj.pdu.LoginNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Add a user who can then log in with TeamTalk clients. Prints the new user's id."},
        footer = {"", "The password comes from --password, else --password-stdin, else $" + AdminRoot.PASSWORD_ENV + "."})
final class UserAdd extends AdminSubcommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", order = 1,
            description = "Login name: 1-32 characters without spaces, unique (case-sensitive).")
    String name;

    @Mixin
    PasswordOptions passwordOptions;

    @Option(names = "--nick", paramLabel = "NICK", order = 60, description = "Display name (default: the login name).")
    String nick;

    @Option(names = "--department-id", paramLabel = "ID", order = 61, description = "An existing department (default: none).")
    long departmentId;

    @Option(names = "--sex", paramLabel = "SEX", order = 62, description = "unknown, male or female (default: unknown).")
    Sex sex = Sex.unknown;

    @Option(names = "--phone", paramLabel = "PHONE", order = 63, description = "Phone number, up to 11 characters.")
    String phone;

    @Option(names = "--email", paramLabel = "EMAIL", order = 64, description = "E-mail address.")
    String email;

    @Option(names = "--domain", paramLabel = "KEY", order = 65,
            description = "Search key clients match (usually the pinyin of the nick; default: the login name).")
    String domain;

    @Option(names = "--avatar", paramLabel = "URL", order = 66, description = "Avatar URL.")
    String avatar;

    enum Sex {
        unknown, male, female
    }

    private String password;

    @Override
    void validate() {
        String badName = LoginNames.problem(name);
        if (badName != null) {
            throw AdminFailure.usage("--name: " + badName);
        }
        if (departmentId < 0 || departmentId > 0xFFFF_FFFFL) {
            throw AdminFailure.usage("--department-id must be a department id");
        }
        password = passwordOptions.resolve(root());
    }

    @Override
    void run(AdminClient client) {
        AddUserRequest.Builder req = AddUserRequest.newBuilder()
                .setName(name)
                .setPassword(password)
                .setSex(sex.ordinal())
                .setDepartmentId((int) departmentId);
        if (nick != null) {
            req.setNick(nick);
        }
        if (phone != null) {
            req.setPhone(phone);
        }
        if (email != null) {
            req.setEmail(email);
        }
        if (domain != null) {
            req.setDomain(domain);
        }
        if (avatar != null) {
            req.setAvatar(avatar);
        }
        AddUserResponse rsp = client.call().addUser(req.build());
        if (json()) {
            json(rsp);
        } else {
            out().println(Integer.toUnsignedString(rsp.getUserId()));
        }
    }
}

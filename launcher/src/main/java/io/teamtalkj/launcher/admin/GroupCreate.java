package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.admin.CreateGroupRequest;
import io.teamtalkj.control.admin.Group;
import io.teamtalkj.control.admin.GroupType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create a group. Prints the new group's id.",
            "Users are given by login name or id; the creator becomes a member too."})
final class GroupCreate extends AdminSubcommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", order = 1, description = "1-256 characters.")
    String name;

    @Option(names = "--creator", paramLabel = "USER", order = 2,
            description = "The group's owner (default: none, created by the operator).")
    String creator;

    @Option(names = "--type", paramLabel = "TYPE", order = 3, defaultValue = "normal",
            description = "normal (only the creator changes members) or tmp (a discussion group members may extend) "
                    + "(default: ${DEFAULT-VALUE}).")
    Type type;

    @Option(names = "--members", paramLabel = "USER", split = ",", order = 4,
            description = "Members, comma-separated (with --creator, may be left out).")
    List<String> members = List.of();

    @Option(names = "--avatar", paramLabel = "URL", order = 5, description = "Avatar URL.")
    String avatar;

    enum Type {
        normal, tmp
    }

    @Override
    void validate() {
        if (creator == null && members.stream().allMatch(String::isBlank)) {
            throw AdminFailure.usage("a group needs members: give --members, --creator or both");
        }
    }

    @Override
    void run(AdminClient client) {
        Directory directory = new Directory(client);
        CreateGroupRequest.Builder req = CreateGroupRequest.newBuilder()
                .setName(name)
                .setType(type == Type.tmp ? GroupType.TMP : GroupType.NORMAL)
                .addAllMemberIds(Members.ids(directory, members));
        if (creator != null) {
            req.setCreatorId(directory.user(creator).getId());
        }
        if (avatar != null) {
            req.setAvatar(avatar);
        }
        Group g = client.call().createGroup(req.build());
        if (json()) {
            json(g);
        } else {
            out().println(Integer.toUnsignedString(g.getId()));
        }
    }
}

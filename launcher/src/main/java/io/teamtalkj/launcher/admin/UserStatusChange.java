package io.teamtalkj.launcher.admin;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.control.admin.UserRef;
import java.util.Optional;
import picocli.CommandLine.Parameters;

/** user disable / user enable: one call by name, then (for a number nobody is named) by id. */
abstract class UserStatusChange extends AdminSubcommand {
    @Parameters(paramLabel = "NAME|ID", description = "The user's login name or id (a number is tried as a name first).")
    String user;

    abstract User change(AdminClient client, UserRef ref);

    abstract String verb();

    @Override
    void run(AdminClient client) {
        User u;
        try {
            u = change(client, Directory.nameRef(user));
        } catch (StatusRuntimeException e) {
            Optional<UserRef> byId = Directory.idRef(user);
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND || byId.isEmpty()) {
                throw e;
            }
            try {
                u = change(client, byId.get());
            } catch (StatusRuntimeException e2) {
                if (e2.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    throw AdminFailure.refused("no user named or numbered " + user);
                }
                throw e2;
            }
        }
        if (json()) {
            json(u);
        } else {
            out().println(verb() + " user " + u.getName() + " (id " + Integer.toUnsignedString(u.getId()) + ")");
        }
    }
}

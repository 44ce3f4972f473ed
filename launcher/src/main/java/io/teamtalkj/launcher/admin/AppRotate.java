package io.teamtalkj.launcher.admin;

import io.teamtalkj.control.api.AddAppResponse;
import io.teamtalkj.control.api.RotateSecretRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rotate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Give an application a new secret, printed once. The old secret stops working when the",
            "api-servers next reload (--app-reload, default 2m). Use it after a leak, or once for apps made",
            "before signing keys were encrypted, to retire copies of their old key in earlier database dumps."})
final class AppRotate extends AdminSubcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    void run(AdminClient client) {
        AddAppResponse r = client.apps().rotateSecret(RotateSecretRequest.newBuilder().setName(name).build());
        if (json()) {
            json(r);
            return;
        }
        AppAdd.printCredentials(out(), r);
    }
}

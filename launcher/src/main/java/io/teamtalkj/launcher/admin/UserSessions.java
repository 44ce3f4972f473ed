package io.teamtalkj.launcher.admin;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.control.admin.ListUsersRequest;
import io.teamtalkj.control.admin.User;
import io.teamtalkj.launcher.cluster.ClusterLayout;
import io.teamtalkj.net.HostPort;
import io.teamtalkj.pdu.push.DeviceSession;
import io.teamtalkj.pdu.push.DeviceSessionsGrpc;
import io.teamtalkj.pdu.push.DeviceSessionsReply;
import io.teamtalkj.pdu.push.DeviceSessionsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code admin user sessions NAME}: the user's connections on every msg-server (device id, client
 * type, app state, address), asked of each msg-server's control port (DeviceSessions).
 */
@Command(name = "sessions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List a user's connected devices on every msg-server: device id, client type, app state",
            "(active, or background once the app reported it), address. A push goes to devices not connected."})
final class UserSessions extends AdminSubcommand {
    static final String DEFAULT_MSG_CONTROL = "127.0.0.1:8001";

    @Parameters(paramLabel = "NAME", description = "The user's login name.")
    String user;

    @Option(names = "--msg-controls", paramLabel = "LIST", order = 1,
            description = "The msg-servers' control ports (HOST:PORT,...); default: the --cluster's, else " + DEFAULT_MSG_CONTROL + ".")
    String msgControls;

    @Override
    void run(AdminClient client) throws Exception {
        User u = client.call().listUsers(ListUsersRequest.newBuilder().setNamePrefix(user).setIncludeDisabled(true)
                .setLimit(Directory.PAGE).build()).getUsersList().stream()
                .filter(x -> x.getName().equals(user)).findFirst()
                .orElseThrow(() -> AdminFailure.refused("no user named " + user));
        Table t = new Table("MSG-SERVER", "DEVICE", "TYPE", "STATE", "PEER");
        int rows = 0;
        for (HostPort at : controls()) {
            ManagedChannel ch = NettyChannelBuilder.forAddress(at.host(), at.port()).usePlaintext().build();
            try {
                DeviceSessionsReply reply = DeviceSessionsGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .list(DeviceSessionsRequest.newBuilder().setUserId(u.getId()).build());
                for (DeviceSession s : reply.getSessionsList()) {
                    t.row(reply.getMsgServer(), s.getDeviceId(), s.getClientType(), s.getForeground() ? "active" : "background",
                            s.getPeer());
                    rows++;
                }
            } catch (StatusRuntimeException e) {
                t.row(at.toString(), "-", "-", "unreachable: " + e.getStatus().getCode(), "-");
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        out().println("user " + u.getName() + " (id " + Integer.toUnsignedString(u.getId()) + "): " + rows + " connected device"
                + (rows == 1 ? "" : "s"));
        t.print(out());
    }

    private List<HostPort> controls() {
        List<String> list = new ArrayList<>();
        if (msgControls != null) {
            for (String s : msgControls.split(",")) {
                if (!s.isBlank()) {
                    list.add(s.strip());
                }
            }
        } else if (root().cluster != null) {
            list.addAll(ClusterLayout.readRunning(root().cluster).msgControls());
        } else {
            list.add(DEFAULT_MSG_CONTROL);
        }
        List<HostPort> out = new ArrayList<>();
        for (String s : list) {
            try {
                out.add(HostPort.parse(s));
            } catch (IllegalArgumentException e) {
                throw AdminFailure.usage("--msg-controls must be HOST:PORT,... (got " + s + ")");
            }
        }
        return out;
    }
}

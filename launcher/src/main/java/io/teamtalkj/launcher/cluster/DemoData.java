package io.teamtalkj.launcher.cluster;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.teamtalkj.control.admin.AddDepartmentRequest;
import io.teamtalkj.control.admin.AddUserRequest;
import io.teamtalkj.control.admin.CreateGroupRequest;
import io.teamtalkj.control.admin.DbAdminGrpc;
import io.teamtalkj.control.admin.GroupType;
import io.teamtalkj.control.admin.ListUsersRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * First-start demo data, through the dbproxy's admin service like an operator would: two
 * departments, five users whose passwords are printed, and one group.
 */
public final class DemoData {
    /** Login name to password of the seeded users. */
    public static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        USERS.put("alice", "alice123");
        USERS.put("bob", "bob123");
        USERS.put("carol", "carol123");
        USERS.put("dave", "dave123");
        USERS.put("erin", "erin123");
    }

    public static final String GROUP = "lunch";

    private DemoData() {
    }

    /** Seeds an empty directory; returns false (and changes nothing) when users already exist. */
    public static boolean seedIfEmpty(String host, int controlPort, PrintWriter out) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, controlPort).usePlaintext().build();
        try {
            DbAdminGrpc.DbAdminBlockingStub admin = DbAdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            if (admin.listUsers(ListUsersRequest.newBuilder().setLimit(1).setIncludeDisabled(true).build()).getUsersCount() > 0) {
                return false;
            }
            int engineering = admin.addDepartment(AddDepartmentRequest.newBuilder().setName("Engineering").build()).getId();
            int sales = admin.addDepartment(AddDepartmentRequest.newBuilder().setName("Sales").build()).getId();
            List<Integer> ids = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, String> u : USERS.entrySet()) {
                String nick = Character.toUpperCase(u.getKey().charAt(0)) + u.getKey().substring(1);
                ids.add(admin.addUser(AddUserRequest.newBuilder().setName(u.getKey()).setPassword(u.getValue())
                        .setNick(nick).setDepartmentId(i++ < 3 ? engineering : sales).build()).getUserId());
            }
            admin.createGroup(CreateGroupRequest.newBuilder().setName(GROUP).setType(GroupType.NORMAL)
                    .setCreatorId(ids.get(0)).addAllMemberIds(ids.subList(0, 3)).build());
            out.println("Seeded demo data: departments Engineering (alice, bob, carol) and Sales (dave, erin),");
            out.println("group '" + GROUP + "' (alice, bob, carol). Users and passwords:");
            for (Map.Entry<String, String> u : USERS.entrySet()) {
                out.printf("  %-6s %s%n", u.getKey(), u.getValue());
            }
            out.flush();
            return true;
        } finally {
            channel.shutdownNow();
        }
    }
}

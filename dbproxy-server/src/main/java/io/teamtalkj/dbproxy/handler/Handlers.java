package io.teamtalkj.dbproxy.handler;

import io.grpc.BindableService;
import io.teamtalkj.dbproxy.admin.DbAdminService;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every command the dbproxy serves, one handler class each. */
public final class Handlers {
    private Handlers() {
    }

    public static Map<Integer, DbHandler<?>> all() {
        Map<Integer, DbHandler<?>> map = new LinkedHashMap<>();
        add(map, new MsgDataHandler());
        add(map, new ValidateHandler());
        add(map, new UsersInfoHandler());
        add(map, new AllUserHandler());
        add(map, new DepartmentHandler());
        add(map, new ChangeSignInfoHandler());
        add(map, new ChangeAvatarHandler());
        add(map, new PushShieldHandler());
        add(map, new QueryPushShieldHandler());
        add(map, new DeviceTokenHandler());
        add(map, new GetDeviceTokenHandler());
        add(map, new MsgReadAckHandler());
        add(map, new UnreadMsgCntHandler());
        add(map, new GetMsgListHandler());
        add(map, new GetMsgByIdHandler());
        add(map, new GetLatestMsgIdHandler());
        add(map, new RecentSessionHandler());
        add(map, new RemoveSessionHandler());
        add(map, new NormalGroupListHandler());
        add(map, new GroupInfoHandler());
        add(map, new GroupCreateHandler());
        add(map, new GroupChangeMemberHandler());
        add(map, new GroupShieldHandler());
        add(map, new GroupGetShieldHandler());
        add(map, new FileAddOfflineHandler());
        add(map, new FileHasOfflineHandler());
        add(map, new FileDelOfflineHandler());
        add(map, new ContactsHandler());
        return Collections.unmodifiableMap(map);
    }

    private static void add(Map<Integer, DbHandler<?>> map, DbHandler<?> handler) {
        if (map.putIfAbsent(handler.commandId(), handler) != null) {
            throw new IllegalStateException("two handlers for command " + handler.commandId());
        }
    }

    /** gRPC services of the control port (admin). */
    public static List<BindableService> controlServices(DbContext ctx) {
        return List.of(new DbAdminService(ctx));
    }
}

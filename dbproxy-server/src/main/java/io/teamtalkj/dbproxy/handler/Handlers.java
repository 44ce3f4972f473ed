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

package io.teamtalkj.dbproxy.handler;

import io.grpc.BindableService;
import io.teamtalkj.dbproxy.admin.DbAdminService;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.handler.group.GroupDismissHandler;
import io.teamtalkj.dbproxy.handler.group.GroupEditHandler;
import io.teamtalkj.dbproxy.handler.group.GroupGovernanceInfoHandler;
import io.teamtalkj.dbproxy.handler.group.GroupInviteHandler;
import io.teamtalkj.dbproxy.handler.group.GroupJoinDecisionHandler;
import io.teamtalkj.dbproxy.handler.group.GroupJoinHandler;
import io.teamtalkj.dbproxy.handler.group.GroupKickHandler;
import io.teamtalkj.dbproxy.handler.group.GroupListMutedHandler;
import io.teamtalkj.dbproxy.handler.group.GroupMuteAllHandler;
import io.teamtalkj.dbproxy.handler.group.GroupMuteHandler;
import io.teamtalkj.dbproxy.handler.group.GroupQuitHandler;
import io.teamtalkj.dbproxy.handler.group.GroupSetAdminHandler;
import io.teamtalkj.dbproxy.handler.group.GroupSettingsHandler;
import io.teamtalkj.dbproxy.handler.group.GroupTransferOwnerHandler;
import io.teamtalkj.dbproxy.handler.group.GroupUnmuteHandler;
import java.util.ArrayList;
import java.util.List;

/** Every command the dbproxy serves, one handler class each. */
public final class Handlers {
    private Handlers() {
    }

    public static List<DbHandler<?>> all() {
        List<DbHandler<?>> handlers = new ArrayList<>();
        handlers.add(new MsgDataHandler());
        handlers.add(new ValidateHandler());
        handlers.add(new UsersInfoHandler());
        handlers.add(new AllUserHandler());
        handlers.add(new DepartmentHandler());
        handlers.add(new ChangeSignInfoHandler());
        handlers.add(new ChangeAvatarHandler());
        handlers.add(new PushShieldHandler());
        handlers.add(new QueryPushShieldHandler());
        handlers.add(new DeviceTokenHandler());
        handlers.add(new RemoveDeviceTokenHandler());
        handlers.add(new DeviceStateHandler());
        handlers.add(new PushSettingsHandler());
        handlers.add(new GetDeviceTokenHandler());
        handlers.add(new MsgReadAckHandler());
        handlers.add(new UnreadMsgCntHandler());
        handlers.add(new GetMsgListHandler());
        handlers.add(new GetMsgByIdHandler());
        handlers.add(new GetLatestMsgIdHandler());
        handlers.add(new RecentSessionHandler());
        handlers.add(new RemoveSessionHandler());
        handlers.add(new NormalGroupListHandler());
        handlers.add(new GroupInfoHandler());
        handlers.add(new GroupCreateHandler());
        handlers.add(new GroupChangeMemberHandler());
        handlers.add(new GroupShieldHandler());
        handlers.add(new GroupGetShieldHandler());
        handlers.add(new FileAddOfflineHandler());
        handlers.add(new FileHasOfflineHandler());
        handlers.add(new FileDelOfflineHandler());
        handlers.add(new ContactsHandler());
        // group governance (issue 18), service 0x0004 ids 0x0420..0x044f
        handlers.add(new GroupQuitHandler());
        handlers.add(new GroupDismissHandler());
        handlers.add(new GroupKickHandler());
        handlers.add(new GroupSetAdminHandler());
        handlers.add(new GroupTransferOwnerHandler());
        handlers.add(new GroupMuteHandler());
        handlers.add(new GroupUnmuteHandler());
        handlers.add(new GroupMuteAllHandler());
        handlers.add(new GroupListMutedHandler());
        handlers.add(new GroupEditHandler());
        handlers.add(new GroupJoinHandler());
        handlers.add(new GroupJoinDecisionHandler());
        handlers.add(new GroupInviteHandler());
        handlers.add(new GroupSettingsHandler());
        handlers.add(new GroupGovernanceInfoHandler());
        // the api-server's internal commands (issue 17), 0x0834..0x083f
        handlers.add(new io.teamtalkj.dbproxy.admin.ApiUseNonceHandler());
        return List.copyOf(handlers);
    }

    /** gRPC services of the control port (admin). */
    public static List<BindableService> controlServices(DbContext ctx) {
        return List.of(new DbAdminService(ctx), new io.teamtalkj.dbproxy.admin.ApiStoreService(ctx));
    }
}

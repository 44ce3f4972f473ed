package io.teamtalkj.dbproxy.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import io.grpc.Status;
import io.teamtalkj.control.admin.GovernGroupRequest;
import io.teamtalkj.control.admin.GovernGroupResponse;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.handler.Handlers;
import io.teamtalkj.pdu.GroupExtCommandId;
import io.teamtalkj.pdu.Reply;
import java.util.HashMap;
import java.util.Map;

/**
 * GovernGroup: the operator forms of group governance. The same handlers as the clients' commands
 * (so the same rules and notices), run with operator 0, which passes every role check. They run
 * on the gRPC thread, not the group's worker: the group row lock orders them with messages, and
 * a message batch whose cached msg_id went stale meanwhile is retried with counters from MySQL.
 */
final class AdminGovernance {
    private final DbContext ctx;
    private final Map<Integer, DbHandler<?>> handlers = new HashMap<>();

    AdminGovernance(DbContext ctx) {
        this.ctx = ctx;
        for (DbHandler<?> h : Handlers.all()) {
            if (GroupExtCommandId.isGroupExt(h.commandId())) {
                handlers.put(h.commandId(), h);
            }
        }
    }

    GovernGroupResponse govern(GovernGroupRequest request) throws Exception {
        DbHandler<?> h = handlers.get(request.getCommandId());
        if (h == null) {
            throw Status.INVALID_ARGUMENT.withDescription(String.format("0x%04x is not a group governance request",
                    request.getCommandId())).asRuntimeException();
        }
        return GovernGroupResponse.newBuilder().setBody(run(h, request).toByteString()).build();
    }

    private <M extends MessageLite> MessageLite run(DbHandler<M> h, GovernGroupRequest request) throws Exception {
        M body;
        try {
            body = h.parser().parseFrom(request.getBody());
        } catch (InvalidProtocolBufferException e) {
            throw Status.INVALID_ARGUMENT.withDescription("unreadable request body: " + e.getMessage()).asRuntimeException();
        }
        // user_id (field 1 of every governance request) is the operator: here always the operator service
        if (body instanceof Message m) {
            Object user = m.getField(m.getDescriptorForType().findFieldByNumber(1));
            if (!Integer.valueOf(0).equals(user)) {
                throw Status.INVALID_ARGUMENT.withDescription("user_id must be 0 (the operator) in admin requests")
                        .asRuntimeException();
            }
        }
        Reply reply = h.handle(body, ctx);
        return reply.message();
    }
}

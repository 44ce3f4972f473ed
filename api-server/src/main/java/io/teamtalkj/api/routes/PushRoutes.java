package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.teamtalkj.api.Json;
import io.teamtalkj.api.TierLinks;
import io.teamtalkj.api.auth.Authenticator;
import io.teamtalkj.api.StoreClient;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.pdu.CommandId;
import java.util.List;

/**
 * POST /v1/push: a notification that is not a chat message (nothing stored, no msg_id, no unread).
 * Online connections get it as TeamTalk's transient command PDU, 0x0601 IMP2PCmdMsg from user 0,
 * whose cmd_msg_data is {"type":"tt_push","title":…,"body":…,"data":…}; TeamTalk clients ignore
 * commands they do not know. sessions picks the devices ({@link PushSessions}): all, pc or mobile
 * connections (and, unless pc, a phone push to the users' inactive devices, as for messages);
 * active: connected sessions only, no phone push; inactive: only a phone push to devices not
 * connected or in the background; devices: only a phone push to the named device_ids.
 */
public final class PushRoutes {
    record PushBody(List<Long> to_user_ids, Long to_group_id, String sessions, List<String> device_ids, String title,
                    String body, JsonNode data) {
    }

    private final TierLinks links;
    private final Directory directory;
    private final Authenticator auth;
    private final StoreClient store;
    private final int maxRecipients;

    public PushRoutes(TierLinks links, Directory directory, Authenticator auth, StoreClient store, int maxRecipients) {
        this.links = links;
        this.directory = directory;
        this.auth = auth;
        this.store = store;
        this.maxRecipients = maxRecipients;
    }

    public List<ApiRoute> routes() {
        return List.of(ApiRoute.of("POST", "/v1/push", "push", (ctx, app, raw) -> {
            PushBody b = Json.read(raw, PushBody.class);
            Params.require((b.to_user_ids() == null) != (b.to_group_id() == null),
                    "give exactly one of to_user_ids and to_group_id");
            Params.require(b.title() != null || b.body() != null, "give a title or a body");
            PushSessions sessions = PushSessions.of(b.sessions(), b.device_ids());
            List<Integer> to;
            String type;
            if (b.to_group_id() != null) {
                int groupId = Params.parseUint("to_group_id", b.to_group_id().toString());
                to = members(groupId);
                type = "group";
            } else {
                to = Params.ids("to_user_ids", b.to_user_ids(), maxRecipients);
                directory.requireActive("to_user_ids", to);
                type = "user";
            }
            ObjectNode payload = Json.object();
            payload.put("type", "tt_push");
            if (b.title() != null) {
                payload.put("title", b.title());
            }
            if (b.body() != null) {
                payload.put("body", b.body());
            }
            if (b.data() != null) {
                payload.set("data", b.data());
            }
            auth.countPush(app, type); // 429 here leaves nothing sent
            IMP2PCmdMsg cmd = IMP2PCmdMsg.newBuilder().setFromUserId(0).setToUserId(0)
                    .setCmdMsgData(Json.write(payload)).build();
            if (sessions.relayClass() != PushSessions.NO_RELAY) {
                links.relay(CommandId.CID_SWITCH_P2P_CMD, cmd, to, sessions.relayClass());
            }
            if (sessions.push() != null) {
                // devices the connections do not reach: through the push-server, as the msg-server pushes messages
                String alert = b.title() == null ? b.body() : b.body() == null ? b.title() : b.title() + ": " + b.body();
                links.pushes().notification(to, alert, Json.write(payload), sessions.push(), "api:" + app.appKey());
            }
            ObjectNode out = Json.object();
            out.put("recipients", to.size());
            out.put("sessions", sessions.name());
            ctx.status(202).json(out);
        }));
    }

    private List<Integer> members(int groupId) {
        List<Integer> members = StoreClient.call(() -> store.store().groupMembers(
                io.teamtalkj.control.api.GroupRef.newBuilder().setGroupId(groupId).build())).getIdsList();
        if (members.size() > maxRecipients) {
            throw ApiError.badRequest("group " + Integer.toUnsignedString(groupId) + " has " + members.size()
                    + " members; at most " + maxRecipients + " per push");
        }
        return members;
    }
}

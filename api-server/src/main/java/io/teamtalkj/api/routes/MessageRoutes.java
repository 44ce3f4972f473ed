package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.api.Json;
import io.teamtalkj.api.TierLinks;
import io.teamtalkj.client.TeamTalkText;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.ext.MsgStoreResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * POST /v1/messages: a text message from a user (or the system user) to a user or a group, stored
 * by the dbproxy exactly like one sent by a client (msg_id, unread count, history), then delivered
 * through the route-server to every online connection of the recipients and of the sender, as
 * the msg-server does. An Idempotency-Key header becomes the message's client message id: a
 * retried POST with the same key (same sender) returns the first msg_id and stores nothing.
 *
 * <p>Recipients with no phone connected get a push through the push-server, decided by the
 * msg-server's {@link io.teamtalkj.msgserver.push.OfflinePush} (same rules: silent when a PC is
 * online, muted groups and do-not-disturb respected), after the message is stored.
 */
public final class MessageRoutes {
    static final int MAX_IDEMPOTENCY_KEY = 40;

    record SendBody(Long from_user_id, Boolean from_system, Long to_user_id, Long to_group_id, String text) {
    }

    private final TierLinks links;
    private final Directory directory;
    private final java.time.Clock clock;

    public MessageRoutes(TierLinks links, Directory directory, java.time.Clock clock) {
        this.links = links;
        this.directory = directory;
        this.clock = clock;
    }

    public List<ApiRoute> routes() {
        return List.of(ApiRoute.of("POST", "/v1/messages", "messages", (ctx, app, body) -> {
            SendBody b = Json.read(body, SendBody.class);
            boolean system = Boolean.TRUE.equals(b.from_system());
            Params.require(system != (b.from_user_id() != null), "give exactly one of from_user_id and from_system=true");
            Params.require((b.to_user_id() == null) != (b.to_group_id() == null), "give exactly one of to_user_id and to_group_id");
            Params.require(b.text() != null && !b.text().isEmpty(), "text must not be empty");
            String key = ctx.header("Idempotency-Key");
            if (key != null) {
                Params.require(!key.isEmpty() && key.length() <= MAX_IDEMPOTENCY_KEY
                        && key.chars().allMatch(c -> c > 32 && c < 127),
                        "Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY + " printable ASCII characters");
            }
            boolean group = b.to_group_id() != null;
            int to = Params.parseUint(group ? "to_group_id" : "to_user_id",
                    (group ? b.to_group_id() : b.to_user_id()).toString());
            Params.require(to != 0, "the recipient id must not be 0");
            int from = system ? directory.systemUserId() : Params.parseUint("from_user_id", b.from_user_id().toString());
            // one look-up for both ends: the sender (unless the system) and a 1:1 recipient
            List<Integer> check = new java.util.ArrayList<>();
            if (!system) {
                check.add(from);
            }
            if (!group) {
                check.add(to);
            }
            if (!check.isEmpty()) {
                directory.requireActive(system ? "to_user_id" : group ? "from_user_id" : "from_user_id/to_user_id", check);
            }
            IMMsgData.Builder msg = IMMsgData.newBuilder().setFromUserId(from).setToSessionId(to).setMsgId(0)
                    .setCreateTime((int) (clock.millis() / 1000))
                    .setMsgType(group ? MsgType.MSG_TYPE_GROUP_TEXT : MsgType.MSG_TYPE_SINGLE_TEXT)
                    .setMsgData(TeamTalkText.encodeToByteString(b.text()));
            if (key != null) {
                // per app, so two applications cannot collide on a key
                msg.setTtClientMsgId("api" + app.id() + ":" + key);
            }
            long ordering = group ? Conversations.group(to) : Conversations.pair(from, to);
            IMMsgData stored = links.call(CommandId.CID_MSG_DATA, msg.build(), ordering, IMMsgData.parser());
            if (stored.getMsgId() == 0) {
                throw refused(stored);
            }
            boolean duplicate = stored.getTtStoreResult() == MsgStoreResult.STORE_DUPLICATE_VALUE;
            if (!duplicate) {
                deliver(stored, group);
            }
            ObjectNode out = Json.object();
            out.put("msg_id", Integer.toUnsignedLong(stored.getMsgId()));
            out.put("from_user_id", Integer.toUnsignedLong(from));
            out.put(group ? "to_group_id" : "to_user_id", Integer.toUnsignedLong(to));
            out.put("duplicate", duplicate);
            ctx.status(duplicate ? 200 : 201).json(out);
        }));
    }

    private void deliver(IMMsgData stored, boolean group) {
        IMMsgData out = stored.toBuilder().clearAttachData().clearTtGroupMemberIds().clearTtStoreResult()
                .clearTtStoreReason().build();
        Set<Integer> recipients = new LinkedHashSet<>();
        if (group) {
            recipients.addAll(stored.getTtGroupMemberIdsList());
        } else {
            recipients.add(stored.getToSessionId());
        }
        recipients.add(stored.getFromUserId()); // the sender's own devices see what was sent in their name
        links.relay(CommandId.CID_MSG_DATA, out, recipients, RouteClient.CLASS_ALL);
        if (links.pushes().servers().configured()) {
            // the alert shows the sender's nick, as for a client's message (never the sender pushed)
            links.pushes().afterStored(stored, group, directory.nickOf(stored.getFromUserId()));
        }
    }

    private static ApiError refused(IMMsgData stored) {
        MsgStoreResult r = MsgStoreResult.forNumber(stored.getTtStoreResult());
        String why = stored.getTtStoreReason();
        if (r == null) {
            return new ApiError(500, "not_stored", "not stored: " + why);
        }
        return switch (r) {
            case STORE_NOT_MEMBER -> new ApiError(409, "not_member", why + " (add the sender to the group first)");
            case STORE_NO_SUCH_GROUP -> ApiError.notFound(why);
            case STORE_INVALID -> ApiError.badRequest(why);
            case STORE_OVERLOADED, STORE_UNAVAILABLE -> ApiError.unavailable(why);
            default -> new ApiError(500, "not_stored", "not stored: " + why);
        };
    }
}

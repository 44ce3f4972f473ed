package io.teamtalkj.push;

import com.mogujie.tt.protobuf.IMBaseDefine.PushResult;
import com.mogujie.tt.protobuf.IMBaseDefine.UserTokenInfo;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import com.mogujie.tt.protobuf.IMServer.IMPushToUserRsp;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.net.IntervalLog;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import io.teamtalkj.pdu.push.DeviceTargeting;
import io.teamtalkj.push.dispatch.OriginStats;
import io.teamtalkj.push.dispatch.ProviderLane;
import io.teamtalkj.push.dispatch.PushRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_OTHER_PUSH_TO_USER_REQ (0x070f) from a msg-server: one push per entry of user_token_list,
 * each queued on the lane of its token type (never waiting: a full queue drops and counts). Once
 * all are done, IMPushToUserRsp (0x0710, the request's seq) lists a result per token (0 delivered,
 * 1 not) and, in tt_invalid_tokens, the tokens the provider called dead, which the msg-server has
 * removed. Entries of a token type no provider takes are counted as unroutable.
 */
final class PushRequestHandler implements PduHandler<IMPushToUserReq> {
    private static final Logger log = LoggerFactory.getLogger(PushRequestHandler.class);
    private static final IntervalLog ODD = new IntervalLog(log);

    private final PushRouter router;
    private final int maxAlertChars;
    final LongAdder requests = new LongAdder();
    final LongAdder unroutable = new LongAdder();

    private final OriginStats origins;
    /** Entries left out because the request's DEVICES targeting does not name their device. */
    final LongAdder notTargeted = new LongAdder();

    PushRequestHandler(PushRouter router, int maxAlertChars, OriginStats origins) {
        this.router = router;
        this.maxAlertChars = maxAlertChars;
        this.origins = origins;
    }

    /**
     * Whether the entry is for a device the request targets. The sender resolved ACTIVE and
     * INACTIVE (it knows presence); DEVICES is checked again here, so a sender that lists all of a
     * user's tokens with a device list (as TeamTalk's push_server protocol allows) pushes only those.
     */
    static boolean targeted(IMPushToUserReq req, UserTokenInfo t) {
        if (!req.hasTtTargeting() || req.getTtTargeting().getMode() != DeviceTargeting.Mode.DEVICES) {
            return true;
        }
        return req.getTtTargeting().getDeviceIdsList().contains(t.getTtDeviceId());
    }

    @Override
    public void handle(ChannelHandlerContext ctx, Pdu pdu, IMPushToUserReq req) {
        requests.increment();
        Channel ch = ctx.channel();
        String alert = Alerts.cap(req.getFlash(), maxAlertChars);
        List<UserTokenInfo> targets = req.getUserTokenListList();
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            UserTokenInfo t = targets.get(i);
            if (!targeted(req, t)) {
                notTargeted.increment();
                outcomes.add(CompletableFuture.completedFuture(Outcome.failed("device not targeted")));
                continue;
            }
            ProviderLane lane = t.getToken().isEmpty() ? null : router.lane(t.getUserType());
            if (lane == null) {
                unroutable.increment();
                ODD.hit("pushes for token types no provider takes", "user " + Integer.toUnsignedString(t.getUserId())
                        + " type " + t.getUserType() + " from " + ch.remoteAddress());
                outcomes.add(CompletableFuture.completedFuture(Outcome.failed("no provider for " + t.getUserType())));
                continue;
            }
            boolean silent = t.getPushType() == 2;
            boolean quiet = i < req.getTtQuietCount() && req.getTtQuiet(i);
            CompletableFuture<Outcome> outcome = lane.submit(new Notification(t.getUserId(), t.getUserType(), t.getToken(),
                    silent ? "" : alert, req.getData(), t.getPushCount(), silent, quiet, req.getTtCollapseId(), req.getTtMsgId(),
                    req.getTtFromUserId(), req.getTtSessionId(), req.getTtSessionType(), t.getTtDeviceId()));
            outcome.thenAccept(o -> origins.count(lane, req.getTtOrigin(), o));
            outcomes.add(outcome);
        }
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> {
            IMPushToUserRsp.Builder rsp = IMPushToUserRsp.newBuilder();
            for (int i = 0; i < targets.size(); i++) {
                UserTokenInfo t = targets.get(i);
                Outcome o = outcomes.get(i).getNow(Outcome.failed("unfinished"));
                rsp.addPushResultList(PushResult.newBuilder().setUserToken(t.getToken())
                        .setResultCode(o.kind() == Outcome.Kind.DELIVERED ? 0 : 1));
                if (o.kind() == Outcome.Kind.INVALID_TOKEN) {
                    rsp.addTtInvalidTokens(t);
                }
            }
            if (ch.isActive()) {
                ch.writeAndFlush(Pdu.of(CommandId.CID_OTHER_PUSH_TO_USER_RSP, pdu.seq(), rsp.build()));
            }
        });
    }
}

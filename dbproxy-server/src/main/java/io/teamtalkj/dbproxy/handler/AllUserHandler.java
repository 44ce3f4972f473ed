package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBuddy.IMAllUserReq;
import com.mogujie.tt.protobuf.IMBuddy.IMAllUserRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.Users;
import io.teamtalkj.dbproxy.storage.WatermarkPage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_BUDDY_LIST_ALL_USER_REQUEST (0x0208): the company directory, incrementally. Users with
 * {@code updated > latest_update_time}; the first sync (0) takes every user except those who left
 * (status 3), later syncs include them so clients learn who left. The reply's latest_update_time is the
 * highest {@code updated} sent, or the request's value when nothing changed.
 *
 * <p>Fixes over TeamTalk: rows stamped in the current second are held back until the next
 * second, so a change made later in the same second is not hidden behind a watermark the client
 * already holds. A large directory is sent in pages that fit a 400 KiB frame (at most
 * {@link #MAX_ROWS} users, cut between two {@code updated} values, see {@link WatermarkPage});
 * the client gets the rest by asking again with the returned watermark (TeamTalk clients do so at
 * their next sync).
 */
public final class AllUserHandler implements DbHandler<IMAllUserReq> {
    private static final Logger log = LoggerFactory.getLogger(AllUserHandler.class);

    static final int MAX_ROWS = 4000;

    @Override
    public int commandId() {
        return CommandId.CID_BUDDY_LIST_ALL_USER_REQUEST;
    }

    @Override
    public Parser<IMAllUserReq> parser() {
        return IMAllUserReq.parser();
    }

    @Override
    public long orderingKey(IMAllUserReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMAllUserReq req, DbContext ctx) throws Exception {
        int after = req.getLatestUpdateTime();
        int before = ctx.storage().directoryHorizon(ctx.now());
        List<Users.Row> rows = ctx.storage().read(c -> Users.updatedBetween(c, after, before, MAX_ROWS + 1));
        WatermarkPage.Page<Users.Row> page = WatermarkPage.cut(rows, Users.Row::updated,
                r -> r.info().getSerializedSize(), MAX_ROWS,
                WatermarkPage.frameBudget(ctx.config().maxFrameLength, req.getAttachData().size()), after);
        if (page.splitRun()) {
            log.warn("more users share updated={} than fit in one reply; user {} misses some of them until they "
                    + "change (spread IMUser.updated over several seconds to fix)", page.watermark(), req.getUserId());
        }
        IMAllUserRsp.Builder b = IMAllUserRsp.newBuilder()
                .setUserId(req.getUserId())
                .setLatestUpdateTime(page.watermark());
        for (Users.Row r : page.items()) {
            b.addUserList(r.info());
        }
        return Reply.of(CommandId.CID_BUDDY_LIST_ALL_USER_RESPONSE, b.build());
    }

    /** No result field: nothing changed, same watermark, so the client simply asks again later. */
    @Override
    public Reply onFailure(IMAllUserReq req, Failure failure, String reason) {
        IMAllUserRsp.Builder b = IMAllUserRsp.newBuilder()
                .setUserId(req.getUserId())
                .setLatestUpdateTime(req.getLatestUpdateTime());
        return Reply.of(CommandId.CID_BUDDY_LIST_ALL_USER_RESPONSE, b.build());
    }
}

package io.teamtalkj.dbproxy.handler;

import com.google.protobuf.Parser;
import com.mogujie.tt.protobuf.IMBaseDefine.DepartInfo;
import com.mogujie.tt.protobuf.IMBaseDefine.DepartmentStatusType;
import com.mogujie.tt.protobuf.IMBuddy.IMDepartmentReq;
import com.mogujie.tt.protobuf.IMBuddy.IMDepartmentRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.DbHandler;
import io.teamtalkj.dbproxy.storage.Departments;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Reply;
import io.teamtalkj.dbproxy.storage.WatermarkPage;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Failure;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CID_BUDDY_LIST_DEPARTMENT_REQUEST (0x0210): departments with {@code updated >
 * latest_update_time} (deleted ones included, with status DELETE, so clients drop them; a first
 * sync, 0, also takes rows never stamped, updated 0). Same
 * watermark and paging rules as {@link AllUserHandler}: rows stamped in the current second wait
 * for the next request, a reply fits one frame, the watermark is the highest {@code updated}
 * sent or the request's value when nothing changed. IMDepart.status values other than 0 are sent
 * as DEPT_STATUS_DELETE (the wire enum knows only 0 and 1).
 */
public final class DepartmentHandler implements DbHandler<IMDepartmentReq> {
    private static final Logger log = LoggerFactory.getLogger(DepartmentHandler.class);

    static final int MAX_ROWS = 4000;

    private record Row(DepartInfo info, int updated) {
    }

    @Override
    public int commandId() {
        return CommandId.CID_BUDDY_LIST_DEPARTMENT_REQUEST;
    }

    @Override
    public Parser<IMDepartmentReq> parser() {
        return IMDepartmentReq.parser();
    }

    @Override
    public long orderingKey(IMDepartmentReq request) {
        return Conversations.user(request.getUserId());
    }

    @Override
    public Reply handle(IMDepartmentReq req, DbContext ctx) throws Exception {
        int after = req.getLatestUpdateTime();
        List<Row> rows = new ArrayList<>();
        int before = ctx.storage().directoryHorizon(ctx.now());
        for (Departments.Row d : ctx.storage().read(c -> Departments.updatedBetween(c, after, before, MAX_ROWS + 1))) {
            DepartInfo info = DepartInfo.newBuilder()
                    .setDeptId(d.id())
                    .setPriority(d.priority())
                    .setDeptName(d.name())
                    .setParentDeptId(d.parentId())
                    .setDeptStatus(d.status() == 0 ? DepartmentStatusType.DEPT_STATUS_OK
                            : DepartmentStatusType.DEPT_STATUS_DELETE)
                    .build();
            rows.add(new Row(info, d.updated()));
        }
        WatermarkPage.Page<Row> page = WatermarkPage.cut(rows, Row::updated, r -> r.info().getSerializedSize(),
                MAX_ROWS, WatermarkPage.frameBudget(ctx.config().maxFrameLength, req.getAttachData().size()), after);
        if (page.splitRun()) {
            log.warn("more departments share updated={} than fit in one reply; some are skipped for user {}",
                    page.watermark(), req.getUserId());
        }
        IMDepartmentRsp.Builder b = IMDepartmentRsp.newBuilder()
                .setUserId(req.getUserId())
                .setLatestUpdateTime(page.watermark());
        for (Row r : page.items()) {
            b.addDeptList(r.info());
        }
        return Reply.of(CommandId.CID_BUDDY_LIST_DEPARTMENT_RESPONSE, b.build());
    }

    @Override
    public Reply onFailure(IMDepartmentReq req, Failure failure, String reason) {
        IMDepartmentRsp.Builder b = IMDepartmentRsp.newBuilder()
                .setUserId(req.getUserId())
                .setLatestUpdateTime(req.getLatestUpdateTime());
        return Reply.of(CommandId.CID_BUDDY_LIST_DEPARTMENT_RESPONSE, b.build());
    }
}

package io.teamtalkj.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.api.ApiError;
import io.teamtalkj.pdu.groupext.GroupExtResult;
import io.teamtalkj.pdu.groupext.GroupExtRsp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every refusal the dbproxy can give has its HTTP status and error_code, and keeps the dbproxy's reason. */
class GroupGovernanceOpsTest {
    @Test
    void everyRefusalMapsToItsStatus() {
        Map<GroupExtResult, String> expected = Map.of(
                GroupExtResult.GROUP_FAILED, "503 unavailable",
                GroupExtResult.GROUP_NO_SUCH_GROUP, "404 not_found",
                GroupExtResult.GROUP_NOT_MEMBER, "409 not_member",
                GroupExtResult.GROUP_NO_PERMISSION, "403 no_permission",
                GroupExtResult.GROUP_DISMISSED, "410 group_dismissed",
                GroupExtResult.GROUP_LIMIT, "409 group_limit",
                GroupExtResult.GROUP_INVALID, "400 invalid_argument",
                GroupExtResult.GROUP_OWNER_MUST_TRANSFER, "409 owner_must_transfer",
                GroupExtResult.GROUP_ALREADY, "409 already");
        for (GroupExtResult r : GroupExtResult.values()) {
            if (r == GroupExtResult.GROUP_OK) {
                continue;
            }
            ApiError e = GroupGovernanceOps.refused(GroupExtRsp.newBuilder().setUserId(1).setGroupId(2).setResult(r)
                    .setReason("the reason " + r).build());
            assertThat(e.status() + " " + e.code()).as(r.name()).isEqualTo(expected.get(r));
            assertThat(e.getMessage()).contains("the reason " + r);
        }
    }
}

package io.teamtalkj.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.api.routes.LegacyReplies;
import org.junit.jupiter.api.Test;

/** The exact bytes TeamTalk's http_msg_server wrote (JsonCpp toStyledString). */
class LegacyReplyTest {
    @Test
    void styledLikeJsonCpp() {
        assertThat(LegacyReplies.createGroup(0, 1234)).isEqualTo(
                "{\n   \"error_code\" : 0,\n   \"error_msg\" : \"成功\",\n   \"group_id\" : 1234\n}\n");
        assertThat(LegacyReplies.result(12)).isEqualTo(
                "{\n   \"error_code\" : 12,\n   \"error_msg\" : \"更改群成员失败\"\n}\n");
    }
}

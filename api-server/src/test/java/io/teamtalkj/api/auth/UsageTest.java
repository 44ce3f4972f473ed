package io.teamtalkj.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.control.api.UsageKind;
import io.teamtalkj.control.api.UsageRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTest {
    @Test
    void countsPerAppApiAndKindAndDrainsOnceAsRows() {
        Usage u = new Usage();
        assertThat(u.count(1, UsageKind.CALL, "GET /v1/stats")).isZero();
        assertThat(u.count(1, UsageKind.CALL, "GET /v1/stats")).isEqualTo(1);
        assertThat(u.count(1, UsageKind.CALL, "POST /v1/push")).isEqualTo(2);
        u.count(1, UsageKind.PUSH, "user");
        u.count(2, UsageKind.CALL, "GET /v1/stats");
        List<UsageRow> rows = u.drain();
        assertThat(rows).hasSize(4);
        assertThat(rows.stream().filter(r -> r.getAppId() == 1 && r.getKind() == UsageKind.CALL)
                .mapToLong(UsageRow::getCount).sum()).isEqualTo(3);
        assertThat(u.drain()).isEmpty(); // nothing counted twice
        // drained counts still count for the quota until the next rebase
        assertThat(u.today(1, UsageKind.CALL)).isEqualTo(3);
        assertThat(u.today(1, UsageKind.PUSH)).isEqualTo(1);
    }

    @Test
    void rebaseTakesMySqlTotalsAndRestoredRowsGoOutAgain() {
        Usage u = new Usage();
        u.count(7, UsageKind.CALL, "a");
        List<UsageRow> rows = u.drain();
        u.restore(rows); // the write failed
        assertThat(u.drain()).containsExactlyElementsOf(rows);
        u.rebase(Usage.today(), Map.of(7, new long[] {10, 4}));
        assertThat(u.today(7, UsageKind.CALL)).isEqualTo(10);
        assertThat(u.count(7, UsageKind.CALL, "a")).isEqualTo(10);
        assertThat(u.today(7, UsageKind.CALL)).isEqualTo(11);
        assertThat(u.today(7, UsageKind.PUSH)).isEqualTo(4);
    }
}

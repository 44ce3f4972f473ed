package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The push badge: a user's one-to-one unread total from the {@code unread_<uid>} hash. */
class DeviceTokensTest {
    @Test
    void unreadTotalSkipsThePresenceMarkerAndForeignValues() {
        Map<String, String> hash = Map.of(RedisKeys.UNREAD_PRESENT_FIELD, "5", "7", "3", "8", "2.0", "9", "x",
                "10", "-4");
        assertThat(DeviceTokens.unreadTotal(hash)).isEqualTo(5);
    }

    @Test
    void unreadTotalIsCappedAtIntMax() {
        assertThat(DeviceTokens.unreadTotal(Map.of("7", Long.toString(Long.MAX_VALUE / 2), "8", "1")))
                .isEqualTo(Integer.MAX_VALUE);
    }
}

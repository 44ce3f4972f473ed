package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every set of keys one Lua script touches must hash to one Redis Cluster slot (a cluster refuses
 * the script with CROSSSLOT otherwise). The key lists come from the classes that run the scripts.
 */
class RedisKeySlotsTest {
    private static final int[] IDS = {0, 1, 7, 42, 1_000, 65_535, 123_456_789, Integer.MAX_VALUE, -1};

    @Test
    void slotFunctionMatchesRedis() {
        // the CRC16 test vector of the Redis Cluster spec and its hash-tag examples
        assertThat(RedisKeys.slot("123456789")).isEqualTo(0x31C3);
        assertThat(RedisKeys.slot("{user1000}.following")).isEqualTo(RedisKeys.slot("{user1000}.followers"));
        // an empty tag does not count: the whole key is hashed
        assertThat(RedisKeys.slot("foo{}{bar}"))
                .isEqualTo(org.redisson.connection.CRC16.crc16("foo{}{bar}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) % 16384);
        assertThat(RedisKeys.slot("foo{{bar}}zap")).isEqualTo(RedisKeys.slot("{bar"));
    }

    @Test
    void unreadScriptsTouchOneSlotPerUser() {
        for (int id : IDS) {
            assertOneSlot(UnreadCounts.scriptKeys(id));
        }
    }

    @Test
    void groupCounterHealTouchesOneSlotPerGroup() {
        for (int id : IDS) {
            assertOneSlot(UnreadHealer.groupCounterKeys(id));
        }
    }

    @Test
    void verifiedCountersRunOneScriptPerSlotWithItsMarkers() {
        List<String> counters = new ArrayList<>();
        for (int id : IDS) {
            counters.add(RedisKeys.groupMsgId(id));
            counters.add(RedisKeys.msgId(Integer.toUnsignedLong(id)));
        }
        Map<Integer, List<Integer>> bySlot = VerifiedCounters.bySlot(true, counters);
        assertThat(bySlot.size()).as("distinct slots").isGreaterThan(1);
        int covered = 0;
        for (List<Integer> idx : bySlot.values()) {
            assertOneSlot(VerifiedCounters.pairs(counters, idx));
            covered += idx.size();
        }
        assertThat(covered).isEqualTo(counters.size());
        // one Redis: one script over all of them, as before
        assertThat(VerifiedCounters.bySlot(false, counters)).hasSize(1);
    }

    @Test
    void aGroupsKeysShareItsSlotAndEntitiesSpread() {
        for (int g : IDS) {
            assertOneSlot(List.of(RedisKeys.groupMsgId(g), RedisKeys.groupMsgCount(g), RedisKeys.groupMember(g),
                    RedisKeys.groupSet(g), RedisKeys.userGroupCount(5, g)));
        }
        Set<Integer> slots = new HashSet<>();
        for (int u = 1; u <= 100; u++) {
            slots.add(RedisKeys.slot(RedisKeys.unread(u)));
        }
        assertThat(slots.size()).as("100 users over slots").isGreaterThan(90);
    }

    @Test
    void namesStayReadable() {
        assertThat(RedisKeys.unread(123)).isEqualTo("{u:123}unread");
        assertThat(RedisKeys.unreadBuilt(123)).isEqualTo("{u:123}unread_built");
        assertThat(RedisKeys.msgId(77)).isEqualTo("{r:77}msg_id");
        assertThat(RedisKeys.groupMsgId(9)).isEqualTo("{g:9}msg_id");
        assertThat(RedisKeys.groupMsgCount(9)).isEqualTo("{g:9}im_group_msg");
        assertThat(RedisKeys.userGroupCount(3, 9)).isEqualTo("{g:9}3_im_user_group");
        assertThat(RedisKeys.groupMember(9)).isEqualTo("{g:9}group_member");
        assertThat(RedisKeys.groupSet(9)).isEqualTo("{g:9}group_set");
        assertThat(VerifiedCounters.marker(RedisKeys.groupMsgId(9))).isEqualTo("{g:9}msg_id_run_id");
        assertThat(RedisKeys.unreadBuilt(5)).matches(RedisKeys.UNREAD_BUILT_PATTERN.replace("*", ".*").replace("{", "\\{")
                .replace("}", "\\}"));
    }

    private static void assertOneSlot(List<?> keys) {
        Set<Integer> slots = new HashSet<>();
        for (Object k : keys) {
            slots.add(RedisKeys.slot((String) k));
        }
        assertThat(slots).as("slots of %s", keys).hasSize(1);
    }
}

package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConversationsTest {
    @Test
    void aPairIsOneConversationWhoeverSendsAndTheKindsNeverCollide() {
        assertThat(Conversations.pair(3, 9)).isEqualTo(Conversations.pair(9, 3));
        assertThat(Conversations.pair(3, 9)).isNotEqualTo(Conversations.pair(3, 10));
        assertThat(Set.of(Conversations.pair(0, 5), Conversations.group(5), Conversations.user(5))).hasSize(3);
    }

    @Test
    void theKeysOfOneServerStillSpreadOverAllOfItsWorkers() {
        Set<Integer> workersOfServerZero = new HashSet<>();
        int onServerZero = 0;
        for (int user = 1; user <= 1000; user++) {
            long key = Conversations.user(user);
            if (Conversations.serverIndex(key, 2) == 0) {
                onServerZero++;
                workersOfServerZero.add(Conversations.workerIndex(key, 4));
            }
        }
        assertThat(onServerZero).isBetween(400, 600);
        assertThat(workersOfServerZero).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
}

package io.teamtalkj.dbproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.dbproxy.storage.ReplicaChoice.State;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplicaChoiceTest {
    private static final long NOW = TimeUnit.SECONDS.toNanos(1_000);
    private final ReplicaChoice choice = new ReplicaChoice(2_000, TimeUnit.SECONDS.toNanos(3));

    private static State fresh(long lagMillis) {
        return new State(true, lagMillis, NOW - TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void noReplicasMeansThePrimary() {
        assertThat(choice.pick(List.of(), NOW)).isEqualTo(-1);
    }

    @Test
    void aReplicaWithinTheBoundServesAtTheBoundToo() {
        assertThat(choice.pick(List.of(fresh(0)), NOW)).isZero();
        assertThat(choice.pick(List.of(fresh(2_000)), NOW)).isZero();
    }

    @Test
    void laggingDeadUncheckedOrStaleReplicasAreSkipped() {
        assertThat(choice.pick(List.of(fresh(2_001)), NOW)).as("lagging").isEqualTo(-1);
        assertThat(choice.pick(List.of(new State(false, 0, NOW)), NOW)).as("not answering").isEqualTo(-1);
        assertThat(choice.pick(List.of(State.UNCHECKED), NOW)).as("never checked").isEqualTo(-1);
        assertThat(choice.pick(List.of(new State(true, Long.MAX_VALUE, NOW)), NOW)).as("no heartbeat yet").isEqualTo(-1);
        assertThat(choice.pick(List.of(new State(true, 0, NOW - TimeUnit.SECONDS.toNanos(4))), NOW))
                .as("last check too old").isEqualTo(-1);
        assertThat(choice.pick(List.of(new State(true, -5, NOW)), NOW)).as("negative lag is not trusted").isEqualTo(-1);
    }

    @Test
    void readsSpreadOverUsableReplicasOnly() {
        List<State> states = List.of(fresh(100), fresh(60_000), fresh(300), new State(false, 0, NOW));
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            picks.add(choice.pick(states, NOW));
        }
        assertThat(new HashSet<>(picks)).isEqualTo(Set.of(0, 2));
        assertThat(picks.stream().filter(p -> p == 0).count()).isBetween(10L, 30L);
    }

    @Test
    void aSkippedReplicaIsUsedAgainOnceACheckFindsItCaughtUp() {
        List<State> states = new ArrayList<>(List.of(fresh(10_000)));
        assertThat(choice.pick(states, NOW)).isEqualTo(-1);
        states.set(0, fresh(50));
        assertThat(choice.pick(states, NOW)).isZero();
    }

    @Test
    void replicasAreNamedByHostAndPortWithoutCredentials() {
        assertThat(ReadReplicas.hostOf("jdbc:mysql://10.0.0.5:3307/teamtalk?sslMode=REQUIRED")).isEqualTo("10.0.0.5:3307");
        assertThat(ReadReplicas.hostOf("jdbc:mariadb://app:secret@replica2/teamtalk")).isEqualTo("replica2");
    }
}

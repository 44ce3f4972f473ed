package io.teamtalkj.links.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The receivers' de-duplication of relays resent through another route-server. */
class RelaysSeenTest {
    @Test
    void eachRelayIdIsNewOncePerOrigin() {
        RelaysSeen seen = new RelaysSeen();
        for (long id = 1; id <= 100; id++) {
            assertThat(seen.firstTime(7L, id)).isTrue();
        }
        for (long id = 50; id <= 100; id++) {
            assertThat(seen.firstTime(7L, id)).as("copy of " + id).isFalse();
        }
        assertThat(seen.firstTime(8L, 50)).as("another origin's 50").isTrue();
    }

    @Test
    void aRelayThatOvertookAnEarlierOneDoesNotHideIt() {
        RelaysSeen seen = new RelaysSeen();
        assertThat(seen.firstTime(1L, 10)).isTrue();
        assertThat(seen.firstTime(1L, 12)).isTrue();
        assertThat(seen.firstTime(1L, 11)).as("late, through the other route-server").isTrue();
        assertThat(seen.firstTime(1L, 11)).isFalse();
    }

    @Test
    void slotsAreReusedAfterAWholeWindowAndTooOldIdsCountAsNew() {
        RelaysSeen seen = new RelaysSeen();
        assertThat(seen.firstTime(1L, 5)).isTrue();
        long later = 5 + RelaysSeen.WINDOW;
        assertThat(seen.firstTime(1L, later)).as("same slot as 5, a window later").isTrue();
        assertThat(seen.firstTime(1L, later)).isFalse();
        assertThat(seen.firstTime(1L, 5)).as("older than the window: delivered rather than lost").isTrue();
        assertThat(seen.firstTime(1L, later + 3)).isTrue();
        assertThat(seen.firstTime(1L, later + 1)).as("a gap skipped over is still new").isTrue();
    }
}

package io.teamtalkj.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.teamtalkj.loadtest.Ledger.Arrival;
import org.junit.jupiter.api.Test;

/** Loss, duplicate and order accounting with synthetic events. */
class LedgerTest {
    static final int ALICE = 1;
    static final int BOB = 2;
    static final int CAROL = 3;

    @Test
    void everyAckedMessageReceivedOnceIsExact() {
        Ledger l = new Ledger();
        long key = Ledger.pairKey(ALICE, BOB);
        Ledger.Conversation c = l.conversation(key, ALICE, BOB);
        for (int id = 1; id <= 100; id++) {
            assertThat(c.acked(ALICE, id)).isTrue();
            assertThat(l.receiver(BOB).online(key, id, ALICE, id)).isEqualTo(Arrival.NEW);
        }
        Ledger.Result r = l.reconcile();
        assertThat(r.expected()).isEqualTo(100);
        assertThat(r.received()).isEqualTo(100);
        assertThat(r.receivedOnline()).isEqualTo(100);
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.outOfOrder()).isZero();
        assertThat(l.expectedSoFar()).isEqualTo(100);
        assertThat(l.onlineUnique()).isEqualTo(100);
    }

    @Test
    void aMessageNeitherOnlineNorPulledIsLostAndNamed() {
        Ledger l = new Ledger();
        long key = Ledger.pairKey(ALICE, BOB);
        Ledger.Conversation c = l.conversation(key, ALICE, BOB);
        c.acked(ALICE, 1);
        c.acked(ALICE, 2);
        c.acked(ALICE, 3);
        l.receiver(BOB).online(key, 1, ALICE, 1);
        l.receiver(BOB).pulled(key, 2); // missed online, found in the history
        Ledger.Result r = l.reconcile();
        assertThat(r.expected()).isEqualTo(3);
        assertThat(r.receivedOnline()).isEqualTo(1);
        assertThat(r.receivedByPull()).isEqualTo(1);
        assertThat(r.received()).isEqualTo(2);
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.lostSamples()).singleElement().asString().contains("msg_id 3").contains("to " + BOB);
    }

    @Test
    void theSameMsgIdTwiceOnOneConnectionIsADuplicate() {
        Ledger l = new Ledger();
        long key = Ledger.pairKey(ALICE, BOB);
        l.conversation(key, ALICE, BOB).acked(ALICE, 7);
        assertThat(l.receiver(BOB).online(key, 7, ALICE, 1)).isEqualTo(Arrival.NEW);
        assertThat(l.receiver(BOB).online(key, 7, ALICE, 1)).isEqualTo(Arrival.DUPLICATE);
        // the same msg_id in another conversation is another message
        long other = Ledger.pairKey(CAROL, BOB);
        l.conversation(other, CAROL, BOB).acked(CAROL, 7);
        assertThat(l.receiver(BOB).online(other, 7, CAROL, 1)).isEqualTo(Arrival.NEW);
        Ledger.Result r = l.reconcile();
        assertThat(r.duplicated()).isEqualTo(1);
        assertThat(r.expected()).isEqualTo(2);
        assertThat(r.received()).isEqualTo(2);
        assertThat(r.lost()).isZero();
    }

    @Test
    void aLowerMsgIdOrSenderSequenceAfterAHigherOneIsOutOfOrder() {
        Ledger l = new Ledger();
        long key = Ledger.pairKey(ALICE, BOB);
        Ledger.Receiver bob = l.receiver(BOB);
        l.conversation(key, ALICE, BOB);
        assertThat(bob.online(key, 10, ALICE, 1)).isEqualTo(Arrival.NEW);
        assertThat(bob.online(key, 12, ALICE, 3)).isEqualTo(Arrival.NEW);
        assertThat(bob.online(key, 11, ALICE, 2)).isEqualTo(Arrival.OUT_OF_ORDER);
        // ids in order but the sender's own numbering went backwards: stored out of send order
        assertThat(bob.online(key, 13, ALICE, 2)).isEqualTo(Arrival.OUT_OF_ORDER);
        assertThat(bob.online(key, 14, ALICE, 5)).isEqualTo(Arrival.NEW);
        assertThat(l.outOfOrder()).isEqualTo(2);
        assertThat(l.onlineUnique()).isEqualTo(5);
        assertThat(l.interleaved()).isZero();
    }

    @Test
    void groupMessagesOfDifferentSendersMayInterleaveWithoutBeingOutOfOrder() {
        Ledger l = new Ledger();
        long key = Ledger.groupKey(77);
        l.conversation(key, ALICE, BOB, CAROL);
        Ledger.Receiver carol = l.receiver(CAROL);
        assertThat(carol.online(key, 20, BOB, 1)).isEqualTo(Arrival.NEW);      // bob's, delivered locally
        assertThat(carol.online(key, 19, ALICE, 6)).isEqualTo(Arrival.NEW);    // alice's, one hop longer
        assertThat(carol.online(key, 18, ALICE, 5)).isEqualTo(Arrival.OUT_OF_ORDER); // alice's own order broken
        // a lower msg_id from the same sender with a higher running number: stored out of send order
        assertThat(carol.online(key, 17, BOB, 2)).isEqualTo(Arrival.OUT_OF_ORDER);
        assertThat(l.interleaved()).isEqualTo(1);
        assertThat(l.outOfOrder()).isEqualTo(2);
        assertThat(l.reconcile().interleaved()).isEqualTo(1);
    }

    @Test
    void groupMessagesAreOwedToEveryOtherMember() {
        Ledger l = new Ledger();
        long key = Ledger.groupKey(900);
        Ledger.Conversation g = l.conversation(key, ALICE, BOB, CAROL);
        g.acked(ALICE, 1);
        g.acked(BOB, 2);
        l.receiver(BOB).online(key, 1, ALICE, 1);
        l.receiver(CAROL).online(key, 1, ALICE, 1);
        l.receiver(ALICE).online(key, 2, BOB, 1);
        // carol never got bob's message 2
        Ledger.Result r = l.reconcile();
        assertThat(r.expected()).isEqualTo(4);
        assertThat(r.received()).isEqualTo(3);
        assertThat(r.lost()).isEqualTo(1);
        assertThat(l.expectedSoFar()).isEqualTo(4);
    }

    @Test
    void storedButNeverAckedMessagesAreCountedApart() {
        Ledger l = new Ledger();
        long key = Ledger.pairKey(ALICE, BOB);
        Ledger.Conversation c = l.conversation(key, ALICE, BOB);
        c.acked(ALICE, 1);
        l.receiver(BOB).online(key, 1, ALICE, 1);
        l.receiver(BOB).online(key, 2, ALICE, 2); // its ack timed out at the sender
        l.receiver(BOB).pulled(key, 2);
        l.receiver(BOB).pulled(key, 3); // stored, never acked, never delivered online
        Ledger.Result r = l.reconcile();
        assertThat(r.expected()).isEqualTo(1);
        assertThat(r.lost()).isZero();
        assertThat(r.receivedNotAcked()).isEqualTo(2);
        assertThat(c.lowestAcked()).isEqualTo(1);
    }

    @Test
    void repeatedAcksAreCountedOnce() {
        Ledger l = new Ledger();
        Ledger.Conversation c = l.conversation(Ledger.pairKey(ALICE, BOB), ALICE, BOB);
        assertThat(c.acked(ALICE, 5)).isTrue();
        assertThat(c.acked(ALICE, 5)).isFalse();
        assertThat(l.reconcile().expected()).isEqualTo(1);
    }

    @Test
    void keysDoNotCollide() {
        assertThat(Ledger.pairKey(ALICE, BOB)).isEqualTo(Ledger.pairKey(BOB, ALICE));
        assertThat(Ledger.pairKey(ALICE, BOB)).isNotEqualTo(Ledger.pairKey(ALICE, CAROL));
        assertThat(Ledger.pairKey(0, 5)).isNotEqualTo(Ledger.groupKey(5));
    }

    @Test
    void msgIdSetHandlesIdsBelowItsFirstOneAndLargeIds() {
        MsgIdSet s = new MsgIdSet();
        assertThat(s.add(1_000_000)).isTrue();
        assertThat(s.add(999_990)).isTrue();
        assertThat(s.add(1_000_000)).isFalse();
        assertThat(s.add(0xFFFF_FFF0)).isTrue(); // unsigned
        assertThat(s.contains(999_990)).isTrue();
        assertThat(s.contains(999_991)).isFalse();
        assertThat(s.min()).isEqualTo(999_990);
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.contains(0xFFFF_FFF0)).isTrue();
        int[] seen = new int[1];
        s.forEach(id -> seen[0]++);
        assertThat(seen[0]).isEqualTo(3);
    }

    @Test
    void msgIdSetTakesIdsNewestFirstAsHistoryPagesDeliverThem() {
        MsgIdSet s = new MsgIdSet();
        for (int id = 200_000; id >= 1; id--) { // quadratic rebasing would take minutes here
            assertThat(s.add(id)).isTrue();
        }
        assertThat(s.size()).isEqualTo(200_000);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.contains(1)).isTrue();
        assertThat(s.contains(200_000)).isTrue();
        assertThat(s.contains(200_001)).isFalse();
        assertThat(s.contains(0)).isFalse();
    }

    @Test
    void markersRoundTripAndForeignTextIsIgnored() {
        String text = Marker.format("abc123", 17, 99, 123_456_789_012L, 80);
        assertThat(text).hasSize(80);
        assertThat(Marker.parse(text)).isEqualTo(new Marker("abc123", 17, 99, 123_456_789_012L));
        assertThat(Marker.parse(Marker.format("r", 1, 2, 3, 1))).isEqualTo(new Marker("r", 1, 2, 3));
        assertThat(Marker.parse("hello")).isNull();
        assertThat(Marker.parse("ltm x y z")).isNull();
        assertThat(Marker.parse(null)).isNull();
    }
}

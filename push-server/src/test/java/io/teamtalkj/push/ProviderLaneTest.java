package io.teamtalkj.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import io.teamtalkj.push.dispatch.ProviderLane;
import io.teamtalkj.push.provider.PushProvider;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProviderLaneTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    static Notification push(int user) {
        return new Notification(user, ClientType.CLIENT_TYPE_IOS, "token" + user, "a: hi", "{}", 1, false, false, "", 1, 2, 2, 1);
    }

    /** Answers with the scripted outcomes in order, then DELIVERED. */
    static final class Scripted implements PushProvider {
        final Deque<Outcome> script = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String app() {
            return "test";
        }

        @Override
        public CompletableFuture<Outcome> send(Notification n) {
            calls.incrementAndGet();
            Outcome o;
            synchronized (script) {
                o = script.isEmpty() ? Outcome.delivered() : script.poll();
            }
            return CompletableFuture.completedFuture(o);
        }

        @Override
        public void close() {
        }
    }

    /** Never answers: a provider whose connection hangs. */
    static final class Stalled implements PushProvider {
        final List<CompletableFuture<Outcome>> pending = new ArrayList<>();

        @Override
        public String name() {
            return "stalled";
        }

        @Override
        public String app() {
            return "test";
        }

        @Override
        public synchronized CompletableFuture<Outcome> send(Notification n) {
            CompletableFuture<Outcome> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public void close() {
        }
    }

    private ProviderLane lane(PushProvider p, int capacity, int inFlight, int attempts) {
        return new ProviderLane(p, new ProviderLane.Limits(capacity, inFlight, attempts, Duration.ofMillis(1),
                Duration.ofMillis(5), Duration.ofMinutes(5)), timer);
    }

    @Test
    void tenThousandPushesAgainstAStalledProviderAreBoundedAndTheRestCountedAsDropped() {
        Stalled stalled = new Stalled();
        ProviderLane lane = lane(stalled, 1000, 10, 3);
        List<CompletableFuture<Outcome>> results = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            results.add(lane.submit(push(i)));
        }
        assertThat(lane.inFlight()).isEqualTo(10);
        assertThat(lane.queued()).isEqualTo(1000);
        assertThat(stalled.pending).hasSize(10);
        assertThat(lane.stats().attempted.sum()).isEqualTo(10);
        assertThat(lane.stats().dropped.sum()).isEqualTo(10_000 - 1010);
        long droppedAtOnce = results.stream().filter(f -> f.isDone() && f.join().kind() == Outcome.Kind.DROPPED).count();
        assertThat(droppedAtOnce).isEqualTo(10_000 - 1010);
    }

    @Test
    void aStalledProviderThatAnswersLaterDrainsTheQueue() {
        Stalled stalled = new Stalled();
        ProviderLane lane = lane(stalled, 100, 2, 1);
        for (int i = 0; i < 5; i++) {
            lane.submit(push(i));
        }
        assertThat(lane.queued()).isEqualTo(3);
        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<Outcome>> now;
            synchronized (stalled) {
                now = new ArrayList<>(stalled.pending);
                stalled.pending.clear();
            }
            now.forEach(f -> f.complete(Outcome.delivered()));
        }
        assertThat(lane.stats().delivered.sum()).isEqualTo(5);
        assertThat(lane.queued()).isZero();
        assertThat(lane.inFlight()).isZero();
    }

    @Test
    void retryableOutcomesAreRetriedWithBackoffThenDelivered() {
        Scripted p = new Scripted();
        p.script.add(Outcome.retry("HTTP 503", null));
        p.script.add(Outcome.retry("HTTP 429", Duration.ofMillis(2)));
        ProviderLane lane = lane(p, 10, 1, 4);
        Outcome o = lane.submit(push(1)).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(o.kind()).isEqualTo(Outcome.Kind.DELIVERED);
        assertThat(p.calls.get()).isEqualTo(3);
        assertThat(lane.stats().attempted.sum()).isEqualTo(1);
        assertThat(lane.stats().retried.sum()).isEqualTo(2);
        assertThat(lane.stats().delivered.sum()).isEqualTo(1);
        assertThat(lane.inFlight()).isZero();
    }

    @Test
    void givesUpAfterMaxAttemptsAndCountsAFailure() {
        Scripted p = new Scripted();
        for (int i = 0; i < 10; i++) {
            p.script.add(Outcome.retry("HTTP 500", null));
        }
        ProviderLane lane = lane(p, 10, 1, 3);
        Outcome o = lane.submit(push(1)).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(o.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(o.detail()).contains("gave up after 3 attempts").contains("HTTP 500");
        assertThat(p.calls.get()).isEqualTo(3);
        assertThat(lane.stats().failed.sum()).isEqualTo(1);
        assertThat(lane.stats().retried.sum()).isEqualTo(2);
    }

    @Test
    void aProviderAnsweringAtOnceDoesNotDeepenTheStack() {
        Scripted p = new Scripted();
        ProviderLane lane = lane(p, 200_000, 1, 1);
        for (int i = 0; i < 100_000; i++) {
            lane.submit(push(i));
        }
        assertThat(lane.stats().delivered.sum()).isEqualTo(100_000);
    }

    @Test
    void alertsAreCappedWithoutSplittingCharacters() {
        assertThat(Alerts.cap("short", 10)).isEqualTo("short");
        assertThat(Alerts.cap("abcdefghijk", 5)).isEqualTo("abcd…");
        String emoji = "😀😀😀😀😀😀";
        assertThat(Alerts.cap(emoji, 3)).isEqualTo("😀😀…");
    }
}

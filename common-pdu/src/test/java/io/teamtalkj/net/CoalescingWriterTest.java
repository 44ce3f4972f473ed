package io.teamtalkj.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CoalescingWriterTest {
    /** Counts flushes and the frames written before each. */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        final List<Integer> framesPerFlush = new ArrayList<>();
        int pending;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            pending++;
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            framesPerFlush.add(pending);
            pending = 0;
            ctx.flush();
        }
    }

    @Test
    void framesQueuedBeforeTheLoopRunsLeaveInOneFlushInOrder() {
        Flushes flushes = new Flushes();
        EmbeddedChannel ch = new EmbeddedChannel(flushes);
        CoalescingWriter writer = CoalescingWriter.of(ch);
        assertThat(CoalescingWriter.of(ch)).isSameAs(writer);

        writer.write("a");
        writer.write("b");
        ChannelPromise third = ch.newPromise();
        writer.write("c", third);
        assertThat(ch.outboundMessages()).isEmpty();
        assertThat(writer.queued()).isEqualTo(3);

        ch.runPendingTasks();
        assertThat(flushes.framesPerFlush).containsExactly(3);
        assertThat(List.of((Object) ch.readOutbound(), ch.readOutbound(), ch.readOutbound())).containsExactly("a", "b", "c");
        assertThat(third.isSuccess()).isTrue();

        // the next burst schedules its own drain
        writer.write("d");
        ch.runPendingTasks();
        assertThat(flushes.framesPerFlush).containsExactly(3, 1);
        assertThat((Object) ch.readOutbound()).isEqualTo("d");
    }

    @Test
    void aLongBurstIsFlushedInBoundedSlicesNotHeldUnflushed() {
        Flushes flushes = new Flushes();
        EmbeddedChannel ch = new EmbeddedChannel(flushes);
        CoalescingWriter writer = CoalescingWriter.of(ch);
        int frames = CoalescingWriter.MAX_FRAMES_PER_FLUSH * 2 + 10;
        for (int i = 0; i < frames; i++) {
            writer.write(i);
        }
        ch.runPendingTasks();
        ch.runPendingTasks();
        ch.runPendingTasks();
        assertThat(flushes.framesPerFlush).containsExactly(CoalescingWriter.MAX_FRAMES_PER_FLUSH,
                CoalescingWriter.MAX_FRAMES_PER_FLUSH, 10);
        assertThat(writer.queued()).isZero();
    }

    @Test
    void aFrameForAChannelThatClosedFailsItsPromise() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CoalescingWriter writer = CoalescingWriter.of(ch);
        ch.close();
        ChannelPromise p = ch.newPromise();
        writer.write("late", p);
        ch.runPendingTasks();
        assertThat(p.isDone()).isTrue();
        assertThat(p.isSuccess()).isFalse();
    }

    @Test
    @Timeout(30)
    void framesFromManyThreadsAllArriveEachThreadsInOrder() throws Exception {
        io.netty.channel.EventLoopGroup group = new io.netty.channel.DefaultEventLoopGroup(2);
        try {
            int threads = 4;
            int each = 5_000;
            List<Object> received = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(threads * each);
            io.netty.channel.local.LocalAddress address = new io.netty.channel.local.LocalAddress("coalescing-" + System.nanoTime());
            io.netty.channel.Channel server = new io.netty.bootstrap.ServerBootstrap().group(group)
                    .channel(io.netty.channel.local.LocalServerChannel.class)
                    .childHandler(new io.netty.channel.ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            received.add(msg);
                            all.countDown();
                        }
                    }).bind(address).sync().channel();
            io.netty.channel.Channel client = new io.netty.bootstrap.Bootstrap().group(group)
                    .channel(io.netty.channel.local.LocalChannel.class)
                    .handler(new io.netty.channel.ChannelInboundHandlerAdapter()).connect(address).sync().channel();
            CoalescingWriter writer = CoalescingWriter.of(client);
            for (int t = 0; t < threads; t++) {
                int id = t;
                new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        writer.write(id + ":" + i);
                    }
                }).start();
            }
            assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
            int[] next = new int[threads];
            synchronized (received) {
                for (Object m : received) {
                    String[] parts = ((String) m).split(":");
                    int id = Integer.parseInt(parts[0]);
                    assertThat(Integer.parseInt(parts[1])).isEqualTo(next[id]++);
                }
            }
            assertThat(received).hasSize(threads * each);
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}

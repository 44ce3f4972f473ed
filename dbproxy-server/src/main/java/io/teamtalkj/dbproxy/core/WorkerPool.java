package io.teamtalkj.dbproxy.core;

import com.google.protobuf.MessageLite;
import io.netty.channel.Channel;
import io.teamtalkj.pdu.CommandId;
import io.teamtalkj.pdu.Pdu;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage workers, each owning the requests whose ordering key hashes to it. A worker drains up
 * to batchSize requests at a time and serves them in arrival order; a run of consecutive requests
 * for a {@link BatchDbHandler} is served in one call (one transaction). Replies are written to
 * their connections and flushed once per drained batch.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    /** Hears what the workers do, for metrics; called on worker threads, so it must not block. */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        /** A worker took {@code requests} requests from its queue at once. */
        default void drained(int requests) {
        }

        /** A batch handler served {@code requests} requests of {@code commandId} in one transaction. */
        default void committed(int commandId, int requests, long nanos) {
        }

        /** A request of {@code commandId} was answered with {@code reply} (failures included). */
        default void replied(int commandId, Reply reply) {
        }
    }

    private final Worker[] workers;
    private final DbContext ctx;
    private final int batchSize;
    private final LongAdder served = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Observer observer;
    private volatile boolean running = true;

    public WorkerPool(int workerCount, int batchSize, int queueCapacity, DbContext ctx, Observer observer) {
        this.ctx = ctx;
        this.observer = observer;
        this.batchSize = batchSize;
        this.workers = new Worker[workerCount];
        for (int i = 0; i < workerCount; i++) {
            workers[i] = new Worker(i, queueCapacity);
            workers[i].thread.start();
        }
    }

    /** One queued request; its handler, parsed message and where to answer. */
    static final class Task {
        final Channel channel;
        final Pdu pdu;
        final DbHandler<MessageLite> handler;
        final MessageLite request;

        @SuppressWarnings("unchecked")
        Task(Channel channel, Pdu pdu, DbHandler<? extends MessageLite> handler, MessageLite request) {
            this.channel = channel;
            this.pdu = pdu;
            this.handler = (DbHandler<MessageLite>) handler;
            this.request = request;
        }
    }

    /**
     * Queues a request on the worker that owns its key. Never blocks.
     *
     * @return false if that worker's queue is full or the pool is stopping
     */
    public <M extends MessageLite> boolean submit(Channel channel, Pdu pdu, DbHandler<M> handler, M request) {
        if (!running) {
            return false;
        }
        Worker w = workers[OrderingKeys.slot(handler.orderingKey(request), workers.length)];
        if (!w.queue.offer(new Task(channel, pdu, handler, request))) {
            rejected.increment();
            return false;
        }
        return true;
    }

    public long served() {
        return served.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public int workers() {
        return workers.length;
    }

    /** Requests waiting in one worker's queue. */
    public int queued(int worker) {
        return workers[worker].queue.size();
    }

    public int queued() {
        int n = 0;
        for (Worker w : workers) {
            n += w.queue.size();
        }
        return n;
    }

    /** Stops taking requests, lets the workers finish what is queued, then stops them. */
    @Override
    public void close() {
        running = false;
        for (Worker w : workers) {
            w.thread.interrupt();
        }
        for (Worker w : workers) {
            try {
                w.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker implements Runnable {
        final BlockingQueue<Task> queue;
        final Thread thread;
        final List<Task> batch = new ArrayList<>();
        final Map<Channel, Boolean> touched = new IdentityHashMap<>();

        Worker(int index, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, "dbproxy-worker-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running || !queue.isEmpty()) {
                try {
                    Task first = running ? queue.poll(200, TimeUnit.MILLISECONDS) : queue.poll();
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                    observer.drained(batch.size());
                    serve();
                } catch (InterruptedException e) {
                    if (running) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    // stopping: drain what is left without waiting
                } catch (RuntimeException | Error e) {
                    log.error("worker {} failed on a batch", thread.getName(), e);
                } finally {
                    batch.clear();
                    touched.clear();
                }
            }
        }

        private void serve() {
            int i = 0;
            int n = batch.size();
            while (i < n) {
                DbHandler<MessageLite> handler = batch.get(i).handler;
                int end = i + 1;
                if (handler instanceof BatchDbHandler) {
                    while (end < n && batch.get(end).handler == handler) {
                        end++;
                    }
                    serveRun(batch.subList(i, end));
                } else {
                    serveOne(batch.get(i));
                }
                i = end;
            }
            for (Channel ch : touched.keySet()) {
                ch.flush();
            }
        }

        private void serveOne(Task t) {
            Reply reply;
            try {
                reply = t.handler.handle(t.request, ctx);
                served.increment();
            } catch (Exception e) {
                failed.increment();
                log.warn("{} from {} failed: {}", CommandId.name(t.pdu.commandId()), t.channel.remoteAddress(), e.toString(), e);
                reply = t.handler.onFailure(t.request, "storage error: " + e.getMessage());
            }
            send(t, reply);
        }

        private void serveRun(List<Task> run) {
            @SuppressWarnings("unchecked")
            BatchDbHandler<MessageLite> handler = (BatchDbHandler<MessageLite>) run.get(0).handler;
            List<MessageLite> requests = new ArrayList<>(run.size());
            for (Task t : run) {
                requests.add(t.request);
            }
            List<Reply> replies;
            long start = System.nanoTime();
            try {
                replies = handler.handleBatch(requests, ctx);
                if (replies.size() != run.size()) {
                    throw new IllegalStateException("batch handler answered " + replies.size() + " of " + run.size());
                }
                observer.committed(handler.commandId(), run.size(), System.nanoTime() - start);
                served.add(run.size());
            } catch (Exception e) {
                failed.add(run.size());
                log.warn("batch of {} {} failed: {}", run.size(), CommandId.name(run.get(0).pdu.commandId()), e.toString(), e);
                replies = new ArrayList<>(run.size());
                for (Task t : run) {
                    replies.add(handler.onFailure(t.request, "storage error: " + e.getMessage()));
                }
            }
            for (int k = 0; k < run.size(); k++) {
                send(run.get(k), replies.get(k));
            }
        }

        private void send(Task t, Reply reply) {
            if (reply == null || reply.isNone()) {
                return;
            }
            observer.replied(t.pdu.commandId(), reply);
            if (!t.channel.isActive()) {
                log.debug("dropping reply {} to closed {}", CommandId.name(reply.commandId()), t.channel.remoteAddress());
                return;
            }
            t.channel.write(Pdu.of(reply.commandId(), t.pdu.seq(), reply.message()), t.channel.voidPromise());
            touched.put(t.channel, Boolean.TRUE);
        }
    }
}

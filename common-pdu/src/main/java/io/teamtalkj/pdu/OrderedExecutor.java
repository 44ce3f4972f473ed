package io.teamtalkj.pdu;

import com.google.protobuf.MessageLite;
import io.netty.channel.Channel;
import io.teamtalkj.net.IntervalLog;
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
 * Workers with bounded queues, each owning the requests whose ordering key
 * ({@link OrderedHandler#orderingKey}) maps to it, so one conversation is served in arrival order.
 * A worker drains up to batchSize requests at a time and serves them in order; a run of
 * consecutive requests for one {@link BatchHandler} is served in one call (group commit). Replies
 * are written to their connections and flushed once per drained batch. A full queue is answered
 * at once with the handler's {@link Failure#OVERLOADED} reply.
 */
public final class OrderedExecutor implements RequestExecutor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrderedExecutor.class);

    private final String name;
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
    private final int batchSize;
    private final LongAdder served = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    /** Requests dropped because their caller gave up (or would within {@link #MIN_BUDGET_NANOS}). */
    private final LongAdder expired = new LongAdder();
    /** A request with less time left than this is not started: its answer would come too late. */
    static final long MIN_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private final IntervalLog faults = new IntervalLog(log);
    /** Requests queued and requests finished (served, failed or dropped): equal when idle (drains wait for that). */
    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final Observer observer;
    private volatile boolean running = true;

    /**
     * @param name          names the threads ({@code name-worker-i}) and the overload text ("name overloaded")
     * @param queueCapacity requests each worker holds at most
     */
    public OrderedExecutor(String name, int workerCount, int batchSize, int queueCapacity) {
        this(name, workerCount, batchSize, queueCapacity, Observer.NONE);
    }

    /** As above, with an observer that hears every drain, commit and reply (for metrics). */
    public OrderedExecutor(String name, int workerCount, int batchSize, int queueCapacity, Observer observer) {
        this.name = name;
        this.observer = observer;
        this.batchSize = batchSize;
        this.workers = new Worker[workerCount];
        for (int i = 0; i < workerCount; i++) {
            workers[i] = new Worker(i, queueCapacity);
            workers[i].thread.start();
        }
    }

    @Override
    public void check(int commandId, RequestHandler<?> handler) {
        if (!(handler instanceof OrderedHandler)) {
            throw new IllegalArgumentException(CommandId.name(commandId) + ": " + handler.getClass().getName()
                    + " has no ordering key (implement OrderedHandler)");
        }
    }

    /** Queues the request on the worker that owns its key; a full queue or a stopping executor answers at once. */
    @Override
    public void execute(Request<?> request) {
        request.readBudget(System.nanoTime());
        submitted.increment(); // before the offer, so completed never runs ahead of submitted
        if (!running || !workers[slotOf(request)].queue.offer(request)) {
            submitted.decrement();
            rejected.increment();
            faults.hit(name + ": refusing requests, queue full", CommandId.name(request.pdu().commandId()) + " from "
                    + request.channel().remoteAddress());
            if (request.write(request.failure(Failure.OVERLOADED, name + " overloaded, retry later"))) {
                request.channel().flush();
            }
        }
    }

    private int slotOf(Request<?> request) {
        return Conversations.workerIndex(orderingKey(request), workers.length);
    }

    @SuppressWarnings("unchecked") // check() let only OrderedHandlers register here
    private static <M extends MessageLite> long orderingKey(Request<M> request) {
        return ((OrderedHandler<M>) request.handler()).orderingKey(request.message());
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

    /** Requests dropped unserved (no reply) because their caller had stopped waiting. */
    public long expired() {
        return expired.sum();
    }

    public int workers() {
        return workers.length;
    }

    /** Whether every queued request has been finished and its reply flushed. */
    public boolean idle() {
        long done = completed.sum(); // read first: completed <= submitted at every instant
        return done == submitted.sum();
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

    /**
     * Stops taking requests and waits for the workers to finish what is queued. A worker is
     * interrupted only if it is still busy after {@link #CLOSE_GRACE_MILLIS}: an interrupt in the
     * middle of a store aborts its Redis update and leaves unread counts short.
     */
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
        try {
            for (Worker w : workers) {
                w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            for (Worker w : workers) {
                if (w.thread.isAlive()) {
                    log.warn("{}: worker {} still busy after {} ms; interrupting it", name, w.thread.getName(),
                            CLOSE_GRACE_MILLIS);
                    w.thread.interrupt();
                    w.thread.join(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long {@link #close()} waits for in-flight work before interrupting the workers. */
    static final long CLOSE_GRACE_MILLIS = 10_000;

    private final class Worker implements Runnable {
        final BlockingQueue<Request<?>> queue;
        final Thread thread;
        final List<Request<?>> batch = new ArrayList<>();
        final Map<Channel, Boolean> touched = new IdentityHashMap<>();

        Worker(int index, int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.thread = new Thread(this, name + "-worker-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running || !queue.isEmpty()) {
                try {
                    Request<?> first = running ? queue.poll(200, TimeUnit.MILLISECONDS) : queue.poll();
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                    dropExpired();
                    if (batch.isEmpty()) {
                        continue;
                    }
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
                    completed.add(batch.size());
                    batch.clear();
                    touched.clear();
                }
            }
        }

        /**
         * Drops (no reply, nothing done) the requests whose caller gave up: storing a message the
         * msg-server already reported as failed would store what its sender will send again.
         */
        private void dropExpired() {
            long now = System.nanoTime();
            batch.removeIf(r -> r.expiresWithin(now, MIN_BUDGET_NANOS) && countExpired(r));
        }

        private boolean countExpired(Request<?> r) {
            expired.increment();
            completed.increment(); // leaves the batch before the finally counts it: idle() must still see it done
            faults.hit(name + ": dropping requests whose caller stopped waiting", CommandId.name(r.pdu().commandId())
                    + " from " + r.channel().remoteAddress());
            return true;
        }

        private void serve() {
            int i = 0;
            int n = batch.size();
            while (i < n) {
                RequestHandler<?> handler = batch.get(i).handler();
                int end = i + 1;
                if (handler instanceof BatchHandler) {
                    while (end < n && batch.get(end).handler() == handler) {
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

        private void serveOne(Request<?> r) {
            Reply reply;
            try {
                reply = r.handle();
                served.increment();
            } catch (Exception e) {
                failed.increment();
                log.warn("{} from {} failed: {}", CommandId.name(r.pdu().commandId()), r.channel().remoteAddress(),
                        e.toString(), e);
                reply = r.failure(Failure.HANDLER_ERROR, e.getMessage());
            }
            send(r, reply);
        }

        private void serveRun(List<Request<?>> run) {
            List<Reply> replies;
            long start = System.nanoTime();
            try {
                replies = handleBatch(run);
                if (replies.size() != run.size()) {
                    throw new IllegalStateException("batch handler answered " + replies.size() + " of " + run.size());
                }
                observer.committed(run.get(0).pdu().commandId(), run.size(), System.nanoTime() - start);
                served.add(run.size());
            } catch (Exception e) {
                failed.add(run.size());
                log.warn("batch of {} {} failed: {}", run.size(), CommandId.name(run.get(0).pdu().commandId()),
                        e.toString(), e);
                replies = new ArrayList<>(run.size());
                for (Request<?> r : run) {
                    replies.add(r.failure(Failure.HANDLER_ERROR, e.getMessage()));
                }
            }
            for (int k = 0; k < run.size(); k++) {
                send(run.get(k), replies.get(k));
            }
        }

        /** One call for the run; every request in it has the same BatchHandler, hence the same message type. */
        @SuppressWarnings("unchecked")
        private <M extends MessageLite> List<Reply> handleBatch(List<Request<?>> run)
                throws Exception {
            BatchHandler<M> handler = (BatchHandler<M>) run.get(0).handler();
            List<M> requests = new ArrayList<>(run.size());
            for (Request<?> r : run) {
                requests.add((M) r.message());
            }
            return handler.handleBatch(requests);
        }

        private void send(Request<?> r, Reply reply) {
            if (reply != null) {
                observer.replied(r.pdu().commandId(), reply);
            }
            if (r.write(reply)) {
                touched.put(r.channel(), Boolean.TRUE);
            } else if (reply != null && !reply.isNone()) {
                log.debug("dropping reply {} to closed {}", CommandId.name(reply.commandId()), r.channel().remoteAddress());
            }
        }
    }
}

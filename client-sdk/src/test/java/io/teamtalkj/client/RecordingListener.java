package io.teamtalkj.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.mogujie.tt.protobuf.IMLogin.IMKickUser;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadNotify;
import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.teamtalkj.pdu.Pdu;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Records every callback (and the thread it ran on) for assertions. */
final class RecordingListener implements ClientListener {
    final List<IMMsgData> messages = new CopyOnWriteArrayList<>();
    final List<IMKickUser> kicks = new CopyOnWriteArrayList<>();
    final List<IMMsgDataReadNotify> readNotifies = new CopyOnWriteArrayList<>();
    final List<IMP2PCmdMsg> p2p = new CopyOnWriteArrayList<>();
    final List<Pdu> pushes = new CopyOnWriteArrayList<>();
    final List<Optional<Throwable>> disconnects = new CopyOnWriteArrayList<>();
    final List<IMLoginRes> reconnects = new CopyOnWriteArrayList<>();
    final List<Pdu> protocolErrors = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(IMMsgData msg) {
        threads.add(Thread.currentThread().getName());
        messages.add(msg);
    }

    @Override
    public void onKicked(IMKickUser kick) {
        kicks.add(kick);
    }

    @Override
    public void onReadNotify(IMMsgDataReadNotify notify) {
        readNotifies.add(notify);
    }

    @Override
    public void onP2P(IMP2PCmdMsg msg) {
        p2p.add(msg);
    }

    @Override
    public void onPush(Pdu pdu) {
        pushes.add(pdu);
    }

    @Override
    public void onDisconnected(Throwable causeOrNull) {
        disconnects.add(Optional.ofNullable(causeOrNull));
    }

    @Override
    public void onReconnected(IMLoginRes res) {
        reconnects.add(res);
    }

    @Override
    public void onProtocolError(Pdu pdu, Exception error) {
        protocolErrors.add(pdu);
    }

    /** Polls {@code condition} for up to 10 s. */
    static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }
}

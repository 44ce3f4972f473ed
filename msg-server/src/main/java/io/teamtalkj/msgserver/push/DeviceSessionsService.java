package io.teamtalkj.msgserver.push;

import io.grpc.stub.StreamObserver;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.msgserver.session.SessionRegistry;
import io.teamtalkj.pdu.push.DeviceSession;
import io.teamtalkj.pdu.push.DeviceSessionsGrpc;
import io.teamtalkj.pdu.push.DeviceSessionsReply;
import io.teamtalkj.pdu.push.DeviceSessionsRequest;
import java.util.Locale;

/** DeviceSessions over gRPC: a user's connections on this msg-server, with device id and app state. */
public final class DeviceSessionsService extends DeviceSessionsGrpc.DeviceSessionsImplBase {
    private final String hostName;
    private final SessionRegistry sessions;

    public DeviceSessionsService(String hostName, SessionRegistry sessions) {
        this.hostName = hostName;
        this.sessions = sessions;
    }

    @Override
    public void list(DeviceSessionsRequest request, StreamObserver<DeviceSessionsReply> out) {
        DeviceSessionsReply.Builder b = DeviceSessionsReply.newBuilder().setMsgServer(hostName);
        for (ClientSession s : sessions.sessions(request.getUserId())) {
            b.addSessions(DeviceSession.newBuilder().setDeviceId(s.deviceId())
                    .setClientType(s.clientType().name().replace("CLIENT_TYPE_", "").toLowerCase(Locale.ROOT))
                    .setPeer(s.peer()).setForeground(s.foreground()));
        }
        out.onNext(b.build());
        out.onCompleted();
    }
}

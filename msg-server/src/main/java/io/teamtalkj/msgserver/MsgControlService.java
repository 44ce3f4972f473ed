package io.teamtalkj.msgserver;

import io.grpc.stub.StreamObserver;
import io.teamtalkj.control.msg.MsgServerControlGrpc;
import io.teamtalkj.control.msg.StopRequest;
import io.teamtalkj.control.msg.StopResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC {@code MsgServerControl.Stop}: the SIGTERM drain of this msg-server, started on its own
 * thread after the answer (the drain waits, and it closes the control port this call came in on).
 */
final class MsgControlService extends MsgServerControlGrpc.MsgServerControlImplBase {
    private static final Logger log = LoggerFactory.getLogger(MsgControlService.class);

    private final MsgServer server;

    MsgControlService(MsgServer server) {
        this.server = server;
    }

    @Override
    public void stop(StopRequest request, StreamObserver<StopResponse> out) {
        int connections = server.sessions().connectionCount();
        out.onNext(StopResponse.newBuilder().setInstance(server.config().hostName).setConnections(connections).build());
        out.onCompleted();
        log.info("msg-server {}: stop asked on the control port ({} connections)", server.config().hostName, connections);
        Thread t = new Thread(server::close, "msg-server-stop-" + server.config().hostName);
        t.setDaemon(false);
        t.start();
    }
}

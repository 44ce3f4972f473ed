package io.teamtalkj.msgserver.handler;

import io.netty.channel.ChannelHandlerContext;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.ClientClass;
import io.teamtalkj.pdu.Pdu;
import io.teamtalkj.pdu.PduHandler;
import io.teamtalkj.pdu.PushCommandId;
import io.teamtalkj.pdu.push.IMAppStateReport;
import io.teamtalkj.pdu.push.IMAppStateRsp;

/**
 * 0x0740 IMAppStateReport: a phone app says it went to the background or came back. A backgrounded
 * phone still gets messages online (nothing is held back), and it counts as inactive for
 * offline push on every msg-server (the state is also reported to the dbproxy, 0x0822), so the user is alerted while the app cannot show anything. Only mobile clients
 * report; a PC is refused (result 1). Answered with 0x0741 and the request's seq.
 */
final class AppStateHandler implements PduHandler<IMAppStateReport> {
    private final io.teamtalkj.msgserver.MsgServerContext ctx;

    AppStateHandler(io.teamtalkj.msgserver.MsgServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(ChannelHandlerContext channel, Pdu pdu, IMAppStateReport report) {
        ClientSession session = ClientSession.of(channel.channel());
        IMAppStateRsp.Builder rsp = IMAppStateRsp.newBuilder();
        if (session.deviceClass() != ClientClass.MOBILE) {
            rsp.setResultCode(1).setReason("only mobile clients report an app state");
        } else {
            session.foreground(report.getState() == IMAppStateReport.AppState.ACTIVE);
            // kept by the dbproxy too, so a push decided on another msg-server sees it
            io.teamtalkj.msgserver.push.PhoneStateReports.appState(ctx, session);
            rsp.setResultCode(0);
        }
        session.send(Pdu.of(PushCommandId.CID_PUSH_APP_STATE_RSP, pdu.seq(), rsp.build()));
    }
}

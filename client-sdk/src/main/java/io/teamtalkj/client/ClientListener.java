package io.teamtalkj.client;

import com.mogujie.tt.protobuf.IMBuddy.IMPCLoginStatusNotify;
import com.mogujie.tt.protobuf.IMBuddy.IMRemoveSessionNotify;
import com.mogujie.tt.protobuf.IMBuddy.IMSignInfoChangedNotify;
import com.mogujie.tt.protobuf.IMBuddy.IMUserStatNotify;
import com.mogujie.tt.protobuf.IMFile.IMFileNotify;
import com.mogujie.tt.protobuf.IMGroup.IMGroupChangeMemberNotify;
import com.mogujie.tt.protobuf.IMLogin.IMKickUser;
import com.mogujie.tt.protobuf.IMLogin.IMLoginRes;
import com.mogujie.tt.protobuf.IMMessage.IMMsgData;
import com.mogujie.tt.protobuf.IMMessage.IMMsgDataReadNotify;
import com.mogujie.tt.protobuf.IMSwitchService.IMP2PCmdMsg;
import io.teamtalkj.pdu.Pdu;

/**
 * What the server tells a {@link TeamTalkClient} without being asked. Every method has a no-op
 * default, so implement only what you need.
 *
 * <p><b>Threading:</b> callbacks run on the client's event-loop thread, one at a time and in
 * arrival order. They must not block (no {@code future.get()} on the SDK's own futures, no
 * blocking I/O): hand slow work to another executor. An exception thrown by a callback is
 * logged and otherwise ignored.
 */
public interface ClientListener {

    /** A chat message (0x0301): text is {@link TeamTalkText#decode(com.google.protobuf.ByteString)}-able. */
    default void onMessage(IMMsgData msg) {
    }

    /**
     * Kicked (0x0107), e.g. the same user logged in again on the same device class. The client
     * then disconnects (unless closeOnKick is off) and does not reconnect.
     */
    default void onKicked(IMKickUser kick) {
    }

    /** The same user read a session on another device (0x0304). */
    default void onReadNotify(IMMsgDataReadNotify notify) {
    }

    /** A user's PC client went on- or offline (0x0203). */
    default void onUserStatus(IMUserStatNotify notify) {
    }

    /** Members were added to or removed from a group (0x040b). */
    default void onGroupChangeMember(IMGroupChangeMemberNotify notify) {
    }

    /** A user changed their signature (0x0215). */
    default void onSignInfoChanged(IMSignInfoChangedNotify notify) {
    }

    /** The same user removed a session on another device (0x020f). */
    default void onRemoveSession(IMRemoveSessionNotify notify) {
    }

    /** A peer-to-peer command such as a typing indicator (0x0601). */
    default void onP2P(IMP2PCmdMsg msg) {
    }

    /** For mobile clients: whether a PC client of the same user is logged in (0x020e). */
    default void onPcLoginStatus(IMPCLoginStatusNotify notify) {
    }

    /** A file is offered (0x0508). */
    default void onFileNotify(IMFileNotify notify) {
    }

    /**
     * Any other frame the client did not ask for, including a response that arrived after its
     * request had timed out.
     */
    default void onPush(Pdu pdu) {
    }

    /**
     * A logged-in connection ended. {@code causeOrNull} is null after {@link TeamTalkClient#close()}
     * or {@link TeamTalkClient#logout()}; otherwise a {@link ConnectionLostException} (a
     * {@link KickedException} after a kick). If reconnecting is on, attempts follow. Called once
     * more, with a {@link LoginFailedException}, if a reconnect is refused for bad credentials,
     * after which the client stays disconnected.
     */
    default void onDisconnected(Throwable causeOrNull) {
    }

    /** A reconnect succeeded: a new connection is logged in (requests work again). */
    default void onReconnected(IMLoginRes res) {
    }

    /** A frame from the server could not be parsed; it was dropped. */
    default void onProtocolError(Pdu pdu, Exception error) {
    }
}

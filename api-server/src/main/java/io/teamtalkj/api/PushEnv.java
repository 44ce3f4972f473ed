package io.teamtalkj.api;

import com.mogujie.tt.protobuf.IMBuddy.IMUsersStatRsp;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.msgserver.db.DbClient;
import io.teamtalkj.msgserver.push.OfflinePush;
import io.teamtalkj.msgserver.session.ClientSession;
import io.teamtalkj.pdu.Pdu;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The api-server as the msg-server's {@link OfflinePush} sees it: the same dbproxy and
 * route-server links, and no client connections, so presence comes from the route-server only.
 */
final class PushEnv implements OfflinePush.Env {
    private static final ClientSession[] NONE = new ClientSession[0];

    private final DbClient db;
    private final RouteClient route;
    private final int textChars;

    PushEnv(DbClient db, RouteClient route, int textChars) {
        this.db = db;
        this.route = route;
        this.textChars = textChars;
    }

    @Override
    public CompletableFuture<Pdu> dbCall(int commandId, byte[] body, long orderingKey) {
        return db.call(commandId, body, orderingKey);
    }

    @Override
    public boolean dbSend(int commandId, byte[] body, long orderingKey) {
        return db.send(commandId, body, orderingKey);
    }

    @Override
    public boolean presenceAvailable() {
        return route.anyUp();
    }

    @Override
    public CompletableFuture<IMUsersStatRsp> usersStatus(int requester, List<Integer> users) {
        return route.usersStatus(requester, users);
    }

    @Override
    public ClientSession[] sessionsHere(int userId) {
        return NONE;
    }

    @Override
    public int pushTextChars() {
        return textChars;
    }

    @Override
    public boolean quietPushInDnd() {
        return true; // the msg-server's default: inside do-not-disturb, a push without sound
    }
}

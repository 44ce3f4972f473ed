package io.teamtalkj.msgserver;

import com.mogujie.tt.protobuf.IMBaseDefine.SessionType;
import com.mogujie.tt.protobuf.IMMessage.IMGetMsgListRsp;
import io.teamtalkj.client.TeamTalkClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads a whole one-to-one history through the client protocol, as a user scrolling back would. */
final class HistoryPages {
    private HistoryPages() {
    }

    /** Every stored msg_id of {@code client}'s conversation with {@code peer}, oldest first (read newest first, page by page). */
    static List<Integer> allIds(TeamTalkClient client, int peer) throws Exception {
        List<Integer> ids = newestFirst(client, peer);
        Collections.reverse(ids);
        return ids;
    }

    private static List<Integer> newestFirst(TeamTalkClient client, int peer) throws Exception {
        List<Integer> ids = new ArrayList<>();
        int begin = 0;
        while (true) {
            IMGetMsgListRsp page = client.history(SessionType.SESSION_TYPE_SINGLE, peer, begin, 100)
                    .get(15, TimeUnit.SECONDS);
            page.getMsgListList().forEach(m -> ids.add(m.getMsgId()));
            if (page.getMsgListCount() < 100) {
                return ids;
            }
            begin = page.getMsgList(page.getMsgListCount() - 1).getMsgId() - 1;
            if (begin <= 0) {
                return ids; // 0 would mean "from the latest" again
            }
        }
    }
}

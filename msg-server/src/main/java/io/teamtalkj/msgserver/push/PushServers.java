package io.teamtalkj.msgserver.push;

import com.mogujie.tt.protobuf.IMServer.IMPushToUserReq;
import io.teamtalkj.links.push.PushServerLinks;

/** What the msg-server needs from the push-servers; {@link #NONE} when none is configured. */
public interface PushServers extends AutoCloseable {
    /** Hands a push request on without waiting; false when no push-server can take it. */
    boolean send(IMPushToUserReq request);

    boolean configured();

    /** Links up now. */
    int upCount();

    /** Requests sent and requests no link could take, since start. */
    long sent();

    long notSent();

    @Override
    void close();

    PushServers NONE = new PushServers() {
        @Override
        public boolean send(IMPushToUserReq request) {
            return false;
        }

        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public int upCount() {
            return 0;
        }

        @Override
        public long sent() {
            return 0;
        }

        @Override
        public long notSent() {
            return 0;
        }

        @Override
        public void close() {
        }
    };

    static PushServers over(PushServerLinks links) {
        return new PushServers() {
            @Override
            public boolean send(IMPushToUserReq request) {
                return links.send(request);
            }

            @Override
            public boolean configured() {
                return links.configured() > 0;
            }

            @Override
            public int upCount() {
                return links.upCount();
            }

            @Override
            public long sent() {
                return links.sent.sum();
            }

            @Override
            public long notSent() {
                return links.notSent.sum();
            }

            @Override
            public void close() {
                links.close();
            }
        };
    }
}

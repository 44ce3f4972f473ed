package io.teamtalkj.push.dispatch;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which lane a token type goes to: iOS tokens to APNs, Android tokens to FCM, and either to the
 * webhook when its own service is not configured, else to the log. Other token types have no
 * push service (null).
 */
public final class PushRouter implements AutoCloseable {
    private final ProviderLane apns;
    private final ProviderLane fcm;
    private final ProviderLane webhook;
    private final ProviderLane log;

    /** Any of the lanes may be null (not configured). */
    public PushRouter(ProviderLane apns, ProviderLane fcm, ProviderLane webhook, ProviderLane log) {
        this.apns = apns;
        this.fcm = fcm;
        this.webhook = webhook;
        this.log = log;
    }

    /** The lane for this token type, or null when nothing takes it. */
    public ProviderLane lane(ClientType type) {
        ProviderLane own = switch (type) {
            case CLIENT_TYPE_IOS -> apns;
            case CLIENT_TYPE_ANDROID -> fcm;
            default -> null;
        };
        if (type != ClientType.CLIENT_TYPE_IOS && type != ClientType.CLIENT_TYPE_ANDROID) {
            return null;
        }
        return own != null ? own : webhook != null ? webhook : log;
    }

    /** Every configured lane, each once. */
    public List<ProviderLane> lanes() {
        LinkedHashSet<ProviderLane> all = new LinkedHashSet<>();
        for (ProviderLane l : new ProviderLane[] {apns, fcm, webhook, log}) {
            if (l != null) {
                all.add(l);
            }
        }
        return new ArrayList<>(all);
    }

    @Override
    public void close() {
        for (ProviderLane l : lanes()) {
            l.close();
        }
    }
}

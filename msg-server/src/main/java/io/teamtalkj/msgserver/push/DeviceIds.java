package io.teamtalkj.msgserver.push;

import com.mogujie.tt.protobuf.IMLogin.IMLoginReq;
import java.util.Locale;

/**
 * The device id of a connection: the client's own (IMLoginReq.tt_device_id, printable, at most
 * {@link #MAX_CHARS}) or, for TeamTalk clients that send none, the client type ("ios",
 * "android", "windows", "mac"), which is unique among a user's connections since a user is online
 * once per device class.
 */
public final class DeviceIds {
    public static final int MAX_CHARS = 64;

    private DeviceIds() {
    }

    public static String of(IMLoginReq req, int userId) {
        if (req.hasTtDeviceId()) {
            String id = req.getTtDeviceId().strip();
            if (!id.isEmpty() && id.length() <= MAX_CHARS && id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                return id;
            }
        }
        return typeName(req.getClientType());
    }

    static String typeName(com.mogujie.tt.protobuf.IMBaseDefine.ClientType type) {
        return type.name().replace("CLIENT_TYPE_", "").toLowerCase(Locale.ROOT);
    }
}

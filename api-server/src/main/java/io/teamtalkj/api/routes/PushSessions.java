package io.teamtalkj.api.routes;

import io.teamtalkj.api.ApiError;
import io.teamtalkj.links.route.RouteClient;
import io.teamtalkj.msgserver.push.DeviceIds;
import io.teamtalkj.msgserver.push.OfflinePush;
import io.teamtalkj.pdu.push.DeviceTargeting;
import java.util.List;

/**
 * The {@code sessions} of POST /v1/push: which connections get the notification online (a relay
 * to a device class, or none) and which devices get a phone push through the push-server (a
 * targeting, or none). Relays address connections, not app states, so "active" reaches every
 * connected session (a backgrounded phone reads it when it resumes) and sends no phone push;
 * "inactive" and "devices" are phone pushes only.
 *
 * @param name       as given (answered back)
 * @param relayClass RouteClient class to relay to, or {@link #NO_RELAY}
 * @param push       the phone push targeting, or null for none
 */
record PushSessions(String name, int relayClass, DeviceTargeting push) {
    static final int NO_RELAY = -1;
    static final int MAX_DEVICE_IDS = 100;

    static PushSessions of(String sessions, List<String> deviceIds) {
        String name = sessions == null ? (deviceIds == null ? "all" : "devices") : sessions;
        if (deviceIds != null && !name.equals("devices")) {
            throw ApiError.badRequest("device_ids go with sessions \"devices\" (got \"" + name + "\")");
        }
        return switch (name) {
            case "all" -> new PushSessions(name, RouteClient.CLASS_ALL, OfflinePush.INACTIVE);
            case "pc" -> new PushSessions(name, RouteClient.CLASS_PC, null);
            case "mobile" -> new PushSessions(name, RouteClient.CLASS_MOBILE, OfflinePush.INACTIVE);
            case "active" -> new PushSessions(name, RouteClient.CLASS_ALL, null);
            case "inactive" -> new PushSessions(name, NO_RELAY, OfflinePush.INACTIVE);
            case "devices" -> new PushSessions(name, NO_RELAY, devices(deviceIds));
            default -> throw ApiError.badRequest("sessions must be all, pc, mobile, active, inactive or devices (with device_ids)");
        };
    }

    private static DeviceTargeting devices(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw ApiError.badRequest("sessions \"devices\" needs device_ids (a non-empty list)");
        }
        if (ids.size() > MAX_DEVICE_IDS) {
            throw ApiError.badRequest("at most " + MAX_DEVICE_IDS + " device_ids");
        }
        for (String id : ids) {
            if (id == null || id.isEmpty() || id.length() > DeviceIds.MAX_CHARS || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw ApiError.badRequest("device_ids must be printable ASCII without spaces, 1-" + DeviceIds.MAX_CHARS + " chars");
            }
        }
        return DeviceTargeting.newBuilder().setMode(DeviceTargeting.Mode.DEVICES).addAllDeviceIds(ids).build();
    }
}

package io.teamtalkj.dbproxy.storage;

import com.mogujie.tt.protobuf.IMBaseDefine.ClientType;

/**
 * TeamTalk's device-token values in Redis: {@code device_<uid>} holds {@code "ios:<token>"},
 * {@code "android:<token>"} or a bare token (other client types), {@code device_<token>} holds
 * the user id the token belongs to.
 */
public final class DeviceTokens {
    public static final String IOS = "ios:";
    public static final String ANDROID = "android:";
    /** APNs tokens are 64 hex chars, FCM tokens ~160; longer values are refused. */
    public static final int MAX_TOKEN_CHARS = 256;

    private DeviceTokens() {
    }

    /** The stored form of a token sent from a client of this type. */
    public static String value(ClientType type, String token) {
        if (type == ClientType.CLIENT_TYPE_IOS) {
            return IOS + token;
        }
        if (type == ClientType.CLIENT_TYPE_ANDROID) {
            return ANDROID + token;
        }
        return token;
    }

    /** The token inside a stored value, or null for a missing/empty value. */
    public static String token(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.startsWith(IOS)) {
            return value.substring(IOS.length());
        }
        if (value.startsWith(ANDROID)) {
            return value.substring(ANDROID.length());
        }
        return value;
    }

    /** The push platform of a stored value; null for a bare token (no push service known for it). */
    public static ClientType type(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith(IOS)) {
            return ClientType.CLIENT_TYPE_IOS;
        }
        if (value.startsWith(ANDROID)) {
            return ClientType.CLIENT_TYPE_ANDROID;
        }
        return null;
    }

    /**
     * Whether a token can be stored. A token of digits only is refused because its reverse key
     * {@code device_<token>} would be the key of the user with that id (TeamTalk's key scheme).
     */
    public static boolean acceptable(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            return false;
        }
        boolean allDigits = true;
        for (int i = 0; i < token.length(); i++) {
            char ch = token.charAt(i);
            if (Character.isWhitespace(ch) || Character.isISOControl(ch)) {
                return false;
            }
            if (ch < '0' || ch > '9') {
                allDigits = false;
            }
        }
        return !allDigits;
    }
}

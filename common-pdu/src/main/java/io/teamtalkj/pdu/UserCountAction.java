package io.teamtalkj.pdu;

/** IMUserCntUpdate.user_action values (msg-server to login-server): a login added or removed. */
public final class UserCountAction {
    public static final int ADD = 1;
    public static final int REMOVE = 2;

    private UserCountAction() {
    }
}

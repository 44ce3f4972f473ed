package io.teamtalkj.client;

/** Where a {@link TeamTalkClient} is in its life. */
public enum ClientState {
    /** Created; {@link TeamTalkClient#connect()} not called yet, or the first connect failed. */
    NEW,
    /** First connect in progress: discovery, TCP, login. */
    CONNECTING,
    /** Logged in; requests can be made. */
    LOGGED_IN,
    /** The connection was lost; waiting or trying to reconnect. */
    RECONNECTING,
    /** Lost and not reconnecting (kicked, reconnect off, or refused credentials); connect() again is allowed. */
    DISCONNECTED,
    /** Closed or logged out for good. */
    CLOSED
}

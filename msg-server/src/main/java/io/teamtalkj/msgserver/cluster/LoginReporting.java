package io.teamtalkj.msgserver.cluster;

/** What the msg-server tells the login-servers: one more or one fewer authenticated connection. */
public interface LoginReporting extends AutoCloseable {
    void userLoggedIn(int userId);

    void userLoggedOut(int userId);

    @Override
    void close();

    LoginReporting NONE = new LoginReporting() {
        @Override
        public void userLoggedIn(int userId) {
        }

        @Override
        public void userLoggedOut(int userId) {
        }

        @Override
        public void close() {
        }
    };
}

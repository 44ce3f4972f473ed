package io.teamtalkj.msgserver.cluster;

import io.teamtalkj.links.login.LoginServerReporter;

/** {@link LoginReporting} over real links to the configured login-servers. */
public final class LoginServerLinks implements LoginReporting {
    private final LoginServerReporter reporter;

    public LoginServerLinks(LoginServerReporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public void userLoggedIn(int userId) {
        reporter.userLoggedIn(userId);
    }

    @Override
    public void userLoggedOut(int userId) {
        reporter.userLoggedOut(userId);
    }

    public int linksUp() {
        return reporter.linksUp();
    }

    @Override
    public void close() {
        reporter.close();
    }
}

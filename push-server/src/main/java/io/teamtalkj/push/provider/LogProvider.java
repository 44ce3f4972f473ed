package io.teamtalkj.push.provider;

import io.teamtalkj.push.Notification;
import io.teamtalkj.push.Outcome;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints each push as one line and calls it delivered: the default of {@code teamtalk cluster},
 * so a newcomer sees what a phone would have been sent without an Apple or Google account.
 * Tokens are shortened.
 */
public final class LogProvider implements PushProvider {
    private static final Logger log = LoggerFactory.getLogger("io.teamtalkj.push.pushes");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public String app() {
        return "-";
    }

    @Override
    public CompletableFuture<Outcome> send(Notification n) {
        log.info("push to user {} {}{} token {}: \"{}\" badge {}{}{} msg {} from {} session {}/{}{}", Integer.toUnsignedString(n.userId()),
                n.platformName(), n.deviceId().isEmpty() ? "" : " device " + n.deviceId(), n.tokenForLog(), n.alert(), n.badge(), n.silent() ? " silent" : "",
                n.quiet() ? " quiet" : "", Integer.toUnsignedString(n.msgId()), Integer.toUnsignedString(n.fromUserId()),
                n.sessionType() == 2 ? "group" : "single", Integer.toUnsignedString(n.sessionId()),
                n.collapseId().isEmpty() ? "" : " collapse " + n.collapseId());
        return CompletableFuture.completedFuture(Outcome.delivered());
    }

    @Override
    public void close() {
    }
}

package io.teamtalkj.launcher.chat;

/** A command could not be done; the message is shown to the user as it is. */
final class ChatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChatException(String message) {
        super(message);
    }
}

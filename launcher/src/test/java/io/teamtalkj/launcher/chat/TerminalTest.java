package io.teamtalkj.launcher.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalTest {
    @Test
    void onATerminalALiveLineReplacesTheWaitingPromptAndShowsItAgain() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Terminal t = new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        t.setPrompt("bob> ");
        t.showPrompt();
        t.event("[12:00] bob -> you: hi");
        t.inputTaken();
        t.println("sent to bob (msg 2)");
        t.event("[12:01] bob -> you: bye"); // no prompt waiting: just the line
        t.showPrompt();
        t.last("Disconnected.");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("bob> \r\033[K[12:00] bob -> you: hi\nbob> "
                + "sent to bob (msg 2)\n[12:01] bob -> you: bye\nbob> \r\033[KDisconnected.\n");
    }

    @Test
    void pipedThereIsNoPromptAndNoEscapes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Terminal t = new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        t.setPrompt("bob> ");
        t.showPrompt();
        t.event("[12:00] bob -> you: hi");
        t.last("Logged out. Bye.");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("[12:00] bob -> you: hi\nLogged out. Bye.\n");
    }
}

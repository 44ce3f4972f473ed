package io.teamtalkj.launcher.chat;

import java.io.PrintStream;

/**
 * The chat's output. Lines from the input thread and from the event printer never interleave
 * inside a line or a listing (each call prints whole). On a terminal a prompt shows the selected
 * conversation; a live message first wipes a prompt that is waiting, prints itself, and shows the
 * prompt again. Text half typed at that moment is still in the line buffer (the terminal's own
 * line editing keeps it), it is just no longer visible: Ctrl-R shows it again, Ctrl-U clears it.
 */
final class Terminal {
    private static final String WIPE_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean interactive;
    private String prompt = "> ";
    private boolean promptShown;

    Terminal(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Output of a command (one or more lines). */
    synchronized void println(String text) {
        promptShown = false;
        out.println(text);
        out.flush();
    }

    /** Something that happened on its own: a message, a disconnect. */
    synchronized void event(String text) {
        if (interactive && promptShown) {
            out.print(WIPE_LINE);
            out.println(text);
            out.print(prompt);
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** The last line: like {@link #event} but without a new prompt. */
    synchronized void last(String text) {
        if (interactive && promptShown) {
            out.print(WIPE_LINE);
        }
        promptShown = false;
        out.println(text);
        out.flush();
    }

    synchronized void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    /** Shows the prompt (on a terminal only) before waiting for the next line. */
    synchronized void showPrompt() {
        if (interactive) {
            out.print(prompt);
            out.flush();
            promptShown = true;
        }
    }

    /** A line was read: the prompt and what was typed scrolled up with the Enter. */
    synchronized void inputTaken() {
        promptShown = false;
    }
}

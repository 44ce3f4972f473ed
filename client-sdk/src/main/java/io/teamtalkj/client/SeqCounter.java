package io.teamtalkj.client;

/** Request seq numbers: uint16, never 0 (pushes carry 0), wrapping from 65535 to 1. Not thread-safe. */
final class SeqCounter {
    private int last;

    SeqCounter() {
        this(0);
    }

    /** @param last the value before the first one handed out */
    SeqCounter(int last) {
        this.last = last & 0xffff;
    }

    int next() {
        last = last >= 0xffff ? 1 : last + 1;
        return last;
    }
}

package io.teamtalkj.route;

import io.teamtalkj.pdu.ClientClass;

/**
 * What one presence update did to a user: the device classes connected anywhere before and after,
 * and whether it was a connection arriving (an ONLINE update). The status notifier decides from
 * this who hears about it.
 */
public final class StatusChange {
    private final int userId;
    private final int classesBefore;
    private final int classesAfter;
    private final boolean arrival;
    private final int[] contacts;

    StatusChange(int userId, int classesBefore, int classesAfter, boolean arrival, int[] contacts) {
        this.userId = userId;
        this.classesBefore = classesBefore;
        this.classesAfter = classesAfter;
        this.arrival = arrival;
        this.contacts = contacts;
    }

    public int userId() {
        return userId;
    }

    public int classesBefore() {
        return classesBefore;
    }

    public int classesAfter() {
        return classesAfter;
    }

    /** A new connection of the user was reported (IMUserStatusUpdate ONLINE). */
    public boolean arrival() {
        return arrival;
    }

    /** The user's contacts (after the change, or before it when the user left). */
    public int[] contacts() {
        return contacts;
    }

    public boolean pcBefore() {
        return (classesBefore & ClientClass.PC.bit) != 0;
    }

    public boolean pcAfter() {
        return (classesAfter & ClientClass.PC.bit) != 0;
    }

    @Override
    public String toString() {
        return "user " + userId + " classes " + classesBefore + "->" + classesAfter + (arrival ? " (arrival)" : "");
    }
}

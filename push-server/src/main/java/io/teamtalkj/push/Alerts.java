package io.teamtalkj.push;

/** Caps alert text: APNs refuses payloads over 4 KiB and phones show two lines anyway. */
public final class Alerts {
    private Alerts() {
    }

    /** {@code text} cut to at most {@code maxChars} code points, "…" marking the cut; never splits a surrogate pair. */
    public static String cap(String text, int maxChars) {
        if (text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        int end = text.offsetByCodePoints(0, Math.max(0, maxChars - 1));
        return text.substring(0, end) + "…";
    }
}

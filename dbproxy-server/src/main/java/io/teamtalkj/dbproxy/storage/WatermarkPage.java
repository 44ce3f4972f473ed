package io.teamtalkj.dbproxy.storage;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Incremental directory sync (users, departments) pages on the rows' {@code updated} column: the
 * client sends the highest {@code updated} it has and gets rows with a greater one. A reply must
 * fit in one frame (Android drops frames over 400 KiB), so a long list is cut; the cut is placed
 * between two different {@code updated} values, otherwise the rows after the cut that share the
 * last value would never be sent (the next request asks for {@code updated > watermark}).
 *
 * <p>Only if one single {@code updated} value holds more rows than fit in a frame (a bulk import
 * stamped in one second) is the cut made inside that run; the rest of the run is then skipped for
 * that client until those rows are changed again, and {@link Page#splitRun} tells the caller to
 * log it.
 */
public final class WatermarkPage {
    /** Android's frame limit; msg-servers pass these replies on to clients unchanged. */
    private static final int CLIENT_FRAME_LIMIT = 400 * 1024;
    /** Header, the reply's own fields and the varints around the list. */
    private static final int REPLY_OVERHEAD = 1024;

    private WatermarkPage() {
    }

    /** Bytes a reply's repeated list may take so the frame fits both our and Android's limit. */
    public static int frameBudget(int maxFrameLength, int attachDataBytes) {
        return Math.min(maxFrameLength, CLIENT_FRAME_LIMIT) - REPLY_OVERHEAD - attachDataBytes;
    }

    /**
     * @param items      the rows sent, oldest change first
     * @param watermark  the highest {@code updated} sent, or the request's watermark if none
     * @param truncated  more rows are waiting: the client gets them by asking with {@code watermark}
     * @param splitRun   the cut fell inside a run of equal {@code updated} values (rows skipped)
     */
    public record Page<T>(List<T> items, int watermark, boolean truncated, boolean splitRun) {
    }

    /**
     * Cuts {@code rows} (ordered by {@code updated}) to at most {@code maxRows} rows and
     * {@code budgetBytes} of encoded size. Pass up to {@code maxRows + 1} rows so a run that
     * continues past the row limit is recognised.
     */
    public static <T> Page<T> cut(List<T> rows, ToIntFunction<T> updatedOf, ToIntFunction<T> encodedSize,
                                  int maxRows, int budgetBytes, int requestWatermark) {
        int n = rows.size();
        int end = Math.min(n, maxRows);
        long used = 0;
        for (int i = 0; i < end; i++) {
            // a repeated message field costs its size plus a tag byte and a length varint (<= 3 bytes here)
            used += encodedSize.applyAsInt(rows.get(i)) + 4;
            if (used > budgetBytes) {
                end = i;
                break;
            }
        }
        boolean truncated = end < n;
        boolean splitRun = false;
        if (truncated && end > 0) {
            int next = updatedOf.applyAsInt(rows.get(end));
            int cut = end;
            while (cut > 0 && updatedOf.applyAsInt(rows.get(cut - 1)) == next) {
                cut--;
            }
            if (cut == 0) {
                splitRun = true; // cannot make progress otherwise
            } else {
                end = cut;
            }
        }
        List<T> items = rows.subList(0, end);
        int watermark = end > 0 ? updatedOf.applyAsInt(rows.get(end - 1)) : requestWatermark;
        return new Page<>(List.copyOf(items), watermark, truncated, splitRun);
    }
}

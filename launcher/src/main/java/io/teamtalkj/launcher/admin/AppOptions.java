package io.teamtalkj.launcher.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Parsing shared by `app add` and `app set`: scopes, quotas, expiry. */
final class AppOptions {
    private AppOptions() {
    }

    static List<String> scopes(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    static int quota(String option, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw AdminFailure.usage(option + " must be from 0 (no limit) to 4294967295");
        }
        return (int) value;
    }

    /** "never", unix seconds, or a date yyyy-mm-dd (midnight UTC). */
    static int expiry(String value) {
        if (value.equals("never")) {
            return 0;
        }
        try {
            return (int) Long.parseLong(value);
        } catch (NumberFormatException e) {
            try {
                return (int) LocalDate.parse(value).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw AdminFailure.usage("--expires must be never, unix seconds or yyyy-mm-dd");
            }
        }
    }

    static String describeExpiry(int expiresAt) {
        return expiresAt == 0 ? "never" : Instant.ofEpochSecond(Integer.toUnsignedLong(expiresAt)).toString();
    }
}

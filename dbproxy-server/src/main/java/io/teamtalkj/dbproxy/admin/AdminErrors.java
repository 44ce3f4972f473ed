package io.teamtalkj.dbproxy.admin;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.teamtalkj.pdu.LoginNames;
import java.sql.SQLException;
import java.util.Collection;
import java.util.stream.Collectors;

/** The gRPC statuses of the admin service, and the argument checks shared by its parts. */
final class AdminErrors {
    /** MySQL/MariaDB ER_DUP_ENTRY. */
    static final int DUPLICATE_KEY = 1062;
    /** Largest id list one call may carry (bounds the IN lists). */
    static final int MAX_IDS = 5_000;

    private AdminErrors() {
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException alreadyExists(String message) {
        return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException();
    }

    static boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
    }

    /**
     * A required name: not blank, no control characters, no surrounding whitespace, and at most
     * {@code maxChars} characters (the column width, counted as MySQL does, in code points).
     */
    static String name(String what, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            throw invalid(what + " must not be empty");
        }
        if (!value.equals(value.strip())) {
            throw invalid(what + " must not start or end with whitespace");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid(what + " must not contain control characters");
        }
        return optional(what, value, maxChars);
    }

    /** A new user's login name: one word, the rule `teamtalk admin` applies too ({@link LoginNames}). */
    static String loginName(String value) {
        String problem = LoginNames.problem(value);
        if (problem != null) {
            throw invalid(problem);
        }
        return value;
    }

    /** An optional text field that must fit its column. */
    static String optional(String what, String value, int maxChars) {
        String v = value == null ? "" : value;
        if (v.codePointCount(0, v.length()) > maxChars) {
            throw invalid(what + " is longer than " + maxChars + " characters");
        }
        return v;
    }

    /** 0 means the default; anything above {@code max} is capped. */
    static int limit(int requested, int dflt, int max) {
        long l = Integer.toUnsignedLong(requested);
        return l == 0 ? dflt : (int) Math.min(l, max);
    }

    static String describe(Collection<Integer> ids) {
        return ids.stream().map(Integer::toUnsignedString).collect(Collectors.joining(", ", "[", "]"));
    }
}

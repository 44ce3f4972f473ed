package io.teamtalkj.pdu;

/**
 * What a login name may be: what clients type to log in and what `chat` and `admin` take as a
 * word, so no whitespace or control characters anywhere, 1..{@value #MAX_CHARS} characters (the
 * IMUser.name column, counted in code points as MySQL does). One rule for the admin tools and the
 * dbproxy, so a name the tool accepts is never refused by the server and the reverse.
 */
public final class LoginNames {
    public static final int MAX_CHARS = 32;

    private LoginNames() {
    }

    /** Why {@code name} is not a valid login name, or null when it is. */
    public static String problem(String name) {
        if (name == null || name.isBlank()) {
            return "user name must not be empty";
        }
        if (name.codePoints().anyMatch(Character::isWhitespace)) {
            return "user name must not contain spaces (got '" + name + "')";
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            return "user name must not contain control characters";
        }
        if (name.codePointCount(0, name.length()) > MAX_CHARS) {
            return "user name is longer than " + MAX_CHARS + " characters";
        }
        return null;
    }
}

package io.teamtalkj.launcher;

import java.io.IOException;
import java.io.Reader;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads a conf file: Java properties syntax, plus a {@code #} after whitespace ending a value
 * ({@code port=8000   # the client port}), which operators write out of habit and plain
 * properties would keep as part of the value. A {@code #} with no space before it stays
 * ({@code db-password=se#cret}).
 */
final class ConfigFiles {
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+#.*$");

    private ConfigFiles() {
    }

    static Properties load(Reader in) throws IOException {
        Properties raw = new Properties();
        raw.load(in);
        Properties clean = new Properties();
        for (String key : raw.stringPropertyNames()) {
            clean.setProperty(key, stripComment(raw.getProperty(key)));
        }
        return clean;
    }

    static String stripComment(String value) {
        String v = value.startsWith("#") ? "" : TRAILING_COMMENT.matcher(value).replaceFirst("");
        return v.strip();
    }
}

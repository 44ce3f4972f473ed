package io.teamtalkj.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven wrote into teamtalk-version.properties. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    public static String version() {
        Properties props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/teamtalk-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to "dev"
        }
        return props.getProperty("version", "dev");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "teamtalk " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}

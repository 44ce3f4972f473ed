package io.teamtalkj.launcher.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The cluster's resumable-login secret, shared by its msg-servers: generated once (32 random bytes,
 * hex) into {@code DIR/session-token.secret}, readable by the owner only, and kept, so tokens
 * issued before a restart of the cluster stay valid.
 */
public final class SessionTokenSecret {
    public static final String FILE_NAME = "session-token.secret";

    private SessionTokenSecret() {
    }

    public static String readOrCreate(Path dir) throws IOException {
        return readOrCreate(dir, FILE_NAME);
    }

    /** The same for any 32-byte hex secret of the cluster kept in {@code DIR/fileName} (e.g. the API master key). */
    public static String readOrCreate(Path dir, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        if (Files.exists(file)) {
            String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (s.length() >= 32) {
                return s;
            }
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String secret = HexFormat.of().formatHex(raw);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(fileName + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp + ": exists", e);
        }
        Files.writeString(tmp, secret + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}

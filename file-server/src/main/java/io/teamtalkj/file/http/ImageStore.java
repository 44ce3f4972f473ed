package io.teamtalkj.file.http;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Images and audio on disk in a hashed layout: {@code g0/<aa>/<bb>/<hash>[_<W>x<H>].<ext>}, where
 * the hash is the first 128 bits of the content's SHA-256 and aa, bb its first two bytes, so no
 * directory grows large and an identical upload lands on the same path. The {@code _<W>x<H>}
 * suffix of the uploaded name is kept (TeamTalk clients put the image size there), the extension
 * too; nothing else of the client's name reaches the file system. A file is written under a
 * temporary name and renamed into place, so a reader never sees half of it.
 */
public final class ImageStore {
    /** Paths as handed out: the only shape {@link #resolve} accepts. */
    private static final Pattern PATH = Pattern.compile(
            "g0/([0-9a-f]{2})/([0-9a-f]{2})/[0-9a-f]{32}(_[0-9]{1,5}x[0-9]{1,5})?(\\.[a-z0-9]{1,8})?");
    private static final Pattern SIZE_SUFFIX = Pattern.compile("_([0-9]{1,5})x([0-9]{1,5})\\.[A-Za-z0-9]{1,8}$");
    private static final Pattern EXTENSION = Pattern.compile("\\.([A-Za-z0-9]{1,8})$");

    private final Path root;

    public ImageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Stores the bytes and returns their path relative to the store ("g0/..."). */
    public String store(String uploadedName, byte[] data) throws IOException {
        String hash = HexFormat.of().formatHex(sha256(data), 0, 16);
        StringBuilder name = new StringBuilder(hash);
        String original = uploadedName == null ? "" : uploadedName;
        Matcher size = SIZE_SUFFIX.matcher(original);
        if (size.find()) {
            name.append('_').append(size.group(1)).append('x').append(size.group(2));
        }
        Matcher ext = EXTENSION.matcher(original);
        if (ext.find()) {
            name.append('.').append(ext.group(1).toLowerCase(Locale.ROOT));
        }
        String rel = "g0/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + name;
        Path target = resolve(rel);
        if (target == null) {
            throw new IllegalStateException("generated path does not validate: " + rel);
        }
        if (Files.isRegularFile(target) && Files.size(target) == data.length) {
            return rel; // the same content was stored before
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
        try {
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return rel;
    }

    /**
     * The file for a path as handed out by {@link #store}, or null for anything else (so no
     * {@code ..}, no absolute path, no other directory can be named).
     */
    public Path resolve(String relPath) {
        if (relPath == null || !PATH.matcher(relPath).matches()) {
            return null;
        }
        Path p = root.resolve(relPath).normalize();
        return p.startsWith(root) ? p : null;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package io.teamtalkj.msgserver.push;

import com.google.protobuf.ByteString;
import com.mogujie.tt.protobuf.IMBaseDefine.MsgType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The alert of a push, as TeamTalk's msg_server made it: "nick: text" where text is the message
 * decrypted with the clients' AES key (protocol/teamtalk.md, "Text messages"), "[图片]" for an
 * image (a text wrapping a URL in TeamTalk's markers) and "[语音]" for audio, cut after
 * {@code maxChars} characters with "…". A message that does not decrypt shows as "[消息]".
 * The server otherwise stores and forwards messages opaquely; this is the only place it reads one.
 */
public final class PushText {
    /** The key every TeamTalk client hard-codes (msg_server's aesKey must equal it). */
    static final byte[] KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    static final String IMAGE_START = "&$#@~^@[{:";
    static final String IMAGE_END = ":}]&$~@#@";
    static final String IMAGE = "[图片]";
    static final String AUDIO = "[语音]";
    static final String UNREADABLE = "[消息]";

    private PushText() {
    }

    public static String alert(String nick, MsgType type, ByteString msgData, int maxChars) {
        String body;
        if (type == MsgType.MSG_TYPE_SINGLE_AUDIO || type == MsgType.MSG_TYPE_GROUP_AUDIO) {
            body = AUDIO;
        } else {
            String text = decrypt(msgData.toByteArray());
            if (text == null) {
                body = UNREADABLE;
            } else if (text.contains(IMAGE_START) && text.contains(IMAGE_END)) {
                body = IMAGE;
            } else {
                body = cap(text.replaceAll("\\s+", " ").strip(), maxChars);
            }
        }
        return nick == null || nick.isEmpty() ? body : nick + ": " + body;
    }

    static final String FILE = "[文件]";

    /** "nick: [文件] name" for an offline file that is ready (the name cut like a text). */
    public static String fileAlert(String nick, String fileName, int maxChars) {
        String body = FILE + " " + cap(fileName.replaceAll("\\s+", " ").strip(), maxChars);
        return nick == null || nick.isEmpty() ? body : nick + ": " + body;
    }

    static String cap(String text, int maxChars) {
        if (text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, Math.max(0, maxChars))) + "…";
    }

    /** The plaintext of a client's text message, or null when it is not in that encoding. */
    static String decrypt(byte[] msgData) {
        byte[] cipher;
        try {
            cipher = Base64.getDecoder().decode(msgData);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (cipher.length == 0 || cipher.length % 16 != 0) {
            return null;
        }
        byte[] block;
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEY, "AES"));
            block = aes.doFinal(cipher);
        } catch (GeneralSecurityException e) {
            return null;
        }
        long length = ByteBuffer.wrap(block, block.length - 4, 4).getInt() & 0xffffffffL;
        if (length > block.length - 4) {
            return null;
        }
        return new String(block, 0, (int) length, StandardCharsets.UTF_8);
    }
}

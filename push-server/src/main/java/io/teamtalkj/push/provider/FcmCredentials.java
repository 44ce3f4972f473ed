package io.teamtalkj.push.provider;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A Google service account (the JSON file the Firebase console downloads): who signs the OAuth2
 * assertion (client_email, private_key), for which project, and where to trade it for an access
 * token (token_uri).
 */
public record FcmCredentials(String projectId, String clientEmail, PrivateKey privateKey, URI tokenUri) {
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    /** Reads and checks the file; IllegalArgumentException names what is missing or wrong. */
    public static FcmCredentials load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --fcm-service-account " + file + ": " + e.getMessage());
        }
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            String project = field(o, "project_id", file);
            String email = field(o, "client_email", file);
            String pem = field(o, "private_key", file);
            String tokenUri = o.has("token_uri") ? o.get("token_uri").getAsString() : "https://oauth2.googleapis.com/token";
            return new FcmCredentials(project, email, privateKey(pem, file), URI.create(tokenUri));
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("--fcm-service-account " + file + " is not a service-account JSON file: "
                    + e.getMessage());
        }
    }

    private static String field(JsonObject o, String name, Path file) {
        if (!o.has(name) || o.get(name).isJsonNull() || o.get(name).getAsString().isBlank()) {
            throw new IllegalArgumentException("--fcm-service-account " + file + " has no " + name);
        }
        return o.get(name).getAsString();
    }

    private static PrivateKey privateKey(String pem, Path file) {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--fcm-service-account " + file + ": private_key is not a PKCS#8 RSA key");
        }
    }

    /** A signed JWT (RS256) asking for an FCM access token, valid one hour from {@code nowSeconds}. */
    public String assertion(long nowSeconds) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        JsonObject claims = new JsonObject();
        claims.addProperty("iss", clientEmail);
        claims.addProperty("scope", SCOPE);
        claims.addProperty("aud", tokenUri.toString());
        claims.addProperty("iat", nowSeconds);
        claims.addProperty("exp", nowSeconds + 3600);
        String signingInput = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the FCM token request", e);
        }
    }
}

package dev.hiper.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The opening handshake of RFC 6455 section 4 as a client makes it: the request's lines (a
 * {@code Sec-WebSocket-Key} of 16 random bytes from a secure source, version 13) and the check
 * of the server's {@code Sec-WebSocket-Accept} (section 4.1: the SHA-1 of the key and the
 * protocol's GUID, base64). The lines go where libcurl puts them; a line the application sets
 * itself ({@code CURLOPT_HTTPHEADER}, e.g. {@code Sec-WebSocket-Protocol} or its own key) wins.
 */
public final class WsUpgrade {
    /** Section 1.3: the GUID every server appends to the key. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Where the key's bytes come from: the secure random source; a test runner replaying curl's
     * cases may fix them (curl's CURL_ENTROPY).
     */
    public static volatile Consumer<byte[]> keyBytes = RANDOM::nextBytes;

    private WsUpgrade() {
    }

    /** Whether a URL of {@code scheme} asks for a WebSocket. */
    public static boolean scheme(String scheme) {
        return "ws".equals(scheme) || "wss".equals(scheme);
    }

    /** A new key: 16 bytes from the secure random source, base64. */
    public static String newKey() {
        byte[] b = new byte[16];
        keyBytes.accept(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * The upgrade's header lines (without line ends) in libcurl's order, before the
     * application's own: {@code Upgrade}, {@code Sec-WebSocket-Version}, {@code Sec-WebSocket-Key}.
     * ({@code Connection: Upgrade} goes last, merged with the application's Connection value.)
     */
    public static String[] lines(String key) {
        return new String[] {"Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + key};
    }

    /** The {@code Sec-WebSocket-Accept} value a server must answer {@code key} with. */
    public static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is in every JDK", e);
        }
    }

    /**
     * The message for a 101 whose {@code Sec-WebSocket-Accept} is missing or wrong, or null when
     * it is right.
     */
    public static String checkAccept(String key, String accept) {
        if (accept == null) {
            return "[WS] Sec-WebSocket-Accept missing in the 101 response";
        }
        if (!accept.trim().equals(accept(key))) {
            return "[WS] Sec-WebSocket-Accept does not match the Sec-WebSocket-Key sent";
        }
        return null;
    }
}

package dev.hiper.internal.http;

import dev.hiper.curl.CurlCode;
import dev.hiper.internal.url.CurlUrl;
import dev.hiper.internal.ws.PerMessageDeflate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * The opening handshake of RFC 6455 section 4 as a client makes it: the request's lines (a
 * {@code Sec-WebSocket-Key} of 16 random bytes from a secure source, version 13) and the check
 * of the server's {@code Sec-WebSocket-Accept} (section 4.1: the SHA-1 of the key and the
 * protocol's GUID, base64). The lines go where libcurl puts them; a line the application sets
 * itself ({@code CURLOPT_HTTPHEADER}, e.g. {@code Sec-WebSocket-Protocol} or its own key) wins.
 *
 * <p>One per easy handle (kept by its exchange driver): {@link #start} for each request,
 * {@link #header} for each response header line, {@link #decide} on the final response.
 */
public final class WsUpgrade {
    /** Section 1.3: the GUID every server appends to the key. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /**
     * Where the key's bytes come from: the secure random source; a test runner replaying curl's
     * cases may fix them (curl's CURL_ENTROPY).
     */
    public static volatile Consumer<byte[]> keyBytes = b -> Entropy.RANDOM.nextBytes(b);

    /** Made at the first key: a SecureRandom looks up the security providers, which plain HTTP does not need. */
    private static final class Entropy {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /**
     * Whether a 101's {@code Sec-WebSocket-Accept} is checked; a test runner replaying curl's fixed
     * replies turns it off (libcurl does not check it).
     */
    public static volatile boolean checkAccept = true;

    private String key;
    private String accept;
    private boolean upgraded;
    /** The permessage-deflate the application offered, or null. */
    private PerMessageDeflate offer;
    /** The 101's Sec-WebSocket-Extensions lines, joined with commas; null when none. */
    private String extensions;
    /** What was agreed on with the 101 taken last; null: no extension. */
    private PerMessageDeflate.Params deflate;
    /** The request is an extended CONNECT on an HTTP/2 stream (RFC 8441): a 2xx answers it, with no accept. */
    private boolean overHttp2;

    /**
     * A request starts: for a ws:// or wss:// URL, the key its upgrade sends (the application's
     * own {@code Sec-WebSocket-Key}, else a new one); null for other URLs.
     */
    public String start(CurlUrl u, List<String> headers) {
        accept = null;
        upgraded = false;
        extensions = null;
        deflate = null;
        overHttp2 = false;
        if (!scheme(u.scheme())) {
            key = null;
            offer = null;
            return null;
        }
        offer = PerMessageDeflate.offered(Http1Request.customValue(headers, "Sec-WebSocket-Extensions"));
        String own = Http1Request.customValue(headers, "Sec-WebSocket-Key");
        key = own != null && !own.isEmpty() ? own : newKey();
        return key;
    }

    /** The request goes as an extended CONNECT on an HTTP/2 stream (RFC 8441 section 5). */
    public void overHttp2(boolean on) {
        overHttp2 = on;
    }

    /** Whether the response status {@code code} accepts the WebSocket: 101, or any 2xx over HTTP/2. */
    private boolean accepted(int code) {
        return overHttp2 ? code >= 200 && code < 300 : code == 101;
    }

    /** Whether the request sent asked for a WebSocket. */
    public boolean requested() {
        return key != null;
    }

    /** A header line of the response: the 101's {@code Sec-WebSocket-Accept} is kept. */
    public void header(ResponseView r) {
        if (key != null && r.statusCode() == 101 && r.headerNameIs("sec-websocket-accept")) {
            accept = r.headerValue();
        }
        if (key != null && accepted(r.statusCode()) && r.headerNameIs("sec-websocket-extensions")) {
            extensions = extensions == null ? r.headerValue() : extensions + "," + r.headerValue();
        }
    }

    /**
     * The final response to the upgrade (neither a 401 answered by sending again nor a redirect
     * followed): anything but a 101 with the right accept fails the transfer, libcurl's way; a
     * good 101 is taken ({@link #takeUpgraded()}). Returns whether to go on reading: never, the
     * HTTP response is over either way.
     */
    public boolean decide(ResponseView r, ExchangeHost host) {
        if (!accepted(r.statusCode())) {
            host.fail(CurlCode.CURLE_HTTP_RETURNED_ERROR, "Refused WebSocket upgrade: " + r.statusCode());
            return false;
        }
        String bad = checkAccept && !overHttp2 ? checkAccept(key, accept) : null;
        if (bad != null) {
            host.fail(CurlCode.CURLE_WEIRD_SERVER_REPLY, bad);
            return false;
        }
        try {
            deflate = PerMessageDeflate.accept(offer, extensions);
        } catch (IllegalArgumentException e) {
            host.fail(CurlCode.CURLE_WEIRD_SERVER_REPLY, "[WS] Sec-WebSocket-Extensions: " + e.getMessage());
            return false;
        }
        host.trace(overHttp2 ? "Received " + r.statusCode() + ", WebSocket on this HTTP/2 stream"
                : "Received 101, Switching to WebSocket");
        if (deflate != null) {
            host.trace("[WS] permessage-deflate: " + extensions.trim());
        }
        upgraded = true;
        return false;
    }

    /** Whether a 101 was taken since the last call: the connection now carries the WebSocket. */
    public boolean takeUpgraded() {
        boolean u = upgraded;
        upgraded = false;
        return u;
    }

    /** The permessage-deflate agreed on in the 101 taken last, or null. */
    public PerMessageDeflate.Params deflate() {
        return deflate;
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

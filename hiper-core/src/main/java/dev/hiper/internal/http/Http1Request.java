package dev.hiper.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Serialises an HTTP/1.1 request head the way curl does, so that what goes on the wire matches
 * curl's own test cases byte for byte.
 *
 * <p>Order (as curl sends it): request line, {@code Host}, {@code User-Agent}, {@code Accept},
 * {@code Transfer-Encoding: chunked} for a body of unknown size, then the application's own
 * headers in their order, then {@code Content-Length}, {@code Content-Type} (POST) and
 * {@code Expect: 100-continue}. An application header replaces the default of the same name
 * ("Name: value"), removes it ("Name:"), or is sent with an empty value ("Name;"). A replaced
 * Host keeps the first place; other replaced defaults are sent where the application put them.
 * Pure: strings in, bytes out.
 */
public final class Http1Request {
    /** How the request body is framed. */
    public enum Body { NONE, LENGTH, CHUNKED }

    /** Bodies above this size are sent with {@code Expect: 100-continue}, as libcurl does. */
    public static final long EXPECT_100_THRESHOLD = 1024 * 1024;

    private Http1Request() {
    }

    /** What {@link #build} decided, beside the bytes. */
    public static final class Head {
        public final byte[] bytes;
        /** Whether {@code Expect: 100-continue} was sent: the body waits for 100 or a timeout. */
        public final boolean expect100;
        /** Whether the body goes chunked. */
        public final boolean chunked;

        Head(byte[] bytes, boolean expect100, boolean chunked) {
            this.bytes = bytes;
            this.expect100 = expect100;
            this.chunked = chunked;
        }
    }

    /**
     * @param method the request method
     * @param target the request-target (origin form)
     * @param host the default Host value
     * @param userAgent the default User-Agent, or null for none
     * @param custom the application's header lines, or null
     * @param body how a body is sent; NONE for none
     * @param length the body length for {@link Body#LENGTH}
     * @param formPost whether to add the default {@code Content-Type} of a POST form
     */
    public static Head build(String method, String target, String host, String userAgent,
            List<String> custom, Body body, long length, boolean formPost) {
        return build(method, target, host, userAgent, custom, body, length, formPost, Extras.NONE);
    }

    /**
     * The request's optional lines, each a whole "Name: value" without line end (null: none),
     * placed where curl places them; one the application sets itself is not sent.
     *
     * @param http10 send "HTTP/1.0" (and no {@code Expect})
     * @param authorization the {@code Authorization} line, right after {@code Host}
     * @param range the {@code Range} or {@code Content-Range} line, before {@code User-Agent}
     * @param referer the {@code Referer} line, after {@code Accept}
     * @param timeCondition the {@code If-Modified-Since} (or similar) line, before the application's
     * @param noExpect never add {@code Expect: 100-continue} (the server refused it with 417)
     * @param acceptEncoding the {@code Accept-Encoding} line, after {@code Accept} (and {@code TE})
     * @param te ask for a compressed transfer coding: {@code TE: gzip} after {@code Accept}, and
     *     {@code TE} named in the {@code Connection} line at the end (RFC 9110 section 10.1.4)
     * @param cookie the {@code Cookie} line, before the time condition
     * @param h2cSettings the {@code HTTP2-Settings} value of an {@code Upgrade: h2c} offer (RFC 7540
     *     section 3.2), with {@code Connection: Upgrade, HTTP2-Settings} last, as libcurl sends it; null: none
     * @param proxyAuthorization the {@code Proxy-Authorization} line for an HTTP proxy that forwards
     *     the request, right after {@code Host}
     * @param proxyConnection add {@code Proxy-Connection: Keep-Alive} after {@code Referer}, as
     *     libcurl does for a request to a forwarding proxy
     * @param wsKey the {@code Sec-WebSocket-Key} of a WebSocket upgrade (RFC 6455 section 4.1), or
     *     null: its lines go after {@code Accept} and {@code Connection: Upgrade} last, as libcurl
     *     sends them
     * @param contentType the {@code Content-Type} line of a multipart body ({@code CURLOPT_MIMEPOST}),
     *     after {@code Content-Length}; the application's own {@code Content-Type} line is then not
     *     sent (it is in this one); null: none
     */
    public record Extras(boolean http10, String authorization, String range, String referer, String timeCondition,
            boolean noExpect, String acceptEncoding, boolean te, String cookie, String h2cSettings,
            String proxyAuthorization, boolean proxyConnection, String wsKey, String contentType) {
        public Extras(boolean http10, String authorization, String range, String referer, String timeCondition,
                boolean noExpect, String acceptEncoding, boolean te, String cookie, String h2cSettings,
                String proxyAuthorization, boolean proxyConnection, String wsKey) {
            this(http10, authorization, range, referer, timeCondition, noExpect, acceptEncoding, te, cookie,
                    h2cSettings, proxyAuthorization, proxyConnection, wsKey, null);
        }

        public static final Extras NONE = new Extras(false, null, null, null, null, false, null, false, null, null,
                null, false, null);
        private static final Extras NONE_H2 = new Extras(false, null, null, null, null, true, null, false, null, null,
                null, false, null);

        /**
         * These extras for an HTTP/2 stream: no Expect of the library's own (libcurl adds it over
         * HTTP/1.1 only), no h2c offer, no WebSocket key; the record itself when nothing changes.
         */
        public Extras forHttp2() {
            if (this == NONE) {
                return NONE_H2;
            }
            if (noExpect && h2cSettings == null && wsKey == null) {
                return this;
            }
            return new Extras(http10, authorization, range, referer, timeCondition, true, acceptEncoding, te, cookie,
                    null, proxyAuthorization, proxyConnection, null, contentType);
        }
    }

    private static void appendLine(StringBuilder sb, List<String> custom, String line) {
        if (line != null && !mentions(custom, line.substring(0, line.indexOf(':')))) {
            sb.append(line).append("\r\n");
        }
    }

    public static Head build(String method, String target, String host, String userAgent,
            List<String> custom, Body body, long length, boolean formPost, Extras extras) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(method).append(' ').append(target).append(extras.http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");

        String customHost = customValue(custom, "Host");
        if (customHost == null) {
            sb.append("Host: ").append(host).append("\r\n");
        } else if (!customHost.isEmpty() || hasEmptyForm(custom, "Host")) {
            // "Host;" sends "Host:" with nothing after the colon, as curl does (its test 1292)
            sb.append(customHost.isEmpty() ? "Host:" : "Host: " + customHost).append("\r\n");
        }
        appendLine(sb, custom, extras.proxyAuthorization);
        appendLine(sb, custom, extras.authorization);
        appendLine(sb, custom, extras.range);
        if (userAgent != null && !mentions(custom, "User-Agent")) {
            sb.append("User-Agent: ").append(userAgent).append("\r\n");
        }
        if (!mentions(custom, "Accept")) {
            sb.append("Accept: */*\r\n");
        }
        boolean te = extras.te && !mentions(custom, "TE");
        if (te) {
            sb.append("TE: gzip\r\n");
        }
        appendLine(sb, custom, extras.acceptEncoding);
        appendLine(sb, custom, extras.referer);
        if (extras.proxyConnection) {
            appendLine(sb, custom, "Proxy-Connection: Keep-Alive");
        }
        // A custom Transfer-Encoding turns chunking off, unless it asks for chunked: then a body
        // of known size goes chunked too, as in curl.
        String customTe = customValue(custom, "Transfer-Encoding");
        boolean forcedChunked = body != Body.NONE && customTe != null
                && customTe.toLowerCase(Locale.ROOT).contains("chunked");
        boolean chunked = (body == Body.CHUNKED && customTe == null) || forcedChunked;
        if (chunked && customTe == null) {
            sb.append("Transfer-Encoding: chunked\r\n");
        }
        if (extras.h2cSettings != null) {
            sb.append("Upgrade: h2c\r\nHTTP2-Settings: ").append(extras.h2cSettings).append("\r\n");
        }
        if (extras.wsKey != null) {
            appendLine(sb, custom, "Upgrade: websocket");
            appendLine(sb, custom, "Sec-WebSocket-Version: 13");
            appendLine(sb, custom, "Sec-WebSocket-Key: " + extras.wsKey);
        }
        appendLine(sb, custom, extras.cookie);
        appendLine(sb, custom, extras.timeCondition);
        // TE and an upgrade merge the application's Connection value into their own line, at the end
        String connection = te || extras.wsKey != null ? customValue(custom, "Connection") : null;
        boolean connectionMerged = false;
        if (custom != null) {
            for (String line : custom) {
                if (connection != null && nameOf(line).equalsIgnoreCase("Connection")
                        && (te || (!connection.isEmpty() && !connectionMerged))) {
                    connectionMerged = true;
                    continue;
                }
                if (extras.contentType == null || !nameOf(line).equalsIgnoreCase("Content-Type")) {
                    appendCustom(sb, line);
                }
            }
        }
        if (body == Body.LENGTH && !forcedChunked && !mentions(custom, "Content-Length")) {
            sb.append("Content-Length: ").append(length).append("\r\n");
        }
        if (extras.contentType != null) {
            sb.append(extras.contentType).append("\r\n");
        } else if (formPost && !mentions(custom, "Content-Type")) {
            sb.append("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        boolean expect = false;
        boolean wantExpect = body == Body.CHUNKED || (body == Body.LENGTH && length > EXPECT_100_THRESHOLD);
        if (wantExpect && !extras.http10 && !extras.noExpect && !mentions(custom, "Expect")) {
            sb.append("Expect: 100-continue\r\n");
            expect = true;
        } else if (body != Body.NONE && !extras.http10) {
            String e = customValue(custom, "Expect");
            expect = e != null && e.toLowerCase(Locale.ROOT).equals("100-continue");
        }
        if (extras.h2cSettings != null) {
            sb.append("Connection: Upgrade, HTTP2-Settings\r\n");
        }
        String own = connection == null || connection.isEmpty() ? "" : connection + ", ";
        if (extras.wsKey != null) {
            sb.append("Connection: ").append(own).append(te ? "Upgrade, TE\r\n" : "Upgrade\r\n");
        } else if (te) {
            // the application's own Connection value first, then TE, as curl merges them
            sb.append("Connection: ").append(own).append("TE\r\n");
        }
        sb.append("\r\n");
        return new Head(sb.toString().getBytes(StandardCharsets.ISO_8859_1), expect, chunked);
    }

    private static void appendCustom(StringBuilder sb, String line) {
        if (!sendable(line)) {
            return;
        }
        int colon = line.indexOf(':');
        int semi = line.indexOf(';');
        if (colon > 0 && (semi < 0 || colon < semi)) {
            String name = line.substring(0, colon).trim();
            if (name.isEmpty() || name.equalsIgnoreCase("Host")) {
                return; // sent in the first place
            }
            if (line.substring(colon + 1).isBlank()) {
                return; // "Name:" removes the header
            }
            sb.append(line).append("\r\n"); // sent as given, as curl does
        } else if (colon < 0 && semi > 0 && semi == line.length() - 1) {
            // "Name;" sends the header with no value ("Name;  " or "Name;x" send nothing)
            String name = line.substring(0, semi).trim();
            if (!name.isEmpty() && !name.equalsIgnoreCase("Host")) {
                sb.append(line, 0, semi).append(":\r\n");
            }
        }
        // Anything else is not a header line; curl skips it.
    }

    /**
     * Whether a custom line can go on the wire as one field line. A CR, LF or NUL inside it would
     * end the line early and let the rest pose as more header lines, or as a second request
     * (request splitting), so such a line is not sent at all and counts as absent.
     */
    static boolean sendable(String line) {
        if (line == null) {
            return false;
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the application's lines name {@code name} in any form (set, removed or empty). */
    static boolean mentions(List<String> custom, String name) {
        if (custom == null) {
            return false;
        }
        for (String line : custom) {
            if (sendable(line) && nameOf(line).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The value the application gave {@code name}: null when not mentioned, "" when removed or empty. */
    static String customValue(List<String> custom, String name) {
        if (custom == null) {
            return null;
        }
        for (String line : custom) {
            if (sendable(line) && nameOf(line).equalsIgnoreCase(name)) {
                int colon = line.indexOf(':');
                // the first mention wins, as curl's Curl_checkheaders() finds it (its test 1121)
                return colon > 0 ? line.substring(colon + 1).trim() : "";
            }
        }
        return null;
    }

    private static boolean hasEmptyForm(List<String> custom, String name) {
        for (String line : custom) {
            if (sendable(line) && line.trim().equalsIgnoreCase(name + ";")) {
                return true;
            }
        }
        return false;
    }

    private static String nameOf(String line) {
        int end = line.length();
        int colon = line.indexOf(':');
        int semi = line.indexOf(';');
        if (colon >= 0) {
            end = colon;
        }
        if (semi >= 0 && semi < end) {
            end = semi;
        }
        return line.substring(0, end).trim();
    }
}

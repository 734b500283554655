package dev.hiper.internal.auth;

import dev.hiper.curl.CurlCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 ({@code CURLOPT_AWS_SIGV4}, {@code CURLAUTH_AWS_SIGV4}) as libcurl 8
 * makes it, for one request at a time:
 * <ol>
 *   <li>the parameter {@code provider1[:provider2[:region[:service]]]} ("aws:amz" when empty);
 *       a missing service and region come from the host name's first two labels
 *       ({@code service.region.example.com});</li>
 *   <li>the payload hash: an application's {@code x-<provider2>-content-sha256} header, else
 *       the SHA-256 of {@code CURLOPT_POSTFIELDS} (of nothing without them); for "aws" with the
 *       service "s3" a {@code x-<provider2>-content-sha256} header is added, with
 *       {@code UNSIGNED-PAYLOAD} for a body hiper cannot see in advance;</li>
 *   <li>the canonical request: method, path (percent-encoded again except for the s3 services),
 *       query (pairs decoded, encoded again, sorted), the signed headers (Host, the date header,
 *       and every header the application sets, names in lower case, values with their blanks
 *       folded, sorted by name, repeated names merged with commas), the payload hash;</li>
 *   <li>the string to sign, the key chain of HMAC-SHA256 over the date, region, service and
 *       {@code <provider1>4_request}, and the lines that go out: {@code Authorization}, then the
 *       date header (unless the application sets it or {@code Date}) and the content hash header.</li>
 * </ol>
 * Pure apart from the clock: strings in, header lines out.
 */
public final class AwsSigV4 {
    /** The longest provider, region or service libcurl accepts. */
    static final int MAX_PART = 64;
    /** libcurl refuses a query of this many components or more. */
    static final int MAX_QUERY_COMPONENTS = 128;
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /** The time (seconds since the epoch) every signature uses instead of the clock; null: the clock. */
    private static volatile Long forcedTime;

    private AwsSigV4() {
    }

    /**
     * Makes every later signature use {@code epochSeconds} instead of the clock (null: the clock
     * again). For tests only, as curl's debug builds read {@code CURL_FORCETIME}.
     */
    public static void forceTime(Long epochSeconds) {
        forcedTime = epochSeconds;
    }

    /** How libcurl classes the request (its {@code HTTPREQ_*}), which decides the s3 payload hash. */
    public enum Kind { GET, HEAD, POST, POST_FORM, PUT }

    /**
     * What a signature covers.
     *
     * @param param the {@code CURLOPT_AWS_SIGV4} string, or null
     * @param method the request method as sent
     * @param kind the request's kind
     * @param hostName the URL's host name (service and region come from it when not given)
     * @param hostHeader the value of the Host line hiper sends (without a custom Host line)
     * @param headers the application's header lines ({@code CURLOPT_HTTPHEADER}), or null
     * @param path the URL's path, at least "/"
     * @param query the URL's query without '?', or null
     * @param postFields {@code CURLOPT_POSTFIELDS}, or null
     * @param postFieldSize {@code CURLOPT_POSTFIELDSIZE}, -1 for all of them
     * @param inFileSize {@code CURLOPT_INFILESIZE}, -1 when unknown
     * @param user the access key
     * @param password the secret key
     */
    public record Request(String param, String method, Kind kind, String hostName, String hostHeader,
            List<String> headers, String path, String query, byte[] postFields, long postFieldSize,
            long inFileSize, String user, String password) {
    }

    /** A request that cannot be signed: the transfer fails with this code and message. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        /** The transfer's result. */
        public final transient CurlCode code;

        Failure(CurlCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /**
     * The lines to send for {@code r}, joined by CRLF without a final one: {@code Authorization},
     * then the date and content hash lines hiper adds. Null when the application sets its own
     * {@code Authorization} line (libcurl signs nothing then).
     */
    public static String sign(Request r, Consumer<String> info) throws Failure {
        Long forced = forcedTime;
        return sign(r, forced != null ? forced : System.currentTimeMillis() / 1000, info);
    }

    /** {@link #sign(Request, Consumer)} at the time {@code epochSeconds}, telling nothing. */
    public static String sign(Request r, long epochSeconds) throws Failure {
        return sign(r, epochSeconds, s -> { });
    }

    /**
     * {@link #sign(Request, Consumer)} at the time {@code epochSeconds}; {@code info} hears what
     * libcurl's verbose output says (the service and region taken from the host, the string to
     * sign, the signature).
     */
    public static String sign(Request r, long epochSeconds, Consumer<String> info) throws Failure {
        if (find(r.headers, "Authorization") != null) {
            return null;
        }
        Params p = Params.parse(r.param, r.hostName, info);
        // the payload hash: the application's own, or computed here
        String contentHeader = "";
        String payloadHash = contentShaHeader(r.headers, p.provider1);
        if (payloadHash == null) {
            boolean s3 = p.provider0.equalsIgnoreCase("aws") && p.service.equalsIgnoreCase("s3");
            if (s3) {
                boolean emptyMethod = r.kind == Kind.GET || r.kind == Kind.HEAD;
                boolean known = emptyMethod || r.inFileSize == 0 || r.kind == Kind.POST && r.postFields != null;
                payloadHash = known ? hex(sha256(payload(r))) : UNSIGNED_PAYLOAD;
                contentHeader = "x-" + p.provider1 + "-content-sha256: " + payloadHash;
            } else {
                payloadHash = hex(sha256(payload(r)));
            }
        }
        String timestamp = STAMP.format(Instant.ofEpochSecond(epochSeconds));
        SignedHeaders sh = SignedHeaders.make(r, p.provider1, timestamp, contentHeader);
        timestamp = sh.timestamp;
        String canonicalRequest = r.method + "\n"
                + canonicalPath(r.path, !p.service.equals("s3") && !p.service.equals("s3-express")
                        && !p.service.equals("s3-outposts")) + "\n"
                + canonicalQuery(r.query) + "\n"
                + sh.canonical + "\n"
                + sh.names + "\n"
                + payloadHash;
        String date = timestamp.length() >= 8 ? timestamp.substring(0, 8) : timestamp;
        String upper = p.provider0.toUpperCase(Locale.ROOT);
        String requestType = p.provider0.toLowerCase(Locale.ROOT) + "4_request";
        String scope = date + "/" + p.region + "/" + p.service + "/" + requestType;
        String toSign = upper + "4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        // the key chain (AWS's "signing key"): each step keys the next HMAC
        byte[] key = hmac((upper + "4" + (r.password == null ? "" : r.password)).getBytes(StandardCharsets.UTF_8),
                date);
        key = hmac(key, p.region);
        key = hmac(key, p.service);
        key = hmac(key, requestType);
        String signature = hex(hmac(key, toSign));
        info.accept("aws_sigv4: String to sign (enclosed in []) - [" + toSign + "]");
        info.accept("aws_sigv4: Signature - " + signature);
        StringBuilder out = new StringBuilder(256);
        out.append("Authorization: ").append(upper).append("4-HMAC-SHA256 Credential=")
                .append(escape(r.user == null ? "" : r.user)).append('/').append(scope)
                .append(", SignedHeaders=").append(sh.names).append(", Signature=").append(signature);
        if (sh.dateLine != null) {
            out.append("\r\n").append(sh.dateLine);
        }
        if (!contentHeader.isEmpty()) {
            out.append("\r\n").append(contentHeader);
        }
        return out.toString();
    }

    /** The parts of the parameter, service and region filled in from the host name. */
    record Params(String provider0, String provider1, String region, String service) {
        static Params parse(String param, String hostName, Consumer<String> info) throws Failure {
            String line = param == null || param.isEmpty() ? "aws:amz" : param;
            int[] at = {0};
            String p0 = until(line, at, ':');
            if (p0 == null) {
                throw new Failure(CurlCode.CURLE_BAD_FUNCTION_ARGUMENT, "first aws-sigv4 provider cannot be empty");
            }
            String p1 = null;
            String region = "";
            String service = "";
            if (single(line, at, ':')) {
                p1 = until(line, at, ':');
            }
            if (p1 == null) {
                p1 = p0;
            } else if (single(line, at, ':')) {
                String r = until(line, at, ':');
                if (r != null) {
                    region = r;
                    if (single(line, at, ':')) {
                        String s = until(line, at, ':');
                        service = s == null ? "" : s;
                    }
                }
            }
            if (service.isEmpty()) {
                int[] h = {0};
                String host = hostName == null ? "" : hostName;
                service = until(host, h, '.');
                if (service == null || !single(host, h, '.')) {
                    throw new Failure(CurlCode.CURLE_URL_MALFORMAT,
                            "aws-sigv4: service missing in parameters and hostname");
                }
                info.accept("aws_sigv4: picked service " + service + " from host");
                if (region.isEmpty()) {
                    region = until(host, h, '.');
                    if (region == null || !single(host, h, '.')) {
                        throw new Failure(CurlCode.CURLE_URL_MALFORMAT,
                                "aws-sigv4: region missing in parameters and hostname");
                    }
                    info.accept("aws_sigv4: picked region " + region + " from host");
                }
            }
            return new Params(p0, p1, region, service);
        }

        /** The text up to {@code delim} or the end: null when empty or longer than {@link #MAX_PART}. */
        private static String until(String s, int[] at, char delim) {
            int start = at[0];
            int i = start;
            while (i < s.length() && s.charAt(i) != delim) {
                i++;
                if (i - start > MAX_PART) {
                    return null;
                }
            }
            if (i == start) {
                return null;
            }
            at[0] = i;
            return s.substring(start, i);
        }

        private static boolean single(String s, int[] at, char c) {
            if (at[0] < s.length() && s.charAt(at[0]) == c) {
                at[0]++;
                return true;
            }
            return false;
        }
    }

    /** The bytes of the body the hash covers: the post fields, or nothing. */
    private static byte[] payload(Request r) {
        if (r.postFields == null) {
            return new byte[0];
        }
        if (r.postFieldSize < 0 || r.postFieldSize >= r.postFields.length) {
            return r.postFields;
        }
        return java.util.Arrays.copyOf(r.postFields, (int) r.postFieldSize);
    }

    /** The value of the application's {@code x-<provider>-content-sha256: value} line, blanks trimmed; or null. */
    private static String contentShaHeader(List<String> headers, String provider) {
        String line = find(headers, "x-" + provider + "-content-sha256");
        int colon = line == null ? -1 : line.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return trimBlanks(line.substring(colon + 1));
    }

    /** The first application line named {@code name} (any case) followed by ':' or ';', as libcurl looks. */
    static String find(List<String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (String h : headers) {
            if (h.length() > name.length() && h.regionMatches(true, 0, name, 0, name.length())
                    && (h.charAt(name.length()) == ':' || h.charAt(name.length()) == ';')) {
                return h;
            }
        }
        return null;
    }

    static String trimBlanks(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && blank(s.charAt(a))) {
            a++;
        }
        while (b > a && blank(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 3986's unreserved characters: the ones the canonical forms keep as they are. */
    static boolean unreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** The canonical URI: each byte but the unreserved ones and '/' percent-encoded again (not for s3). */
    static String canonicalPath(String path, boolean encode) {
        String p = path == null ? "" : path;
        if (!encode) {
            return p.isEmpty() ? "/" : p;
        }
        StringBuilder sb = new StringBuilder(p.length() * 3);
        for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (unreserved(c) || c == '/') {
                sb.append((char) c);
            } else {
                percent(sb, c);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * The canonical query string: the non-empty '&amp;'-separated components, key and value each
     * decoded and encoded again ('+' as a space, an encoded '+' kept as {@code %2B}), sorted by
     * key then value, each as {@code key=value}.
     */
    static String canonicalQuery(String query) throws Failure {
        if (query == null) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : query.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            if (pairs.size() + 1 == MAX_QUERY_COMPONENTS) {
                throw new Failure(CurlCode.CURLE_TOO_LARGE, "aws-sigv4: the query has too many components");
            }
            int eq = part.indexOf('=');
            String key = normalize(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : normalize(part.substring(eq + 1));
            pairs.add(new String[] {key, value});
        }
        pairs.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        StringBuilder sb = new StringBuilder(query.length() * 2);
        for (String[] kv : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(kv[0]).append('=').append(kv[1]);
        }
        return sb.toString();
    }

    private static String normalize(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(in.length * 3);
        int i = 0;
        while (i < in.length) {
            int c = in[i] & 0xff;
            if (c == '%' && in.length - i > 2 && hexDigit(in[i + 1]) >= 0 && hexDigit(in[i + 2]) >= 0) {
                c = hexDigit(in[i + 1]) << 4 | hexDigit(in[i + 2]);
                i += 3;
                if (c == '+') {
                    sb.append("%2B"); // an encoded plus stays one, not a space
                    continue;
                }
            } else {
                i++;
            }
            if (unreserved(c)) {
                sb.append((char) c);
            } else if (c == '+') {
                sb.append("%20");
            } else {
                percent(sb, c);
            }
        }
        return sb.toString();
    }

    private static int hexDigit(byte b) {
        return Character.digit(b, 16);
    }

    private static void percent(StringBuilder sb, int c) {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
    }

    /** curl_escape: every byte of the UTF-8 form but the unreserved ones percent-encoded. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (unreserved(c)) {
                sb.append((char) c);
            } else {
                percent(sb, c);
            }
        }
        return sb.toString();
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // an empty key (no date) is still a key to HMAC: RFC 2104 pads it with zeros
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }
}

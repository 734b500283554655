package dev.hiper.internal.url;

import dev.hiper.curl.CurlCode;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level rules of URL text that the parts of a URL share: libcurl's check of the input
 * for junk, percent-decoding of user information, the {@code %XX} escaping of bytes past ASCII,
 * the removal of dot segments (RFC 3986 section 5.2.4), and the ASCII character classes and
 * scans the parser uses.
 *
 * <p>Static and pure: each method reads its arguments alone, in time linear in their length,
 * and answers bad input with a {@link UrlException} carrying libcurl's message.
 */
final class UrlText {
    /** libcurl's {@code CURL_MAX_INPUT_LENGTH}: longer URLs are rejected. */
    static final int MAX_URL_LENGTH = 8_000_000;
    static final String MSG_MALFORMED = "URL rejected: Malformed input to a URL function";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlText() {
    }

    /** RFC 3986 section 5.2.4 for a path that starts with '/'. */
    static String removeDotSegments(String p) {
        if (p.indexOf('.') < 0) {
            return p;
        }
        int len = p.length();
        StringBuilder out = new StringBuilder(len);
        int[] starts = new int[16];
        int depth = 0;
        int i = 0;
        while (i < len) {
            // p.charAt(i) == '/'
            int j = p.indexOf('/', i + 1);
            if (j < 0) {
                j = len;
            }
            int segLen = j - i - 1;
            boolean last = j == len;
            if (segLen == 1 && p.charAt(i + 1) == '.') {
                if (last) {
                    out.append('/');
                }
            } else if (segLen == 2 && p.charAt(i + 1) == '.' && p.charAt(i + 2) == '.') {
                if (depth > 0) {
                    out.setLength(starts[--depth]);
                }
                if (last) {
                    out.append('/');
                }
            } else {
                if (depth == starts.length) {
                    int[] bigger = new int[depth * 2];
                    System.arraycopy(starts, 0, bigger, 0, depth);
                    starts = bigger;
                }
                starts[depth++] = out.length();
                out.append(p, i, j);
            }
            i = j;
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** The UTF-8 bytes of the URL, after libcurl's check for junk. */
    static byte[] toCheckedBytes(String url) throws UrlException {
        int len = url.length();
        if (len > MAX_URL_LENGTH) {
            throw malformed(MSG_MALFORMED);
        }
        for (int i = 0; i < len; i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw malformed(MSG_MALFORMED);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < len && Character.isLowSurrogate(url.charAt(i + 1))) {
                    i++;
                } else {
                    throw malformed(MSG_MALFORMED);
                }
            } else if (Character.isLowSurrogate(c)) {
                throw malformed(MSG_MALFORMED);
            }
        }
        byte[] b = url.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_URL_LENGTH) {
            throw malformed(MSG_MALFORMED);
        }
        return b;
    }

    /** Percent-decodes user or password: zero bytes (HTTP) or all controls are refused. */
    static String decodeCredential(byte[] b, int from, int to, boolean onlyZero) throws UrlException {
        byte[] out = new byte[to - from];
        int len = 0;
        for (int i = from; i < to; ) {
            int c = b[i] & 0xff;
            if (c == '%' && i + 2 < to && hexValue(b[i + 1]) >= 0 && hexValue(b[i + 2]) >= 0) {
                c = (hexValue(b[i + 1]) << 4) | hexValue(b[i + 2]);
                i += 3;
            } else {
                i++;
            }
            if (onlyZero ? c == 0 : c < 0x20) {
                throw malformed(CurlCode.CURLE_URL_MALFORMAT.strerror());
            }
            out[len++] = (byte) c;
        }
        return new String(out, 0, len, StandardCharsets.UTF_8);
    }

    /** Bytes {@code from} to {@code to} of {@code b}, every byte of 0x80 and above written as %XX. */
    static String encodeHighBytes(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 8);
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x80) {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    static boolean drivePrefix(byte[] b, int i) {
        int n = b.length;
        return i + 1 < n && isAlpha(b[i]) && (b[i + 1] == ':' || b[i + 1] == '|')
                && (i + 2 == n || b[i + 2] == '/' || b[i + 2] == '\\');
    }

    static boolean startsWithIgnoreCase(byte[] b, int from, String prefix) {
        if (b.length - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (toLowerAscii(b[from + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static String lowerAscii(byte[] b, int from, int to) {
        char[] out = new char[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = (char) toLowerAscii(b[i]);
        }
        return new String(out);
    }

    static String lowerAscii(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            char c = out[i];
            if (c >= 'A' && c <= 'Z') {
                out[i] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(out);
    }

    static int toLowerAscii(byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c & 0xff;
    }

    static boolean isAlpha(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean isSchemeChar(byte c) {
        return isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.';
    }

    static boolean isIpv6Char(byte c) {
        return hexValue(c) >= 0 || c == ':' || c == '.';
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static UrlException malformed(String message) {
        return new UrlException(CurlCode.CURLE_URL_MALFORMAT, message);
    }
}

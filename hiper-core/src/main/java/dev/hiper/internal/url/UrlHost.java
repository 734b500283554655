package dev.hiper.internal.url;

import static dev.hiper.internal.url.UrlText.*;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The host of a URL in the three spellings a client needs, and libcurl's rules for reading it
 * ({@link #parse}): an IPv6 literal in brackets (validated and written in canonical form, with
 * an optional zone id), a numeric IPv4 address in any form {@code inet_aton} knows (written as
 * a dotted quad), or a name (percent-decoded, checked against the bytes a host may not hold,
 * converted to punycode when it is not ASCII, lower-cased).
 *
 * <p>Made by {@link CurlUrl}'s parser for each URL, then only read; immutable. Parsing takes
 * time linear in the host's length, and bad input ends in a {@link UrlException} with
 * libcurl's message, never another exception.
 */
final class UrlHost {
    static final UrlHost NONE = new UrlHost("", "", "", false, "");

    static final String MSG_BAD_IPV6 = "URL rejected: Bad IPv6 address";
    private static final String MSG_BAD_HOSTNAME = "URL rejected: Bad hostname";
    /** Host names with non-ASCII characters longer than this are not converted. */
    private static final int MAX_IDN_INPUT = 1024;

    /** Bytes that may not appear in a host name (after percent-decoding). */
    private static final boolean[] HOST_REJECT = new boolean[128];

    static {
        for (char c : " \r\n\t/:#?!@{}[]\\$'\"^`*<>=;,+&()%".toCharArray()) {
            HOST_REJECT[c] = true;
        }
        for (int c = 0; c < 0x20; c++) {
            HOST_REJECT[c] = true;
        }
        HOST_REJECT[0x7f] = true;
    }

    /** The API form: IPv6 without brackets, "%zone" appended. */
    final String name;
    /** As written in the URL: IPv6 in brackets, "%25zone". */
    final String urlForm;
    /** As written in a Host header: IPv6 in brackets, no zone. */
    final String headerForm;
    final boolean ipv6;
    /** What a scheme is guessed from when the URL has none. */
    final String guessBasis;

    private UrlHost(String name, String urlForm, String headerForm, boolean ipv6, String guessBasis) {
        this.name = name;
        this.urlForm = urlForm;
        this.headerForm = headerForm;
        this.ipv6 = ipv6;
        this.guessBasis = guessBasis;
    }

    static UrlHost parse(byte[] b, int from, int to) throws UrlException {
        if (b[from] == '[') {
            return parseIpv6(b, from, to);
        }
        String v4 = normalizeIpv4(b, from, to);
        if (v4 != null) {
            return new UrlHost(v4, v4, v4, false, v4);
        }
        return parseName(b, from, to);
    }

    /** A host name: percent-decoded, checked, IDN-converted, lower-cased. */
    private static UrlHost parseName(byte[] b, int from, int to) throws UrlException {
        byte[] decoded = new byte[to - from];
        int len = 0;
        boolean ascii = true;
        for (int i = from; i < to; ) {
            int c = b[i] & 0xff;
            if (c == '%' && i + 2 < to && hexValue(b[i + 1]) >= 0 && hexValue(b[i + 2]) >= 0) {
                c = (hexValue(b[i + 1]) << 4) | hexValue(b[i + 2]);
                i += 3;
            } else {
                i++;
            }
            if (c < 0x80) {
                if (HOST_REJECT[c]) {
                    throw malformed(MSG_BAD_HOSTNAME);
                }
            } else {
                ascii = false;
            }
            decoded[len++] = (byte) c;
        }
        String basis = new String(decoded, 0, len, StandardCharsets.ISO_8859_1);
        String name;
        if (ascii) {
            name = lowerAscii(decoded, 0, len);
            // the Host header keeps the name as written, as curl sends it (its test 1318)
            return new UrlHost(name, name, basis, false, basis);
        }
        name = toAce(decoded, len);
        return new UrlHost(name, name, name, false, basis);
    }

    /** Converts a host name with non-ASCII characters to its ASCII-compatible form. */
    private static String toAce(byte[] decoded, int len) throws UrlException {
        String unicode;
        try {
            unicode = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded, 0, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("Failed to convert host name to ACE; invalid UTF-8");
        }
        if (len > MAX_IDN_INPUT) {
            throw idnFailure(unicode, "host name too long");
        }
        String ace;
        try {
            ace = IDN.toASCII(unicode);
        } catch (IllegalArgumentException e) {
            throw idnFailure(unicode, e.getMessage());
        }
        if (ace.isEmpty()) {
            throw malformed(MSG_BAD_HOSTNAME);
        }
        for (int i = 0; i < ace.length(); i++) {
            char c = ace.charAt(i);
            // the mapping step (NFKC) can produce ASCII characters a host may not hold
            if (c >= 0x80 || HOST_REJECT[c]) {
                throw malformed(MSG_BAD_HOSTNAME);
            }
        }
        return lowerAscii(ace);
    }

    private static UrlException idnFailure(String unicode, String reason) {
        String shown = unicode.length() > 64 ? unicode.substring(0, 64) + "..." : unicode;
        return malformed("Failed to convert " + shown + " to ACE; " + reason);
    }

    /**
     * The dotted-quad form of a numeric IPv4 host written the way {@code inet_aton} reads
     * it (1 to 4 parts, each decimal, octal with a leading 0, or hex with 0x), or null
     * when the host is not such a number (it is then a name).
     */
    private static String normalizeIpv4(byte[] b, int from, int to) {
        long[] parts = new long[4];
        int count = 0;
        int i = from;
        while (true) {
            if (i >= to || !isDigit(b[i])) {
                return null;
            }
            int radix = 10;
            if (b[i] == '0') {
                if (i + 2 < to && (b[i + 1] == 'x' || b[i + 1] == 'X') && hexValue(b[i + 2]) >= 0) {
                    radix = 16;
                    i += 2;
                } else {
                    radix = 8;
                }
            }
            long value = 0;
            boolean tooBig = false;
            while (i < to) {
                int d = radix == 16 ? hexValue(b[i]) : (isDigit(b[i]) ? b[i] - '0' : -1);
                if (d < 0 || d >= radix) {
                    break;
                }
                if (!tooBig) {
                    value = value * radix + d;
                    if (value > 0xffffffffL) {
                        tooBig = true;
                    }
                }
                i++;
            }
            if (tooBig) {
                return null; // more than 32 bits: a name
            }
            parts[count] = value;
            if (i == to) {
                break;
            }
            if (b[i] != '.' || count == 3) {
                return null;
            }
            count++;
            i++;
        }
        long addr;
        switch (count) {
            case 0:
                addr = parts[0];
                break;
            case 1:
                if (parts[0] > 0xff || parts[1] > 0xffffff) {
                    return null;
                }
                addr = (parts[0] << 24) | parts[1];
                break;
            case 2:
                if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xffff) {
                    return null;
                }
                addr = (parts[0] << 24) | (parts[1] << 16) | parts[2];
                break;
            default:
                if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xff || parts[3] > 0xff) {
                    return null;
                }
                addr = (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3];
                break;
        }
        return ((addr >>> 24) & 0xff) + "." + ((addr >>> 16) & 0xff) + "." + ((addr >>> 8) & 0xff) + "." + (addr & 0xff);
    }

    /** "[address]" or "[address%zone]" / "[address%25zone]". */
    private static UrlHost parseIpv6(byte[] b, int from, int to) throws UrlException {
        if (to - from < 4) { // "[::]" is the shortest
            throw malformed(MSG_BAD_IPV6);
        }
        int start = from + 1;
        int end = to - 1; // the ']'
        int k = start;
        while (k < end && isIpv6Char(b[k])) {
            k++;
        }
        String zone = null;
        if (k < end) {
            if (b[k] != '%') {
                throw malformed(MSG_BAD_IPV6);
            }
            int z = k + 1;
            if (z + 2 < end && b[z] == '2' && b[z + 1] == '5') {
                z += 2; // "%25" is an encoded '%'
            }
            int zlen = end - z;
            if (zlen < 1 || zlen > 15) {
                throw malformed(MSG_BAD_IPV6);
            }
            for (int i = z; i < end; i++) {
                if (b[i] < 0) { // non-ASCII zone ids are refused
                    throw malformed(MSG_BAD_IPV6);
                }
            }
            zone = new String(b, z, zlen, StandardCharsets.US_ASCII);
        }
        byte[] addr = parseIpv6Address(b, start, k);
        if (addr == null) {
            throw malformed(MSG_BAD_IPV6);
        }
        String text = formatIpv6(addr);
        String name = zone == null ? text : text + '%' + zone;
        String urlForm = zone == null ? '[' + text + ']' : '[' + text + "%25" + zone + ']';
        return new UrlHost(name, urlForm, '[' + text + ']', true, "[");
    }

    /** inet_pton(AF_INET6): 16 bytes, or null when the text is not an IPv6 address. */
    static byte[] parseIpv6Address(byte[] b, int from, int to) {
        byte[] out = new byte[16];
        int tp = 0;
        int colonAt = -1;
        int i = from;
        if (i < to && b[i] == ':') {
            if (i + 1 >= to || b[i + 1] != ':') {
                return null; // a leading ':' must be "::"
            }
            i++;
        }
        int token = i;
        int digits = 0;
        int value = 0;
        while (i < to) {
            int ch = b[i++];
            int hv = hexValue(ch);
            if (hv >= 0) {
                value = (value << 4) | hv;
                if (++digits > 4) {
                    return null;
                }
                continue;
            }
            if (ch == ':') {
                token = i;
                if (digits == 0) {
                    if (colonAt >= 0) {
                        return null; // a second "::"
                    }
                    colonAt = tp;
                    continue;
                }
                if (i >= to || tp + 2 > 16) {
                    return null; // trailing single ':' or too many groups
                }
                out[tp++] = (byte) (value >> 8);
                out[tp++] = (byte) value;
                digits = 0;
                value = 0;
                continue;
            }
            if (ch == '.' && tp + 4 <= 16 && parseIpv4Tail(b, token, to, out, tp)) {
                tp += 4;
                digits = 0;
                break; // the dotted quad ran to the end
            }
            return null;
        }
        if (digits > 0) {
            if (tp + 2 > 16) {
                return null;
            }
            out[tp++] = (byte) (value >> 8);
            out[tp++] = (byte) value;
        }
        if (colonAt >= 0) {
            if (tp == 16) {
                return null; // "::" must stand for at least one group
            }
            int moved = tp - colonAt;
            for (int j = 1; j <= moved; j++) {
                out[16 - j] = out[colonAt + moved - j];
                out[colonAt + moved - j] = 0;
            }
            tp = 16;
        }
        return tp == 16 ? out : null;
    }

    /** Strict dotted quad (no leading zeros, 4 parts) at the end of an IPv6 address. */
    private static boolean parseIpv4Tail(byte[] b, int from, int to, byte[] out, int at) {
        int octets = 0;
        int current = 0;
        boolean sawDigit = false;
        byte[] tmp = new byte[4];
        for (int i = from; i < to; i++) {
            int ch = b[i];
            if (ch >= '0' && ch <= '9') {
                if (sawDigit && current == 0) {
                    return false; // leading zero
                }
                current = current * 10 + (ch - '0');
                if (current > 255) {
                    return false;
                }
                if (!sawDigit) {
                    if (++octets > 4) {
                        return false;
                    }
                    sawDigit = true;
                }
                tmp[octets - 1] = (byte) current;
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return false;
                }
                current = 0;
                sawDigit = false;
            } else {
                return false;
            }
        }
        if (octets < 4 || !sawDigit) {
            return false;
        }
        System.arraycopy(tmp, 0, out, at, 4);
        return true;
    }

    /**
     * inet_ntop(AF_INET6): lower-case hex, the longest run (two groups or more, leftmost on
     * a tie) of zero groups written "::", IPv4-mapped and IPv4-compatible addresses with a
     * dotted-quad tail.
     */
    static String formatIpv6(byte[] a) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (w[i] == 0) {
                if (curBase < 0) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase >= 0) {
                if (bestBase < 0 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase >= 0 && (bestBase < 0 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase >= 0 && bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(46);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i > 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.')
                        .append(a[14] & 0xff).append('.').append(a[15] & 0xff);
                return sb.toString();
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}

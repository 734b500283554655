package dev.hiper.internal.http2;

import static dev.hiper.internal.http2.Http2ErrorCode.PROTOCOL_ERROR;

import java.util.List;

/**
 * The rules RFC 9113 section 8 sets for the fields of a message, checked on a decoded header
 * list. HPACK carries any octets; these rules keep the fields that reach the rest of hiper (and
 * the application's header callback, which sees them as HTTP/1-style lines) free of what could
 * split or smuggle a header: a message that breaks one is malformed, a stream error of type
 * PROTOCOL_ERROR (section 8.1.1).
 *
 * <p>What is checked:
 * <ul>
 *   <li>names: not empty, no octet 0x00-0x20, 0x7f-0xff or uppercase ASCII, and a colon only as
 *       the first octet of a pseudo-header (section 8.2.1);
 *   <li>values: no NUL, CR or LF, and no space or tab at either end (section 8.2.1);
 *   <li>no connection-specific field: Connection, Proxy-Connection, Keep-Alive,
 *       Transfer-Encoding, Upgrade; TE only as "trailers" (section 8.2.2);
 *   <li>pseudo-headers: only those of the kind of section, each once, all before the first
 *       regular field (section 8.3); a response has exactly one {@code :status} of three digits
 *       (section 8.3.2); trailers have none (section 8.1); a pushed request has {@code :method},
 *       {@code :scheme} and {@code :path} once each and may have {@code :authority} (section 8.3.1).
 * </ul>
 */
public final class Http2FieldRules {

    /** Which part of a message a header list is. */
    public enum Section {
        /** The header section of a response, interim (1xx) or final. */
        RESPONSE,
        /** A trailer section: fields after the content, no pseudo-headers. */
        TRAILERS,
        /** The request a PUSH_PROMISE promises. */
        PUSHED_REQUEST
    }

    private Http2FieldRules() {
    }

    /** Throws a stream error for {@code streamId} when {@code fields} break a rule of section 8. */
    public static void check(int streamId, List<HeaderField> fields, Section section) throws Http2Exception {
        boolean regularSeen = false;
        int status = 0;
        int method = 0;
        int scheme = 0;
        int path = 0;
        int authority = 0;
        for (HeaderField field : fields) {
            String name = field.name();
            checkName(streamId, name);
            checkValue(streamId, field);
            if (name.charAt(0) == ':') {
                if (regularSeen) {
                    throw malformed(streamId, "pseudo-header " + name + " after a regular field");
                }
                switch (section) {
                    case RESPONSE:
                        if (!name.equals(":status")) {
                            throw malformed(streamId, "pseudo-header " + name + " in a response");
                        }
                        checkStatus(streamId, field.value());
                        status++;
                        break;
                    case PUSHED_REQUEST:
                        switch (name) {
                            case ":method": method++; break;
                            case ":scheme": scheme++; break;
                            case ":path": path++; break;
                            case ":authority": authority++; break;
                            default: throw malformed(streamId, "pseudo-header " + name + " in a request");
                        }
                        break;
                    default:
                        throw malformed(streamId, "pseudo-header " + name + " in trailers");
                }
            } else {
                regularSeen = true;
                checkNotConnectionSpecific(streamId, field);
            }
        }
        if (section == Section.RESPONSE && status != 1) {
            throw malformed(streamId, status == 0 ? "response without :status" : "more than one :status");
        }
        if (section == Section.PUSHED_REQUEST && (method != 1 || scheme != 1 || path != 1 || authority > 1)) {
            throw malformed(streamId, "pushed request without exactly one :method, :scheme and :path");
        }
    }

    private static void checkName(int streamId, String name) throws Http2Exception {
        if (name.isEmpty()) {
            throw malformed(streamId, "empty field name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean bad = c <= 0x20 || c >= 0x7f || (c >= 'A' && c <= 'Z') || (c == ':' && i > 0);
            if (bad) {
                throw malformed(streamId, "field name " + printable(name) + " holds 0x" + Integer.toHexString(c));
            }
        }
        if (name.equals(":")) {
            throw malformed(streamId, "a pseudo-header without a name");
        }
    }

    private static void checkValue(int streamId, HeaderField field) throws Http2Exception {
        String value = field.value();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                throw malformed(streamId, "value of " + field.name() + " holds 0x" + Integer.toHexString(c));
            }
        }
        if (!value.isEmpty() && (isBlank(value.charAt(0)) || isBlank(value.charAt(value.length() - 1)))) {
            throw malformed(streamId, "value of " + field.name() + " starts or ends with whitespace");
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static void checkStatus(int streamId, String value) throws Http2Exception {
        boolean threeDigits = value.length() == 3;
        for (int i = 0; threeDigits && i < 3; i++) {
            threeDigits = value.charAt(i) >= '0' && value.charAt(i) <= '9';
        }
        if (!threeDigits || value.charAt(0) == '0') {
            throw malformed(streamId, ":status " + printable(value) + " is not three digits");
        }
    }

    /** Section 8.2.2: HTTP/2 has no connection-specific fields; TE may only say "trailers". */
    private static void checkNotConnectionSpecific(int streamId, HeaderField field) throws Http2Exception {
        switch (field.name()) {
            case "connection":
            case "proxy-connection":
            case "keep-alive":
            case "transfer-encoding":
            case "upgrade":
                throw malformed(streamId, "connection-specific field " + field.name());
            case "te":
                if (!field.value().equals("trailers")) {
                    throw malformed(streamId, "te other than \"trailers\"");
                }
                break;
            default:
                break;
        }
    }

    private static Http2Exception malformed(int streamId, String why) {
        return Http2Exception.streamError(streamId, PROTOCOL_ERROR, "malformed message: " + why);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.append(s.length() > 64 ? "...\"" : "\"").toString();
    }
}

package dev.hiper.cli;

/** The escapes curl's tool applies to text: JSON strings and URL encoding (byte strings). */
public final class Text {
    private Text() {
    }

    /**
     * A JSON string's content as curl writes it: quote, backslash, {@code \b \f \n \r \t}, other
     * controls as {@code \\u00XX}; {@code lower} turns ASCII capitals to small letters.
     */
    public static String json(String s, boolean lower) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(lower && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * curl_easy_escape on a byte string: all but ALPHA, DIGIT and {@code - . _ ~} as %XX; with
     * {@code plus}, a space becomes '+'.
     */
    public static String urlEncode(String s, boolean plus) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append(c);
            } else if (plus && c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(String.format("%02X", (int) c & 0xff));
            }
        }
        return sb.toString();
    }
}

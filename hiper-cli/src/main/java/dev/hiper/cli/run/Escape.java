package dev.hiper.cli.run;

/** curl_easy_escape on byte strings: all but ALPHA, DIGIT and {@code - . _ ~} as %XX. */
final class Escape {
    private Escape() {
    }

    static String url(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", (int) c & 0xff));
            }
        }
        return sb.toString();
    }
}

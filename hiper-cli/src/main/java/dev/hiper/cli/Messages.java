package dev.hiper.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The tool's own lines on standard error, formatted as curl formats them: {@code hiper: text}
 * for errors, {@code Warning: text} and {@code Note: text} wrapped at the terminal width (79
 * columns unless {@code COLUMNS} says otherwise), each continuation line prefixed again.
 */
public final class Messages {
    public static final String PRODUCT = "hiper";
    public static final String ERROR_PREFIX = PRODUCT + ": ";
    public static final String WARN_PREFIX = "Warning: ";
    public static final String NOTE_PREFIX = "Note: ";

    private Messages() {
    }

    /** The width curl wraps warnings at. */
    public static int columns(ToolEnv env) {
        String c = env == null ? null : env.getenv("COLUMNS");
        if (c != null) {
            try {
                int n = Integer.parseInt(c.trim());
                if (n > 20 && n < 10000) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // not a number: the default
            }
        }
        return 79;
    }

    /**
     * Splits {@code text} (a byte string) into lines that each start with {@code prefix} and fit
     * in {@code columns}, cutting after the last blank that fits, as curl does.
     */
    public static void wrap(String prefix, String text, int columns, List<String> out) {
        int width = columns - prefix.length();
        String rest = text;
        while (!rest.isEmpty()) {
            if (rest.length() > width) {
                int cut = width - 1;
                while (cut > 0 && rest.charAt(cut) != ' ' && rest.charAt(cut) != '\t') {
                    cut--;
                }
                if (cut == 0) {
                    cut = width - 1;
                }
                out.add(prefix + rest.substring(0, cut + 1) + "\n");
                rest = rest.substring(cut + 1);
            } else {
                out.add(prefix + rest + "\n");
                rest = "";
            }
        }
    }

    /** Bytes of a byte string. */
    public static byte[] bytes(String byteString) {
        return byteString.getBytes(StandardCharsets.ISO_8859_1);
    }
}

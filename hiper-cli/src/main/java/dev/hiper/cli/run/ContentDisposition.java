package dev.hiper.cli.run;

/**
 * The file name in a {@code Content-Disposition} header for {@code -J}, as curl finds it: the
 * first {@code filename=} parameter (quoted or not), with any directory part removed.
 */
final class ContentDisposition {
    private ContentDisposition() {
    }

    /** {@code value} is the header line after "Content-disposition:"; null when no name. */
    static String filename(String value) {
        int p = 0;
        int end = value.length();
        for (;;) {
            while (p < end && !Character.isLetter(value.charAt(p))) {
                p++;
            }
            if (p > end - 9) {
                return null;
            }
            if (!value.startsWith("filename=", p)) {
                while (p < end && value.charAt(p) != ';') {
                    p++;
                }
                if (p < end) {
                    continue;
                }
                return null;
            }
            return parse(value.substring(p + 9));
        }
    }

    private static String parse(String s) {
        String p = s;
        char stop = ';';
        if (!p.isEmpty() && (p.charAt(0) == '\'' || p.charAt(0) == '"')) {
            stop = p.charAt(0);
            p = p.substring(1);
        }
        int q = p.indexOf(stop);
        if (q >= 0) {
            p = p.substring(0, q);
        }
        return lastSegment(p);
    }

    /**
     * The name {@code -J} takes from a 3xx's {@code Location} (after "Location:") until a
     * {@code Content-Disposition} names one, as curl's tool does: without query and fragment,
     * its last path segment; null when none.
     */
    static String fromLocation(String value) {
        String p = value;
        int a = 0;
        while (a < p.length() && (p.charAt(a) == ' ' || p.charAt(a) == '\t')) {
            a++;
        }
        p = p.substring(a);
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        q = p.indexOf('#');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        return lastSegment(p);
    }

    private static String lastSegment(String s) {
        String p = s;
        int q = p.lastIndexOf('/');
        if (q >= 0) {
            p = p.substring(q + 1);
            if (p.isEmpty()) {
                return null;
            }
        }
        q = p.lastIndexOf('\\');
        if (q >= 0) {
            p = p.substring(q + 1);
            if (p.isEmpty()) {
                return null;
            }
        }
        q = p.indexOf('\r');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        q = p.indexOf('\n');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        return p;
    }
}

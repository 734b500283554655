package dev.hiper.cli.args;

import static dev.hiper.curl.Curl.getdate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the values of options are read, as curl's tool reads them: whole numbers, seconds with a
 * fraction (secs2ms), sizes with a unit, protocol lists (proto2num), a certificate name with its
 * password, ranges, resume offsets, time conditions, and the {@code @file} values of
 * {@code -H} and {@code -w}. Each answers a {@link ParamError} and sets the configuration being
 * built only when the value is good.
 *
 * <p>Static and stateless; {@link Handlers} calls these for the options whose value needs more
 * than to be stored.
 */
final class OptionValues {
    private OptionValues() {
    }

    /** The protocols curl knows, for --proto. */
    static final java.util.List<String> PROTOCOLS = java.util.List.of("dict", "file", "ftp", "ftps", "gopher",
            "gophers", "http", "https", "imap", "imaps", "ipfs", "ipns", "ldap", "ldaps", "mqtt", "pop3", "pop3s",
            "rtmp", "rtsp", "scp", "sftp", "smb", "smbs", "smtp", "smtps", "telnet", "tftp", "ws", "wss");

    /**
     * --proto: comma-separated [+-=]protocol items ("all" for every one), applied in order to
     * the set of allowed protocols; an empty set is refused.
     */
    static ParamError proto(ArgParser p, String v) {
        java.util.Set<String> allowed = protocols(p, v);
        if (allowed.isEmpty()) {
            return ParamError.BAD_USE;
        }
        p.op().protoHttp = allowed.contains("http");
        p.op().protoHttps = allowed.contains("https");
        return ParamError.OK;
    }

    /** --proto-redir: the same items, for CURLOPT_REDIR_PROTOCOLS_STR (IPFS is a gateway, not a scheme). */
    static ParamError protoRedir(ArgParser p, String v) {
        java.util.Set<String> allowed = new java.util.TreeSet<>(protocols(p, v));
        allowed.remove("ipfs");
        allowed.remove("ipns");
        if (allowed.isEmpty()) {
            return ParamError.BAD_USE;
        }
        p.op().protoRedir = String.join(",", allowed);
        return ParamError.OK;
    }

    /** curl's proto2num: the items applied in order to every protocol. */
    static java.util.Set<String> protocols(ArgParser p, String v) {
        java.util.Set<String> allowed = new java.util.HashSet<>(PROTOCOLS);
        for (String item : v.split(",")) {
            String t = item.trim().toLowerCase(java.util.Locale.ROOT);
            char op = '+';
            if (!t.isEmpty() && "+-=".indexOf(t.charAt(0)) >= 0) {
                op = t.charAt(0);
                t = t.substring(1);
            }
            java.util.List<String> names;
            if (t.equals("all")) {
                names = PROTOCOLS;
            } else if (PROTOCOLS.contains(t)) {
                names = java.util.List.of(t);
            } else {
                if (!t.isEmpty()) {
                    p.warnf("unrecognized protocol '" + t + "'");
                }
                continue;
            }
            if (op == '=') {
                allowed.clear();
                allowed.addAll(names);
            } else if (op == '+') {
                allowed.addAll(names);
            } else {
                allowed.removeAll(names);
            }
        }
        return allowed;
    }

    /**
     * curl's parse_cert_parameter: "FILE[:PASSWORD]", where "\\:" is a colon and "\\\\" a
     * backslash in the file name; a PKCS#11 URI is taken whole.
     */
    static void certAndPassword(Operation.Builder op, String v) {
        if (v.regionMatches(true, 0, "pkcs11:", 0, 7) || (v.indexOf(':') < 0 && v.indexOf('\\') < 0)) {
            op.cert = v;
            return;
        }
        StringBuilder name = new StringBuilder();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == '\\') {
                char next = i + 1 < v.length() ? v.charAt(i + 1) : 0;
                if (next == 0) {
                    name.append('\\');
                    i++;
                } else if (next == '\\' || next == ':') {
                    name.append(next);
                    i += 2;
                } else {
                    name.append('\\').append(next);
                    i += 2;
                }
            } else if (c == ':') {
                if (i + 1 < v.length()) {
                    op.keyPasswd = v.substring(i + 1);
                }
                break;
            } else {
                name.append(c);
                i++;
            }
        }
        op.cert = name.toString();
    }

    static boolean blank(String v) {
        return v.isEmpty();
    }

    static ParamError set(Runnable r) {
        r.run();
        return ParamError.OK;
    }

    interface LongSetter {
        void set(long v);
    }

    /** A whole number, or null. */
    static Long number(String v) {
        String s = v.trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ParamError unum(String v, LongSetter s) {
        Long n = number(v);
        if (n == null) {
            return ParamError.BAD_NUMERIC;
        }
        if (n < 0) {
            return ParamError.NEGATIVE_NUMERIC;
        }
        s.set(n);
        return ParamError.OK;
    }

    /** curl's secs2ms: seconds with an optional fraction, to milliseconds. */
    static ParamError secs(String v, LongSetter s) {
        String t = v.trim();
        if (t.startsWith("-")) {
            return ParamError.NEGATIVE_NUMERIC;
        }
        if (!t.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
            return ParamError.BAD_NUMERIC;
        }
        java.math.BigDecimal ms = new java.math.BigDecimal(t).movePointRight(3);
        if (ms.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return ParamError.NUMBER_TOO_LARGE;
        }
        s.set(ms.longValue());
        return ParamError.OK;
    }

    /** curl's GetSizeParameter: a number with an optional k/m/g/t/p unit (powers of 1024). */
    static ParamError size(ArgParser p, String v, String which, LongSetter s) {
        String t = v.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return ParamError.BAD_NUMERIC;
        }
        long n;
        try {
            n = Long.parseLong(t.substring(0, i));
        } catch (NumberFormatException e) {
            return ParamError.NUMBER_TOO_LARGE;
        }
        String unit = t.substring(i).toLowerCase(java.util.Locale.ROOT);
        long mult;
        switch (unit) {
            case "", "b" -> mult = 1;
            case "k" -> mult = 1L << 10;
            case "m" -> mult = 1L << 20;
            case "g" -> mult = 1L << 30;
            case "t" -> mult = 1L << 40;
            case "p" -> mult = 1L << 50;
            default -> {
                p.warnf("unsupported " + which + " unit. Use G, M, K or B!");
                return ParamError.BAD_NUMERIC;
            }
        }
        if (n > Long.MAX_VALUE / mult) {
            return ParamError.NUMBER_TOO_LARGE;
        }
        s.set(n * mult);
        return ParamError.OK;
    }

    /** The text of the file an {@code @file} value names, or null (the error said) when it cannot be read. */
    private static String atFile(ArgParser p, String v) {
        String file = v.substring(1);
        try {
            return new String(p.readFile(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            p.errorf("Failed to open " + file);
            return null;
        }
    }

    static ParamError header(ArgParser p, String v) {
        if (v.startsWith("@")) {
            String text = atFile(p, v);
            if (text == null) {
                return ParamError.READ_ERROR;
            }
            for (String h : text.split("[\r\n]+")) {
                if (!h.isEmpty()) {
                    p.op().headers.add(h);
                }
            }
            return ParamError.OK;
        }
        p.op().headers.add(v);
        return ParamError.OK;
    }

    static ParamError writeOut(ArgParser p, String v) {
        if (v.startsWith("@")) {
            String text = atFile(p, v);
            if (text == null) {
                return ParamError.READ_ERROR;
            }
            p.op().writeOut = Data.stripNewlines(text);
            return ParamError.OK;
        }
        p.op().writeOut = v;
        return ParamError.OK;
    }

    static ParamError continueAt(ArgParser p, String v) {
        Operation.Builder op = p.op();
        if (op.range != null) {
            p.errorf("--continue-at is mutually exclusive with --range");
            return ParamError.BAD_USE;
        }
        if (op.removeOnError) {
            p.errorf("--continue-at is mutually exclusive with --remove-on-error");
            return ParamError.BAD_USE;
        }
        if (op.clobber == Operation.Clobber.NEVER) {
            p.errorf("--continue-at is mutually exclusive with --no-clobber");
            return ParamError.BAD_USE;
        }
        op.useResume = true;
        if (v.equals("-")) {
            op.resumeFromCurrent = true;
            op.resumeFrom = 0;
            return ParamError.OK;
        }
        op.resumeFromCurrent = false;
        Long n = number(v);
        if (n == null) {
            return ParamError.BAD_NUMERIC;
        }
        if (n < 0) {
            return ParamError.NEGATIVE_NUMERIC;
        }
        op.resumeFrom = n;
        return ParamError.OK;
    }

    static ParamError range(ArgParser p, String v) {
        Operation.Builder op = p.op();
        if (op.useResume) {
            p.errorf("--continue-at is mutually exclusive with --range");
            return ParamError.BAD_USE;
        }
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i > 0 && i == v.length()) {
            p.warnf("A specified range MUST include at least one dash (-). Appending one for you");
            op.range = Long.parseLong(v) + "-";
            return ParamError.OK;
        }
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (!Character.isDigit(c) && c != '-' && c != ',') {
                p.warnf("Invalid character is found in given range. A specified range MUST have only digits in "
                        + "'start'-'stop'. The server's response to this request is uncertain.");
                break;
            }
        }
        if (v.isEmpty()) {
            return ParamError.BLANK_STRING;
        }
        op.range = v;
        return ParamError.OK;
    }

    static ParamError timeCond(ArgParser p, String v) {
        Operation.Builder op = p.op();
        String s = v;
        if (s.startsWith("+")) {
            s = s.substring(1);
            op.timeCond = Operation.TimeCond.IF_MODIFIED_SINCE;
        } else if (s.startsWith("-")) {
            s = s.substring(1);
            op.timeCond = Operation.TimeCond.IF_UNMODIFIED_SINCE;
        } else if (s.startsWith("=")) {
            s = s.substring(1);
            op.timeCond = Operation.TimeCond.LAST_MODIFIED;
        } else {
            op.timeCond = Operation.TimeCond.IF_MODIFIED_SINCE;
        }
        long t = getdate(s); // curl_getdate, as curl's tool reads -z
        if (t == -1) {
            try {
                Path f = p.env().path(s);
                op.condTime = Files.getLastModifiedTime(f).toMillis() / 1000;
            } catch (IOException | RuntimeException e) {
                op.timeCond = Operation.TimeCond.NONE;
                p.warnf("Illegal date format for -z, --time-cond (and not a filename). Disabling time condition. "
                        + "See curl_getdate(3) for valid date syntax.");
            }
        } else {
            op.condTime = t;
        }
        return ParamError.OK;
    }
}

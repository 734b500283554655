package dev.hiper.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code .netrc} file: {@code machine NAME login USER password PASS} entries (and
 * {@code default}), tokens separated by blanks, quoted tokens with backslash escapes
 * ({@code \n \r \t}, anything else stands for itself), {@code macdef} bodies skipped.
 * Looking up a host picks the first entry for it whose login fits the URL's user name.
 */
final class Netrc {
    /** One entry; login or password may be null. */
    record Entry(String machine, String login, String password) {
    }

    private final List<Entry> entries = new ArrayList<>();
    /** A quoted token without its closing quote: the file is not used. */
    boolean malformed;

    Netrc(String text) {
        List<String> tokens = tokens(text);
        if (tokens == null) {
            malformed = true;
            return;
        }
        String machine = null;
        String login = null;
        String password = null;
        boolean inEntry = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            switch (t) {
                case "machine", "default" -> {
                    if (inEntry) {
                        entries.add(new Entry(machine, login, password));
                    }
                    inEntry = true;
                    login = null;
                    password = null;
                    machine = t.equals("default") ? null : (i + 1 < tokens.size() ? tokens.get(++i) : "");
                }
                case "login" -> login = i + 1 < tokens.size() ? tokens.get(++i) : "";
                case "password" -> password = i + 1 < tokens.size() ? tokens.get(++i) : "";
                default -> { }
            }
        }
        if (inEntry) {
            entries.add(new Entry(machine, login, password));
        }
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        boolean macdef = false;
        while (i < n) {
            char c = text.charAt(i);
            if (macdef) {
                // a macro runs until an empty line
                int blank = text.indexOf("\n\n", i);
                i = blank < 0 ? n : blank + 2;
                macdef = false;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            StringBuilder sb = new StringBuilder();
            if (c == '"') {
                i++;
                if (!hasClosingQuote(text, i)) {
                    return null;
                }
                while (i < n && text.charAt(i) != '"') {
                    char d = text.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        char e = text.charAt(++i);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        sb.append(d);
                    }
                    i++;
                }
                i++;
            } else {
                while (i < n && " \t\r\n".indexOf(text.charAt(i)) < 0) {
                    sb.append(text.charAt(i++));
                }
            }
            String tok = sb.toString();
            out.add(tok);
            if (tok.equals("macdef")) {
                macdef = true;
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            }
        }
        return out;
    }

    /** Whether a quote at or after {@code from} closes the token (escaped quotes do not). */
    private static boolean hasClosingQuote(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return true;
            } else if (c == '\n') {
                return false;
            }
        }
        return false;
    }

    /** The entry to use for a host and the URL's user (null: none given), or null. */
    Entry find(String host, String user) {
        String h = host.toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            boolean hostOk = e.machine == null || e.machine.toLowerCase(Locale.ROOT).equals(h);
            if (hostOk && (user == null || e.login == null || e.login.equals(user))) {
                return e;
            }
        }
        return null;
    }
}

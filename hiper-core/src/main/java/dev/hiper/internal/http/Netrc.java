package dev.hiper.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@code .netrc} file read as libcurl reads it ({@code CURLOPT_NETRC}): lines whose first
 * non-blank character is '#' are dropped when the file is loaded; the rest is a stream of tokens
 * separated by blanks and line ends, a token in double quotes may hold blanks, line ends and the
 * escapes {@code \n}, {@code \r}, {@code \t} (a backslash before anything else stands for that
 * character). Keywords: {@code machine NAME}, {@code default}, {@code login}, {@code password},
 * {@code account} (read and ignored), {@code macdef} (its body runs to the next empty line);
 * other tokens are skipped.
 *
 * <p>An entry ends at the next {@code machine}, {@code default}, {@code macdef} or the end. The
 * first entry for the host (names compared case-insensitively; {@code default} fits every host)
 * that has something to give wins: with a login, that login must be the user asked for (when
 * one is) and then the entry needs a password; without a login, a password serves any user.
 */
public final class Netrc {
    /** libcurl's limits: the file, one line, one token. Past one, the file is a syntax error. */
    static final int MAX_FILE = 128 * 1024;
    static final int MAX_LINE = 16384;
    static final int MAX_TOKEN = 4096;

    /** What a look-up found: the user (null: keep the one asked for) and the password (may be null). */
    public record Credentials(String user, String password) {
    }

    /** Why a look-up found nothing, with libcurl's words for it. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        /** True when the file was read and has no entry for the host. */
        public final boolean noMatch;

        Failure(String message, boolean noMatch) {
            super(message, null, false, false);
            this.noMatch = noMatch;
        }
    }

    private Netrc() {
    }

    /**
     * Looks {@code host} up in {@code file} for {@code user} (null or "" for any). Throws when the
     * file is missing ("no such file"), malformed ("syntax error") or has no entry ("no matching
     * entry", {@link Failure#noMatch}).
     */
    public static Credentials find(Path file, String host, String user) throws Failure {
        return scan(load(file), host, user);
    }

    /**
     * The credentials {@code CURLOPT_NETRC} ({@code mode}: 1 optional, 2 required) gives a request
     * to {@code host}, as libcurl decides: none when credentials were set by an option, or when the
     * URL has both a user and a password (unless required: then its password gives way); the URL's
     * user picks the entry. Null when the file gives nothing (said in {@code trace}); throws, with
     * the message the transfer fails with (26), when required and the file is missing or malformed.
     */
    public static Credentials resolve(long mode, String file, String host, boolean optionCredentials,
            String urlUser, String urlPassword, java.util.function.Consumer<String> trace) throws Failure {
        if (mode == 0 || optionCredentials || host == null) {
            return null;
        }
        boolean urlBoth = urlUser != null && !urlUser.isEmpty() && urlPassword != null;
        if (urlBoth && mode != 2) {
            return null;
        }
        Path path = file != null ? Path.of(file) : defaultFile();
        try {
            if (path == null) {
                throw new Failure("no such file", false);
            }
            Credentials c = find(path, host, urlUser);
            trace.accept("netrc: using credentials for " + host + " as " + c.user());
            return c;
        } catch (Failure f) {
            if (f.noMatch || mode == 1) {
                trace.accept("Could not find host " + host + " in the " + (file != null ? file : ".netrc")
                        + " file; using defaults");
                return null;
            }
            throw new Failure(".netrc error: " + f.getMessage(), false);
        }
    }

    /** $NETRC, else .netrc in the home directory ($HOME, else the account's). */
    private static Path defaultFile() {
        String env = System.getenv("NETRC");
        if (env != null) {
            return Path.of(env);
        }
        String home = System.getenv("HOME");
        if (home == null) {
            home = System.getProperty("user.home");
        }
        return home == null ? null : Path.of(home, ".netrc");
    }

    /** The file's text without its comment lines. */
    static String load(Path file) throws Failure {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new Failure("no such file", false);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Failure("no such file", false);
        } catch (IOException | SecurityException e) {
            throw new Failure("no such file", false);
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 ? text.length() : nl + 1;
            if (end - i > MAX_LINE) {
                throw new Failure("syntax error", false);
            }
            int s = i;
            while (s < end && (text.charAt(s) == ' ' || text.charAt(s) == '\t')) {
                s++;
            }
            if (s == end || text.charAt(s) != '#') {
                out.append(text, s, end);
                if (nl < 0) {
                    out.append('\n'); // every line ends with a newline, as libcurl reads them
                }
            }
            if (out.length() > MAX_FILE) {
                throw new Failure("syntax error", false);
            }
            i = end;
        }
        return out.toString();
    }

    /** Scans loaded text; see {@link #find}. */
    static Credentials scan(String text, String host, String user) throws Failure {
        Lexer lx = new Lexer(text);
        String wanted = user == null || user.isEmpty() ? null : user;
        boolean matches = false;
        String login = null;
        String password = null;
        for (;;) {
            int tok = lx.next(false);
            if (tok == Lexer.EOF || tok == Lexer.MACHINE || tok == Lexer.DEFAULT || tok == Lexer.MACDEF) {
                if (matches) {
                    if (login != null) {
                        if (wanted == null) {
                            return new Credentials(login, password);
                        }
                        if (wanted.equals(login) && password != null) {
                            return new Credentials(wanted, password);
                        }
                    } else if (password != null) {
                        return new Credentials(wanted, password); // a password for any user
                    }
                }
                matches = false;
                login = null;
                password = null;
            }
            switch (tok) {
                case Lexer.EOF:
                    throw new Failure("no matching entry", true);
                case Lexer.MACHINE:
                    if (lx.next(true) == Lexer.LITERAL) {
                        matches = lx.literal.equalsIgnoreCase(host);
                    } else {
                        lx.pushBack();
                    }
                    break;
                case Lexer.DEFAULT:
                    matches = true;
                    break;
                case Lexer.ACCOUNT:
                    lx.literal(false);
                    break;
                case Lexer.LOGIN:
                    if (lx.literal(matches)) {
                        login = lx.literal;
                    }
                    break;
                case Lexer.PASSWORD:
                    if (lx.literal(matches)) {
                        password = lx.literal;
                    }
                    break;
                case Lexer.MACDEF:
                    lx.skipToEmptyLine();
                    break;
                default:
                    break; // anything else is skipped
            }
        }
    }

    /** libcurl's tokenizer of a .netrc text. */
    private static final class Lexer {
        static final int EOF = 0;
        static final int LITERAL = 1;
        static final int MACHINE = 2;
        static final int DEFAULT = 3;
        static final int ACCOUNT = 4;
        static final int LOGIN = 5;
        static final int PASSWORD = 6;
        static final int MACDEF = 7;
        static final int JUNK = 8;

        private final String s;
        private int pos;
        private int token;
        private boolean pushed;
        String literal;

        Lexer(String s) {
            this.s = s;
        }

        void pushBack() {
            pushed = true;
        }

        /** The next token as a value; false (and pushed back) when it is none. */
        boolean literal(boolean keep) throws Failure {
            if (next(true) == LITERAL) {
                return keep;
            }
            pushBack();
            return false;
        }

        int next(boolean wantLiteral) throws Failure {
            if (pushed) {
                pushed = false;
                return token;
            }
            literal = null;
            skipBlanks();
            if (pos >= s.length()) {
                token = EOF;
                return token;
            }
            if (s.charAt(pos) == '"') {
                literal = quoted();
                token = LITERAL;
                return token;
            }
            int start = pos;
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            String word = s.substring(start, pos);
            if (word.length() > MAX_TOKEN) {
                throw new Failure("syntax error", false);
            }
            if (wantLiteral) {
                literal = word;
                token = LITERAL;
            } else {
                token = switch (word.toLowerCase(java.util.Locale.ROOT)) {
                    case "machine" -> MACHINE;
                    case "default" -> DEFAULT;
                    case "account" -> ACCOUNT;
                    case "login" -> LOGIN;
                    case "password" -> PASSWORD;
                    case "macdef" -> MACDEF;
                    default -> JUNK;
                };
            }
            return token;
        }

        private void skipBlanks() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        /** A token in double quotes, which must close before the end of the text. */
        private String quoted() throws Failure {
            StringBuilder sb = new StringBuilder();
            boolean escape = false;
            for (pos++; pos < s.length(); pos++) {
                char c = s.charAt(pos);
                if (escape) {
                    escape = false;
                    c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
                } else if (c == '\\') {
                    escape = true;
                    continue;
                } else if (c == '"') {
                    pos++;
                    return sb.toString();
                }
                if (sb.length() >= MAX_TOKEN) {
                    throw new Failure("syntax error", false);
                }
                sb.append(c);
            }
            throw new Failure("syntax error", false);
        }

        /** A macro's body: up to and through the next empty line. */
        void skipToEmptyLine() {
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\n') {
                    while (pos < s.length() && s.charAt(pos) == '\r') {
                        pos++;
                    }
                    if (pos < s.length() && s.charAt(pos) == '\n') {
                        return;
                    }
                }
            }
        }
    }
}

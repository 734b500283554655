package dev.hiper.cli.args;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -F} and {@code --form-string}, read as curl's formparse does: {@code name=value},
 * {@code name=@file[,file...]} (sent with its name; several make a {@code multipart/mixed} part),
 * {@code name=<file} (its content as a value), {@code name=(} ... {@code =)} (a nested
 * multipart), each followed by {@code ;type=}, {@code ;filename=}, {@code ;headers=} (a line, or
 * {@code @file} of lines) and {@code ;encoder=}; a word in double quotes may hold {@code ;} and
 * {@code ,}, with {@code \"} and {@code \\} inside. {@code --form-string} takes the value as it is.
 */
final class FormParser {
    private final ArgParser p;
    private String s;
    private int at;
    private boolean quoted;

    private FormParser(ArgParser p) {
        this.p = p;
    }

    /** Adds one {@code -F} value to the operation's form; false (after curl's warning) when it is bad. */
    static boolean parse(ArgParser p, String input, boolean literal) {
        return new FormParser(p).formparse(p.op(), input, literal);
    }

    private char ch(int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean space(char c) {
        return blank(c) || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private boolean prefix(String pre) {
        return s.regionMatches(true, at, pre, 0, pre.length());
    }

    /** A word up to ';' or {@code end}, unquoted; {@link #quoted} says whether it was in quotes. */
    private String word(char end) {
        int begin = at;
        if (ch(at) == '"') {
            StringBuilder sb = new StringBuilder();
            int q = at + 1;
            while (q < s.length()) {
                char c = s.charAt(q);
                if (c == '\\' && (ch(q + 1) == '\\' || ch(q + 1) == '"')) {
                    sb.append(ch(q + 1));
                    q += 2;
                    continue;
                }
                if (c == '"') {
                    q++;
                    boolean trailing = false;
                    while (q < s.length() && s.charAt(q) != ';' && s.charAt(q) != end) {
                        trailing |= !space(s.charAt(q));
                        q++;
                    }
                    if (trailing) {
                        p.warnf("Trailing data after quoted form parameter");
                    }
                    at = q;
                    quoted = true;
                    return sb.toString();
                }
                sb.append(c);
                q++;
            }
        }
        while (at < s.length() && s.charAt(at) != ';' && s.charAt(at) != end) {
            at++;
        }
        quoted = false;
        return s.substring(begin, at);
    }

    /** {@link #word}, trailing blanks dropped when it was not quoted. */
    private String trimmedWord(char end) {
        String w = word(end);
        if (!quoted) {
            int e = w.length();
            while (e > 0 && blank(w.charAt(e - 1))) {
                e--;
            }
            w = w.substring(0, e);
        }
        return w;
    }

    private void skipBlanks() {
        while (blank(ch(at))) {
            at++;
        }
    }

    /** One part's text and attributes, as curl's get_param_part; returns the separator it stopped at (0: the end). */
    private char part(char end, FormPart target, boolean allowFilename, boolean allowEncoder) {
        skipBlanks();
        target.data = trimmedWord(end);
        char sep = ch(at);
        String type = null;
        int typeStart = -1;
        int typeEnd = -1;
        boolean typeOpen = false;
        String filename = null;
        String encoder = null;
        List<String> headers = new ArrayList<>();
        while (sep == ';') {
            at++;
            skipBlanks();
            if (!typeOpen && prefix("type=")) {
                at += 5;
                skipBlanks();
                typeStart = at;
                while (at < s.length() && "()<>@,;:\\\"[]?=\r\n ".indexOf(s.charAt(at)) < 0) {
                    at++;
                }
                typeEnd = at;
                typeOpen = true;
                sep = ch(at);
            } else if (prefix("filename=")) {
                typeOpen = false;
                at += 9;
                skipBlanks();
                filename = trimmedWord(end);
                sep = ch(at);
            } else if (prefix("headers=")) {
                typeOpen = false;
                at += 8;
                if (ch(at) == '@' || ch(at) == '<') {
                    do {
                        at++;
                    } while (blank(ch(at)));
                    String file = trimmedWord(end);
                    sep = ch(at);
                    headerFile(file, headers);
                } else {
                    skipBlanks();
                    headers.add(trimmedWord(end));
                    sep = ch(at);
                }
            } else if (prefix("encoder=")) {
                typeOpen = false;
                at += 8;
                skipBlanks();
                encoder = trimmedWord(end);
                sep = ch(at);
            } else if (typeOpen) {
                // a parameter of the content type: ";format=x" belongs to "type=..."
                typeEnd = at;
                while (at < s.length() && s.charAt(at) != ';' && s.charAt(at) != end) {
                    if (!blank(s.charAt(at))) {
                        typeEnd = at + 1;
                    }
                    at++;
                }
                sep = ch(at);
            } else {
                String unknown = word(end);
                sep = ch(at);
                if (!unknown.isEmpty()) {
                    p.warnf("skip unknown form field: " + unknown);
                }
            }
        }
        if (typeStart >= 0) {
            type = s.substring(typeStart, typeEnd);
        }
        target.type = type;
        if (allowFilename) {
            target.filename = filename;
        } else if (filename != null) {
            p.warnf("Field filename not allowed here: " + filename);
        }
        if (allowEncoder) {
            target.encoder = encoder;
        } else if (encoder != null) {
            p.warnf("Field encoder not allowed here: " + encoder);
        }
        target.headers = List.copyOf(headers);
        return sep;
    }

    /** Header lines from a file: '#' lines skipped, a line starting with a space continues the last. */
    private void headerFile(String file, List<String> headers) {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(p.env().path(file));
        } catch (IOException e) {
            p.warnf("Cannot read from " + file + ": No such file or directory");
            return;
        }
        for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int e = line.length();
            while (e > 0 && (line.charAt(e - 1) == '\r' || line.charAt(e - 1) == '\n' || blank(line.charAt(e - 1)))) {
                e--;
            }
            if (e == 0) {
                continue;
            }
            String l = line.substring(0, e);
            if (l.startsWith(" ") && !headers.isEmpty()) {
                headers.set(headers.size() - 1, headers.get(headers.size() - 1) + l);
            } else {
                headers.add(l);
            }
        }
    }

    /** A file part ({@code @} when {@code remote}, else {@code <}); "-" is standard input, read now. */
    private boolean file(FormPart part, boolean remote) {
        if (!part.data.equals("-")) {
            return true;
        }
        try {
            part.stdin = p.stdin().readAllBytes();
        } catch (IOException e) {
            p.warnf("error while reading standard input");
            return false;
        }
        return true;
    }

    private boolean formparse(Operation.Builder op, String input, boolean literal) {
        if (op.formCurrent == null) {
            op.formRoot = new FormPart(FormPart.Kind.PARTS, null);
            op.formCurrent = op.formRoot;
        }
        int eq = input.indexOf('=');
        if (eq < 0) {
            p.warnf("Illegally formatted input field");
            return false;
        }
        String name = eq > 0 ? input.substring(0, eq) : null;
        s = input;
        at = eq + 1;
        FormPart part;
        if (ch(at) == '(' && !literal) {
            part = new FormPart(FormPart.Kind.PARTS, op.formCurrent);
            part((char) 0, part, false, false);
            op.formCurrent = part;
        } else if (name == null && input.substring(at).equals(")") && !literal) {
            if (op.formCurrent == op.formRoot) {
                p.warnf("no multipart to terminate");
                return false;
            }
            op.formCurrent = op.formCurrent.parent;
            return true;
        } else if (ch(at) == '@' && !literal) {
            FormPart group = null;
            char sep;
            do {
                at++;
                FormPart probe = new FormPart(FormPart.Kind.FILE, null);
                sep = part(',', probe, true, true);
                if (group == null) {
                    group = sep != ',' ? op.formCurrent : new FormPart(FormPart.Kind.PARTS, op.formCurrent);
                }
                FormPart f = new FormPart(probe.data.equals("-") ? FormPart.Kind.STDIN : FormPart.Kind.FILE, group);
                f.data = probe.data;
                f.type = probe.type;
                f.filename = probe.filename;
                f.encoder = probe.encoder;
                f.headers = probe.headers;
                if (!file(f, true)) {
                    return false;
                }
            } while (sep == ',');
            part = op.formCurrent.subparts.get(op.formCurrent.subparts.size() - 1);
        } else {
            char sep = 0;
            if (ch(at) == '<' && !literal) {
                at++;
                FormPart probe = new FormPart(FormPart.Kind.FILEDATA, null);
                sep = part((char) 0, probe, false, true);
                part = new FormPart(probe.data.equals("-") ? FormPart.Kind.STDINDATA : FormPart.Kind.FILEDATA,
                        op.formCurrent);
                part.data = probe.data;
                part.type = probe.type;
                part.encoder = probe.encoder;
                part.headers = probe.headers;
                if (!file(part, false)) {
                    return false;
                }
            } else if (literal) {
                part = new FormPart(FormPart.Kind.DATA, op.formCurrent);
                part.data = input.substring(at);
            } else {
                part = new FormPart(FormPart.Kind.DATA, op.formCurrent);
                sep = part((char) 0, part, true, true);
            }
            if (sep != 0) {
                p.warnf("garbage at end of field specification: " + input.substring(at));
            }
        }
        part.name = name;
        return true;
    }
}

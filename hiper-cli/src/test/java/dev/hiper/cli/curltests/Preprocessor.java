package dev.hiper.cli.curltests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a test file as written into the file a run uses, as curl's harness does before each
 * test: {@code %if feature} / {@code %else} / {@code %endif} blocks kept or dropped, then on each
 * kept line the variables ({@code %HOSTIP}, {@code %HTTPPORT}, {@code %TESTNUMBER} ...), then the
 * instructions ({@code %b64[]b64%}, {@code %hex[]hex%}, {@code %repeat[N x s]%}, {@code %SP} and
 * the other character macros), and CRLF line ends inside {@code <data>} parts marked
 * {@code crlf="yes"} (every line) or {@code crlf="headers"} (the lines that look like headers).
 */
final class Preprocessor {
    private static final Pattern IF = Pattern.compile("^ *%if ([A-Za-z0-9!_-]*)");
    private static final Pattern ELSE = Pattern.compile("^ *%else");
    private static final Pattern ENDIF = Pattern.compile("^ *%endif");
    private static final Pattern DATA_OPEN = Pattern.compile("^ *<(data|connect)(.*)>");
    private static final Pattern DATA_CLOSE = Pattern.compile("^ *</(data|connect)");
    private static final Pattern B64 = Pattern.compile("%b64\\[(.*?)\\]b64%", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEX = Pattern.compile("%hex\\[(.*?)\\]hex%", Pattern.CASE_INSENSITIVE);
    private static final Pattern REPEAT = Pattern.compile("%repeat\\[(\\d+) x (.*?)\\]%", Pattern.CASE_INSENSITIVE);
    private static final Pattern DAYS = Pattern.compile("%days\\[(.*?)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern INCLUDE_TEXT = Pattern.compile("%includetext ([^%]*)%[\\n\\r]+");
    private static final Pattern INCLUDE = Pattern.compile("%include ([^%]*)%[\\n\\r]+");
    private static final Pattern PCT = Pattern.compile("%([0-9A-Fa-f]{2})");

    private final Map<String, String> variables;
    private final List<String> names;
    private final Set<String> features;
    private final Path cwd;

    Preprocessor(Map<String, String> variables, Set<String> features, Path cwd) {
        this.variables = variables;
        this.names = new ArrayList<>(variables.keySet());
        this.names.sort(Comparator.comparingInt(String::length).reversed());
        this.features = features;
        this.cwd = cwd;
    }

    TestFile apply(TestFile raw) {
        List<String> out = new ArrayList<>();
        boolean show = true;
        Deque<Boolean> shown = new ArrayDeque<>();
        Deque<Boolean> alt = new ArrayDeque<>();
        String crlf = null;
        LineEnds ends = new LineEnds();
        for (String s : raw.lines()) {
            Matcher m = IF.matcher(s);
            if (m.find()) {
                String cond = m.group(1);
                boolean rev = false;
                if (cond.startsWith("!")) {
                    cond = cond.substring(1);
                    rev = true;
                }
                boolean value = rev ^ features.contains(cond);
                shown.push(show);
                alt.push(show && !value);
                if (show) {
                    show = value;
                }
                continue;
            }
            if (ELSE.matcher(s).find()) {
                if (!alt.isEmpty()) {
                    show = alt.peek();
                }
                continue;
            }
            if (ENDIF.matcher(s).find()) {
                if (!shown.isEmpty()) {
                    show = shown.pop();
                    alt.pop();
                }
                continue;
            }
            if (!show) {
                continue;
            }
            Matcher open = DATA_OPEN.matcher(s);
            if (open.find()) {
                String attrs = open.group(2);
                crlf = attrs.contains("crlf=\"yes\"") ? "yes" : attrs.contains("crlf=\"headers\"") ? "headers" : null;
                ends = new LineEnds();
            } else if (crlf != null && DATA_CLOSE.matcher(s).find()) {
                crlf = null;
            }
            String line = macros(substitute(s));
            if (crlf != null) {
                line = ends.apply(crlf.equals("yes"), line);
            }
            out.add(line);
        }
        // %include may have brought several lines into one: split again
        List<String> split = new ArrayList<>();
        for (String l : out) {
            split.addAll(TestFile.splitLines(l));
        }
        return new TestFile(split);
    }

    /** Replaces %NAME variables, longest known name first at each position. */
    String substitute(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        int i = 0;
        outer:
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                for (String name : names) {
                    if (s.startsWith(name, i + 1)) {
                        sb.append(variables.get(name));
                        i += 1 + name.length();
                        continue outer;
                    }
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private static String decodePct(String d) {
        Matcher m = PCT.matcher(d);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The instructions of curl's preprocessor, after the variables. */
    String macros(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        Matcher m;
        while ((m = B64.matcher(s)).find()) {
            byte[] raw = decodePct(m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
            s = s.substring(0, m.start()) + Base64.getEncoder().encodeToString(raw) + s.substring(m.end());
        }
        while ((m = HEX.matcher(s)).find()) {
            s = s.substring(0, m.start()) + decodePct(m.group(1)) + s.substring(m.end());
        }
        while ((m = REPEAT.matcher(s)).find()) {
            String d = decodePct(m.group(2));
            int n = Integer.parseInt(m.group(1));
            s = s.substring(0, m.start()) + d.repeat(n) + s.substring(m.end());
        }
        while ((m = DAYS.matcher(s)).find()) {
            long now = System.currentTimeMillis() / 1000;
            long d = (long) (Double.parseDouble(m.group(1)) * 24 * 3600) + now + 30;
            d = d / 60 * 60;
            s = s.substring(0, m.start()) + "%alternatives[" + d + "," + (d + 60) + "]" + s.substring(m.end());
        }
        while ((m = INCLUDE_TEXT.matcher(s)).find()) {
            s = s.substring(0, m.start()) + include(m.group(1), true) + s.substring(m.end());
        }
        s = s.replace("%SP", " ").replace("%TAB", "\t").replace("%CR", "\r").replace("%LT", "<").replace("%GT", ">")
                .replace("%AMP", "&");
        while ((m = INCLUDE.matcher(s)).find()) {
            s = s.substring(0, m.start()) + include(m.group(1), false) + s.substring(m.end());
        }
        return s;
    }

    private String include(String file, boolean text) {
        try {
            String content = new String(Files.readAllBytes(cwd.resolve(file)), StandardCharsets.ISO_8859_1);
            return text ? content.replace("\r\n", "\n") : content;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * curl's {@code subnewlines}: forced, every LF (after any CRs) becomes CRLF; otherwise only on
     * lines that look like a status line, a request line or a header, and on the blank line right
     * after one of those. Keeps the "previous line was updated" state across calls, as curl does.
     */
    static final class LineEnds {
        private static final Pattern STATUS = Pattern.compile("^HTTP/(1.1|1.0|2|3) ([1-5]|9)[^\\r]*\\z");
        private static final Pattern REQUEST = Pattern.compile("^(GET|HEAD|POST|PUT|DELETE|CONNECT) \\S+ HTTP/\\d+(\\.\\d+)?");
        private static final Pattern RTSP = Pattern.compile(
                "^(SETUP|GET_PARAMETER|OPTIONS|ANNOUNCE|DESCRIBE) \\S+ RTSP/\\d+(\\.\\d+)?");
        private static final Pattern HEADER = Pattern.compile("^[a-z0-9_-]+: [^\\r]*\\z", Pattern.CASE_INSENSITIVE);
        private static final Pattern CURL_ERROR = Pattern.compile("^curl: \\(\\d+\\) ");
        private static final Pattern LF = Pattern.compile("\\r*\\n");
        private boolean prevUpdate;

        String apply(boolean force, String line) {
            if (force) {
                return LF.matcher(line).replaceFirst("\r\n");
            }
            if (STATUS.matcher(line).find() || REQUEST.matcher(line).find() || RTSP.matcher(line).find()
                    || (HEADER.matcher(line).find() && !CURL_ERROR.matcher(line).find())) {
                prevUpdate = true;
                return LF.matcher(line).replaceFirst("\r\n");
            }
            if (line.equals("\n") && prevUpdate) {
                prevUpdate = false;
                return "\r\n";
            }
            prevUpdate = false;
            return line;
        }
    }
}

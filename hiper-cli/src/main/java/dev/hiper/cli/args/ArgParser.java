package dev.hiper.cli.args;

import static dev.hiper.curl.Curl.*;

import dev.hiper.cli.Messages;
import dev.hiper.cli.ToolEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses curl's command line into a {@link ToolConfig}, as curl 8.21 parses it.
 *
 * <p>1. Unless the first argument is {@code -q}/{@code --disable}, the default config file
 * ({@code .curlrc}) is read first. 2. Each argument that starts with '-' is an option (after
 * {@code --}, none is): {@code --name}, {@code --name=value}, {@code --no-name} for a switch,
 * {@code --expand-name} to expand variables in the value; or short letters {@code -abc}, the last
 * of which may take the rest of the word or the next argument as its value. 3. Any other argument
 * is a URL. 4. {@code --next} starts a new operation; {@code -K} reads options from a file.
 *
 * <p>Nothing runs here: files named by {@code @file} values are read (as curl reads them while
 * parsing), nothing else.
 */
public final class ArgParser {
    private final ToolEnv env;
    private final GlobalConfig.Builder global = new GlobalConfig.Builder();
    private final List<Operation.Builder> ops = new ArrayList<>();
    private Operation.Builder op;
    private final List<String> messages = new ArrayList<>();
    private final Variables variables;
    private final int columns;
    private int configDepth;

    public ArgParser(ToolEnv env) {
        this.env = env;
        this.variables = new Variables(env);
        this.columns = Messages.columns(env);
        this.op = new Operation.Builder();
        ops.add(op);
    }

    /** Parses the arguments (as the JVM gave them) into the run's configuration. */
    public static ToolConfig parse(String[] args, ToolEnv env) {
        return new ArgParser(env).run(args);
    }

    private ToolConfig run(String[] rawArgs) {
        List<String> args = new ArrayList<>();
        for (String a : rawArgs) {
            args.add(ToolEnv.toBytes(a));
        }
        boolean readRc = args.isEmpty() || !(args.get(0).startsWith("-q") || args.get(0).equals("--disable"));
        ParamError rc = ParamError.OK;
        Path rcFile = null;
        if (readRc) {
            rcFile = CurlRc.find(env);
            if (rcFile != null) {
                rc = parseConfigFile(ToolEnv.toBytes(rcFile.toString()), true);
                if (rc != ParamError.OK && rc != ParamError.NEXT_OPERATION) {
                    return finish(rc, null);
                }
            }
        }
        boolean stillFlags = true;
        String orig = null;
        ParamError result = ParamError.OK;
        for (int i = 0; i < args.size() && result == ParamError.OK; i++) {
            orig = args.get(i);
            if (stillFlags && orig.startsWith("-")) {
                if (orig.equals("--")) {
                    stillFlags = false;
                    continue;
                }
                String next = i + 1 < args.size() ? args.get(i + 1) : null;
                boolean[] used = new boolean[1];
                result = getParameter(orig, next, used);
                if (result == ParamError.NEXT_OPERATION) {
                    result = nextOperation();
                } else if (result == ParamError.OK && used[0]) {
                    i++;
                }
            } else {
                result = getParameter("--url", orig, new boolean[1]);
            }
        }
        if (result == ParamError.OK && op.contentDisposition && op.resumeFromCurrent) {
            result = ParamError.CONTDISP_RESUME_FROM;
        }
        if (rcFile != null && !global.silent && global.trace != GlobalConfig.Trace.NONE) {
            // after the command line, which decides whether notes show, as curl does
            Messages.wrap(Messages.NOTE_PREFIX, "Read config file from '" + ToolEnv.toBytes(rcFile.toString()) + "'",
                    columns, messages);
        }
        return finish(result, orig);
    }

    private ParamError nextOperation() {
        if (op.hasUrl()) {
            op = new Operation.Builder();
            ops.add(op);
            return ParamError.OK;
        }
        error("missing URL before --next");
        return ParamError.BAD_USE;
    }

    private ToolConfig finish(ParamError result, String orig) {
        GlobalConfig g = global.build();
        List<Operation> built = new ArrayList<>();
        for (Operation.Builder b : ops) {
            built.add(b.build());
        }
        switch (result) {
            case OK:
                return new ToolConfig(g, built, ToolConfig.Action.TRANSFER, messages, 0);
            case HELP_REQUESTED:
                return new ToolConfig(g, built, ToolConfig.Action.HELP, messages, 0);
            case MANUAL_REQUESTED:
                return new ToolConfig(g, built, ToolConfig.Action.MANUAL, messages, 0);
            case VERSION_INFO_REQUESTED:
                return new ToolConfig(g, built, ToolConfig.Action.VERSION, messages, 0);
            case NOT_BUILT_IN:
                return new ToolConfig(g, built, ToolConfig.Action.FAILED, messages, CURLE_NOT_BUILT_IN_CODE);
            default:
                String reason = result.text;
                if (orig != null && !orig.equals(":")) {
                    help("option " + orig + ": " + reason);
                } else {
                    help(reason);
                }
                int code = result == ParamError.READ_ERROR ? 26
                        : result == ParamError.LIBCURL_UNSUPPORTED_PROTOCOL ? 1 : 2;
                return new ToolConfig(g, built, ToolConfig.Action.FAILED, messages, code);
        }
    }

    private static final int CURLE_NOT_BUILT_IN_CODE = 4;

    // ---- messages ----

    private void warn(String text) {
        if (!global.silent) {
            Messages.wrap(Messages.WARN_PREFIX, text, columns, messages);
        }
    }

    private void error(String text) {
        if (!global.silent || global.showError) {
            messages.add(Messages.ERROR_PREFIX + text + "\n");
        }
    }

    private void help(String text) {
        messages.add(Messages.ERROR_PREFIX + text + "\n");
        messages.add(Messages.ERROR_PREFIX + "try '" + Messages.PRODUCT + " --help' for more information\n");
    }

    // ---- one option ----

    /** curl's getparameter: one argument (and maybe the next); used[0] says the next was taken. */
    ParamError getParameter(String flag, String nextArg, boolean[] used) {
        used[0] = false;
        OptionTable.Spec spec = null;
        boolean longopt = false;
        boolean toggle = true;
        boolean consumeArg = true;
        String parse = null;
        if (!flag.startsWith("-") || flag.startsWith("--")) {
            String word = flag.startsWith("-") ? flag.substring(2) : flag;
            boolean noFlagged = false;
            boolean expand = false;
            if (word.startsWith("no-")) {
                word = word.substring(3);
                toggle = false;
                noFlagged = true;
            } else if (word.startsWith("expand-")) {
                word = word.substring(7);
                expand = true;
            }
            int eq = word.indexOf('=');
            if (eq >= 0 && eq <= 26) {
                spec = OptionTable.find(word.substring(0, eq));
                nextArg = word.substring(eq + 1);
                consumeArg = false;
            } else {
                spec = OptionTable.find(word);
            }
            if (spec == null) {
                return ParamError.OPTION_UNKNOWN;
            }
            longopt = true;
            if (noFlagged && spec.kind() != OptionTable.Kind.BOOL) {
                return ParamError.NO_PREFIX;
            }
            if (expand && nextArg != null) {
                if (!spec.takesArgument()) {
                    return ParamError.EXPAND_ERROR;
                }
                nextArg = variables.expand(nextArg);
                if (nextArg == null) {
                    return ParamError.EXPAND_ERROR;
                }
            }
        } else {
            parse = flag.substring(1);
        }
        int pos = 0;
        ParamError err = ParamError.OK;
        boolean singleOpt = false;
        do {
            if (!longopt) {
                if (pos >= parse.length()) {
                    return ParamError.OPTION_UNKNOWN;
                }
                spec = OptionTable.findLetter(parse.charAt(pos));
                if (spec == null) {
                    return ParamError.OPTION_UNKNOWN;
                }
                toggle = !spec.noForm();
            }
            if (spec.tls()) {
                return ParamError.LIBCURL_DOESNT_SUPPORT;
            }
            if (spec.takesArgument()) {
                String value;
                if (!longopt && pos + 1 < parse.length()) {
                    value = parse.substring(pos + 1);
                    singleOpt = true;
                } else if (spec.name().equals("help")) {
                    return ParamError.HELP_REQUESTED;
                } else if (nextArg == null) {
                    return ParamError.REQUIRES_PARAMETER;
                } else {
                    value = nextArg;
                    used[0] = consumeArg;
                }
                if (spec.kind() == OptionTable.Kind.FILE && value.length() > 1 && value.charAt(0) == '-') {
                    warn("The filename argument '" + value + "' looks like a flag.");
                } else if (value.startsWith("\u00e2\u0080") && value.length() > 2
                        && (value.charAt(2) >= '\u0098' && value.charAt(2) <= '\u009f')) {
                    warn("The argument '" + value + "' starts with a Unicode character. Maybe ASCII was intended?");
                }
                err = Handlers.string(this, spec, value);
            } else if (spec.kind() == OptionTable.Kind.BOOL) {
                err = Handlers.bool(this, spec, toggle);
            } else {
                err = Handlers.none(this, spec);
            }
            pos++;
        } while (!longopt && !singleOpt && pos < parse.length() && !used[0] && err == ParamError.OK);
        return err;
    }

    // ---- state the handlers reach ----

    GlobalConfig.Builder global() {
        return global;
    }

    Operation.Builder op() {
        return op;
    }

    Variables variables() {
        return variables;
    }

    ToolEnv env() {
        return env;
    }

    void warnf(String text) {
        warn(text);
    }

    void errorf(String text) {
        error(text);
    }

    void notSupported(String text) {
        messages.add(Messages.ERROR_PREFIX + text + "\n");
    }

    /** Reads a file named on the command line ("-" is standard input), as bytes. */
    byte[] readFile(String name) throws IOException {
        if (name.equals("-")) {
            return env.stdin().readAllBytes();
        }
        return Files.readAllBytes(env.path(name));
    }

    InputStream stdin() {
        return env.stdin();
    }

    // ---- config files (-K, .curlrc) ----

    /** curl's parseconfig: options one a line; returns OK, or the error already reported. */
    ParamError parseConfigFile(String filename, boolean isRc) {
        if (++configDepth > 10) {
            configDepth--;
            return ParamError.BAD_USE;
        }
        try {
            byte[] bytes;
            try {
                bytes = readFile(filename);
            } catch (NoSuchFileException e) {
                return isRc ? ParamError.OK : ParamError.READ_ERROR;
            } catch (IOException e) {
                return ParamError.READ_ERROR;
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            String shown = filename.equals("-") ? "<stdin>" : filename;
            int lineNo = 0;
            for (String rawLine : text.split("\n", -1)) {
                lineNo++;
                ParamError res = configLine(rawLine, shown, lineNo);
                if (res == ParamError.NEXT_OPERATION) {
                    if (op.hasUrl()) {
                        op = new Operation.Builder();
                        ops.add(op);
                    }
                    continue;
                }
                if (res != ParamError.OK) {
                    if (res == ParamError.HELP_REQUESTED || res == ParamError.VERSION_INFO_REQUESTED
                            || res == ParamError.MANUAL_REQUESTED || res == ParamError.NOT_BUILT_IN) {
                        return res;
                    }
                    if (res.text != null) {
                        error(shown + ":" + lineNo + ": '" + lastOption + "' " + res.text);
                    }
                    return res == ParamError.READ_ERROR ? ParamError.BAD_USE : res;
                }
            }
            return ParamError.OK;
        } finally {
            configDepth--;
        }
    }

    private String lastOption = "";

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x0b || c == '\f';
    }

    private ParamError configLine(String line, String filename, int lineNo) {
        int i = 0;
        int n = line.length();
        while (i < n && isSpace(line.charAt(i))) {
            i++;
        }
        if (i >= n || line.charAt(i) == '#' || line.charAt(i) == '/') {
            return ParamError.OK;
        }
        int optStart = i;
        boolean dashed = line.charAt(i) == '-';
        while (i < n && !isSpace(line.charAt(i)) && !(!dashed && (line.charAt(i) == '=' || line.charAt(i) == ':'))) {
            i++;
        }
        String option = line.substring(optStart, i);
        while (i < n && (isSpace(line.charAt(i)) || (!dashed && (line.charAt(i) == '=' || line.charAt(i) == ':')))) {
            i++;
        }
        String param;
        if (i < n && line.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < n && line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    char d = line.charAt(++i);
                    switch (d) {
                        case 't' -> sb.append('\t');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 'v' -> sb.append((char) 0x0b);
                        default -> sb.append(d);
                    }
                } else {
                    sb.append(c);
                }
                i++;
            }
            param = sb.toString();
        } else {
            int ps = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            param = line.substring(ps, i);
            if (param.startsWith("'")) {
                warn(filename + ":" + lineNo + " Option '" + option + "' uses argument with leading single quote. "
                        + "It is probably a mistake. Consider double quotes.");
            }
            int rest = i;
            while (rest < n && isSpace(line.charAt(rest))) {
                rest++;
            }
            if (rest < n && line.charAt(rest) != '#') {
                warn(filename + ":" + lineNo + " Option '" + option + "' uses argument with unquoted whitespace. "
                        + "This may cause side-effects. Consider double quotes.");
            }
            if (param.isEmpty()) {
                param = null;
            }
        }
        lastOption = option;
        String flag = dashed ? option : "--" + option;
        boolean[] used = new boolean[1];
        ParamError res = getParameter(flag, param, used);
        if (res == ParamError.OK && param != null && !param.isEmpty() && !used[0]) {
            return ParamError.GOT_EXTRA_PARAMETER;
        }
        return res;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

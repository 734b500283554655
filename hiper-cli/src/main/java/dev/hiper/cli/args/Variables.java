package dev.hiper.cli.args;

import dev.hiper.cli.Text;
import dev.hiper.cli.ToolEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * curl's {@code --variable} and the {@code {{name:function...}}} expansions of
 * {@code --expand-*} options. Values are byte strings.
 *
 * <p>{@code --variable} takes {@code name=content}, {@code name@file} ({@code @-}: standard
 * input), {@code %NAME} (from the environment, optionally {@code =default} or {@code @file}), each
 * name optionally followed by a byte range {@code [N-M]} or {@code [N-]}. Functions: {@code trim},
 * {@code json}, {@code url}, {@code b64}, {@code 64dec}.
 */
final class Variables {
    private static final int MAX_NAME = 128;

    private final Map<String, String> values = new HashMap<>();
    private final ToolEnv env;

    Variables(ToolEnv env) {
        this.env = env;
    }

    private static boolean nameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    /** Handles one {@code --variable} argument. */
    ParamError set(String arg) {
        int i = 0;
        boolean fromEnv = false;
        if (arg.startsWith("%")) {
            fromEnv = true;
            i = 1;
        }
        int start = i;
        while (i < arg.length() && nameChar(arg.charAt(i))) {
            i++;
        }
        String name = arg.substring(start, i);
        if (name.isEmpty() || name.length() >= MAX_NAME) {
            return ParamError.VAR_SYNTAX;
        }
        long from = 0;
        long to = -1;
        boolean ranged = false;
        if (i < arg.length() && arg.charAt(i) == '[') {
            int close = arg.indexOf(']', i);
            if (close < 0) {
                return ParamError.VAR_SYNTAX;
            }
            String r = arg.substring(i + 1, close);
            int dash = r.indexOf('-');
            try {
                if (dash < 0) {
                    return ParamError.VAR_SYNTAX;
                }
                from = Long.parseLong(r.substring(0, dash));
                String end = r.substring(dash + 1);
                to = end.isEmpty() ? -1 : Long.parseLong(end);
            } catch (NumberFormatException e) {
                return ParamError.VAR_SYNTAX;
            }
            if (from < 0 || (to >= 0 && to < from)) {
                return ParamError.VAR_SYNTAX;
            }
            ranged = true;
            i = close + 1;
        }
        String content;
        if (fromEnv) {
            String v = env.getenv(ToolEnv.fromBytes(name));
            if (v != null) {
                content = ToolEnv.toBytes(v);
            } else if (i < arg.length() && (arg.charAt(i) == '=' || arg.charAt(i) == '@')) {
                content = null;
            } else {
                return ParamError.EXPAND_ERROR;
            }
            if (content != null) {
                values.put(name, ranged ? slice(content, from, to) : content);
                return ParamError.OK;
            }
        }
        if (i >= arg.length()) {
            return ParamError.VAR_SYNTAX;
        }
        char sep = arg.charAt(i);
        String rest = arg.substring(i + 1);
        if (sep == '=') {
            content = rest;
        } else if (sep == '@') {
            try {
                content = rest.equals("-") ? new String(env.stdin().readAllBytes(), StandardCharsets.ISO_8859_1)
                        : new String(Files.readAllBytes(env.path(rest)), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return ParamError.READ_ERROR;
            }
        } else {
            return ParamError.VAR_SYNTAX;
        }
        values.put(name, ranged ? slice(content, from, to) : content);
        return ParamError.OK;
    }

    private static String slice(String s, long from, long to) {
        if (from >= s.length()) {
            return "";
        }
        long end = to < 0 ? s.length() : Math.min(s.length(), to + 1);
        return s.substring((int) from, (int) end);
    }

    /** Expands {@code {{...}}} in {@code text}; null when an expansion failed. */
    String expand(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("\\{{", i)) {
                out.append("{{");
                i += 3;
                continue;
            }
            if (!text.startsWith("{{", i)) {
                out.append(text.charAt(i++));
                continue;
            }
            int close = text.indexOf("}}", i + 2);
            if (close < 0) {
                out.append(text.substring(i));
                break;
            }
            String inner = text.substring(i + 2, close);
            String[] parts = inner.split(":", -1);
            String name = parts[0];
            boolean valid = !name.isEmpty() && name.length() < MAX_NAME;
            for (int k = 0; k < name.length() && valid; k++) {
                valid = nameChar(name.charAt(k));
            }
            if (!valid) {
                out.append("{{");
                i += 2;
                continue;
            }
            String value = values.getOrDefault(name, "");
            for (int f = 1; f < parts.length; f++) {
                value = function(parts[f], value);
                if (value == null) {
                    return null;
                }
            }
            if (value.indexOf('\0') >= 0) {
                return null;
            }
            out.append(value);
            i = close + 2;
        }
        return out.toString();
    }

    private static String function(String fn, String v) {
        switch (fn) {
            case "trim":
                return trim(v);
            case "json":
                return Text.json(v, false);
            case "url":
                return Text.urlEncode(v, false);
            case "b64":
                return new String(Base64.getEncoder().encode(v.getBytes(StandardCharsets.ISO_8859_1)),
                        StandardCharsets.ISO_8859_1);
            case "64dec":
                try {
                    return new String(Base64.getDecoder().decode(v.getBytes(StandardCharsets.ISO_8859_1)),
                            StandardCharsets.ISO_8859_1);
                } catch (IllegalArgumentException e) {
                    return "[64dec-fail]";
                }
            default:
                return null;
        }
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    static String trim(String v) {
        int a = 0;
        int b = v.length();
        while (a < b && isSpace(v.charAt(a))) {
            a++;
        }
        while (b > a && isSpace(v.charAt(b - 1))) {
            b--;
        }
        return v.substring(a, b);
    }


    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}

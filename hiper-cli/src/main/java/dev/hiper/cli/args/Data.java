package dev.hiper.cli.args;

import dev.hiper.cli.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The request body options: {@code -d}/{@code --data-ascii} (an {@code @file} loses its CR,
 * LF and NUL bytes), {@code --data-binary} and {@code --json} (files as they are), {@code --data-raw}
 * (no {@code @}), {@code --data-urlencode} ({@code [name]=content}, {@code [name]@file}, encoded),
 * and {@code --url-query}. Several are joined with '&amp;' ({@code --json} parts without).
 */
final class Data {
    private Data() {
    }

    static String stripNewlines(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\r' && c != '\n' && c != 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String read(ArgParser p, String file) throws IOException {
        return new String(p.readFile(file), StandardCharsets.ISO_8859_1);
    }

    static ParamError set(ArgParser p, String cmd, String v) {
        Operation.Builder op = p.op();
        String data;
        boolean json = cmd.equals("json");
        if (cmd.equals("data-urlencode")) {
            data = urlencoded(p, v);
            if (data == null) {
                return ParamError.READ_ERROR;
            }
        } else if (v.startsWith("@") && !cmd.equals("data-raw")) {
            String file = v.substring(1);
            try {
                String content = read(p, file);
                data = cmd.equals("data-binary") || json ? content : stripNewlines(content);
            } catch (IOException e) {
                p.errorf("Failed to open " + file);
                return ParamError.READ_ERROR;
            }
        } else {
            data = v;
        }
        if (op.postFields != null) {
            op.postFields = op.postFields + (json && op.json ? "" : "&") + data;
        } else {
            op.postFields = data;
        }
        if (json) {
            op.json = true;
        }
        return ParamError.OK;
    }

    /** {@code [name]=content} or {@code [name]@file}; null when the file cannot be read. */
    static String urlencoded(ArgParser p, String v) {
        int sep = v.indexOf('=');
        if (sep < 0) {
            sep = v.indexOf('@');
        }
        String name = "";
        char kind = 0;
        String content = v;
        if (sep >= 0) {
            name = v.substring(0, sep);
            kind = v.charAt(sep);
            content = v.substring(sep + 1);
        }
        if (kind == '@') {
            try {
                content = read(p, content);
            } catch (IOException e) {
                p.errorf("Failed to open " + content);
                return null;
            }
        }
        String enc = Text.urlEncode(content, true);
        return name.isEmpty() ? enc : name + "=" + enc;
    }

    static ParamError urlQuery(ArgParser p, String v) {
        Operation.Builder op = p.op();
        String q;
        if (v.startsWith("+")) {
            q = v.substring(1);
        } else {
            q = urlencoded(p, v);
            if (q == null) {
                return ParamError.READ_ERROR;
            }
        }
        op.query = op.query == null ? q : op.query + "&" + q;
        return ParamError.OK;
    }
}

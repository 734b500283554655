package dev.hiper.cli.args;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How URLs, outputs and uploads pair up: each {@code --url} takes the first node without a URL,
 * each {@code -o}/{@code -O} the first without an output, each {@code -T} the first without an
 * upload; a new node is added when none is free (curl's url_get, url_out and url_ul).
 */
final class Urls {
    private Urls() {
    }

    private static UrlNode.Builder freeNode(Operation.Builder op, int from, java.util.function.Predicate<UrlNode.Builder> taken) {
        for (int i = from; i < op.urls.size(); i++) {
            if (!taken.test(op.urls.get(i))) {
                return op.urls.get(i);
            }
        }
        return op.newNode();
    }

    static ParamError url(ArgParser p, String v) {
        Operation.Builder op = p.op();
        if (op.numUrls >= 1 && (op.etagSave != null || op.etagCompare != null)) {
            p.errorf("The etag options only work on a single URL");
            return ParamError.BAD_USE;
        }
        if (v.startsWith("@")) {
            byte[] data;
            try {
                data = p.readFile(v.substring(1));
            } catch (IOException e) {
                p.errorf("Failed to open " + v.substring(1));
                return ParamError.READ_ERROR;
            }
            for (String line : new String(data, StandardCharsets.ISO_8859_1).split("\n")) {
                String u = Variables.trim(line);
                if (!u.isEmpty() && !u.startsWith("#")) {
                    add(op, u);
                }
            }
            return ParamError.OK;
        }
        add(op, v);
        return ParamError.OK;
    }

    private static void add(Operation.Builder op, String url) {
        UrlNode.Builder n = freeNode(op, op.urlCursor, b -> b.url != null);
        n.url = url;
        op.urlCursor = op.urls.indexOf(n);
        op.numUrls++;
    }

    static ParamError output(ArgParser p, String v) {
        Operation.Builder op = p.op();
        if (v != null && v.isEmpty()) {
            return ParamError.BLANK_STRING;
        }
        UrlNode.Builder n = freeNode(op, op.outCursor, b -> b.hasOutput);
        op.outCursor = op.urls.indexOf(n);
        n.outfile = v == null ? "/dev/null" : v;
        n.useRemote = false;
        n.hasOutput = true;
        return ParamError.OK;
    }

    static ParamError remoteName(ArgParser p, boolean on) {
        Operation.Builder op = p.op();
        if (!on && !op.remoteNameAll) {
            return ParamError.OK;
        }
        UrlNode.Builder n = freeNode(op, op.outCursor, b -> b.hasOutput);
        op.outCursor = op.urls.indexOf(n);
        n.outfile = null;
        n.useRemote = on;
        n.hasOutput = true;
        return ParamError.OK;
    }

    static ParamError upload(ArgParser p, String v) {
        Operation.Builder op = p.op();
        UrlNode.Builder n = freeNode(op, op.uploadCursor, b -> b.hasUpload);
        op.uploadCursor = op.urls.indexOf(n);
        n.hasUpload = true;
        if (v.isEmpty()) {
            n.noUpload = true;
            n.infile = null;
        } else {
            n.infile = v;
        }
        return ParamError.OK;
    }
}

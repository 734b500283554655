package dev.hiper.cli.run;

import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.FormPart;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlEasy;
import dev.hiper.curl.CurlMime;
import dev.hiper.curl.CurlMimePart;
import java.nio.charset.StandardCharsets;

/**
 * The {@code -F} parts made into a {@link CurlMime} for one transfer, as curl's tool2curlmime:
 * {@code @file} keeps the file's name as filename ({@code @-}: "-"), {@code <file} sends none
 * unless one is given; texts go as their bytes.
 */
final class FormMime {
    private FormMime() {
    }

    /** The multipart of {@code root}'s parts into {@code mime}: CURLE_OK, or why a part was refused. */
    static CurlCode build(CurlEasy easy, FormPart root, CurlMime mime, ToolEnv env) {
        for (FormPart node : root.subparts) {
            CurlMimePart part = mime.addPart();
            String filename = node.filename;
            CurlCode r = CurlCode.CURLE_OK;
            switch (node.kind) {
                case PARTS -> {
                    CurlMime sub = CurlMime.init(easy);
                    r = build(easy, node, sub, env);
                    if (r == CurlCode.CURLE_OK) {
                        r = part.subparts(sub);
                    }
                }
                case DATA -> r = part.data(node.data.getBytes(StandardCharsets.ISO_8859_1));
                case FILE, FILEDATA -> {
                    r = part.filedata(env.path(node.data).toString());
                    if (r == CurlCode.CURLE_OK && filename == null) {
                        // the name as given (a byte string), or none for "<file"
                        filename = node.kind == FormPart.Kind.FILE ? baseName(node.data) : null;
                        part.filename(filename);
                    }
                }
                case STDIN, STDINDATA -> {
                    if (node.kind == FormPart.Kind.STDIN && filename == null) {
                        filename = "-";
                    }
                    r = part.data(node.stdin);
                }
                default -> {
                }
            }
            if (r == CurlCode.CURLE_OK && filename != null) {
                r = part.filename(filename);
            }
            if (r == CurlCode.CURLE_OK) {
                part.type(node.type);
                part.headers(node.headers);
                r = part.encoder(node.encoder);
            }
            if (r == CurlCode.CURLE_OK) {
                r = part.name(node.name);
            }
            if (r != CurlCode.CURLE_OK) {
                return r;
            }
        }
        return CurlCode.CURLE_OK;
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}

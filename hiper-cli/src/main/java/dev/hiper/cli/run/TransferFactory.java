package dev.hiper.cli.run;

import dev.hiper.cli.Text;
import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.Operation;
import dev.hiper.cli.args.UrlNode;
import dev.hiper.curl.Curl;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlUCode;
import dev.hiper.curl.CurlUrlHandle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Plans transfers one at a time, in curl's order (create_transfer / single_transfer): operation
 * by operation, URL by URL, each upload file of a {@code -T} glob, each URL of a URL glob. It
 * names the output (from {@code -o} with {@code #N}, or the URL's last segment for {@code -O},
 * under {@code --output-dir}), opens the header and etag files, and adjusts the URL
 * ({@code -G} data and {@code --url-query} appended, the upload's file name added).
 */
final class TransferFactory {
    /** A planning failure: the exit code, its message already given. */
    static final class PlanError extends Exception {
        private static final long serialVersionUID = 1L;
        final CurlCode code;

        PlanError(CurlCode code) {
            super(code.toString());
            this.code = code;
        }
    }

    private final List<Operation> ops;
    private final Streams streams;
    private final ToolEnv env;
    private int opIndex;
    private boolean opStarted;
    private int nodeIndex;
    private Glob inGlob;
    private String uploadFile;
    private long upNum = 1;
    private long upIdx;
    private Glob urlGlob;
    private long urlNum;
    private long urlIdx;
    private long xferIds;
    private Operation lastHeaderFileOp;

    TransferFactory(List<Operation> ops, Streams streams) {
        this.ops = ops;
        this.streams = streams;
        this.env = streams.env;
    }

    /** The next transfer, or null when all are planned. */
    ToolTransfer next() throws PlanError {
        while (opIndex < ops.size()) {
            Operation op = ops.get(opIndex);
            if (!opStarted) {
                if (op.urls.isEmpty() || op.urls.get(0).url() == null) {
                    streams.err("hiper: (2) no URL specified\nhiper: try 'hiper --help' for more information\n");
                    throw new PlanError(CurlCode.CURLE_FAILED_INIT);
                }
                if (op.postFields != null && op.useResume && !op.useGet && op.resumeFrom != 0) {
                    streams.error("cannot mix --continue-at with --data");
                    throw new PlanError(CurlCode.CURLE_FAILED_INIT);
                }
                if (op.postFields != null) {
                    Operation.RequestKind want = op.useGet ? (op.noBody ? Operation.RequestKind.HEAD
                            : Operation.RequestKind.GET) : Operation.RequestKind.SIMPLEPOST;
                    if (op.requestKind != Operation.RequestKind.UNSPEC && op.requestKind != want) {
                        streams.warn(want.conflictWith(op.requestKind));
                        throw new PlanError(CurlCode.CURLE_FAILED_INIT);
                    }
                }
                opStarted = true;
            }
            ToolTransfer t = nextInOperation(op);
            if (t != null) {
                return t;
            }
            opIndex++;
            opStarted = false;
            nodeIndex = 0;
        }
        return null;
    }

    private ToolTransfer nextInOperation(Operation op) throws PlanError {
        while (nodeIndex < op.urls.size()) {
            UrlNode u = op.urls.get(nodeIndex);
            if (u.url() == null) {
                streams.warn("Got more output options than URLs");
                nodeIndex = op.urls.size();
                break;
            }
            if (u.infile() != null) {
                if (!op.globoff && inGlob == null) {
                    inGlob = glob(u.infile(), true);
                    upNum = inGlob.count();
                }
                if (uploadFile == null) {
                    if (inGlob != null && inGlob.inUse()) {
                        uploadFile = inGlob.hasNext() ? inGlob.next() : null;
                    } else if (upIdx == 0) {
                        uploadFile = u.infile();
                    }
                }
            }
            if (upIdx >= upNum) {
                urlNum = 0;
                urlIdx = 0;
                uploadFile = null;
                inGlob = null;
                upIdx = 0;
                upNum = 1;
                nodeIndex++;
                continue;
            }
            if (urlNum == 0) {
                if (!op.globoff) {
                    urlGlob = glob(u.url(), true);
                    urlNum = urlGlob.count();
                } else {
                    urlGlob = null;
                    urlNum = 1;
                }
            }
            String url = urlGlob != null ? urlGlob.next() : u.url();
            ToolTransfer t = build(op, u, url);
            urlIdx++;
            if (urlIdx >= urlNum) {
                urlIdx = 0;
                urlNum = 0;
                upIdx++;
                uploadFile = null;
            }
            return t;
        }
        return null;
    }

    private Glob glob(String pattern, boolean enabled) throws PlanError {
        try {
            return Glob.parse(pattern, enabled);
        } catch (Glob.GlobException e) {
            throw globError(e, pattern, CurlCode.CURLE_URL_MALFORMAT);
        }
    }

    private String matchOutput(Glob g, String name) throws PlanError {
        try {
            return g.matchOutput(name);
        } catch (Glob.GlobException e) {
            throw globError(e, name, CurlCode.CURLE_BAD_FUNCTION_ARGUMENT);
        }
    }

    /** curl's globerror: the reason, the position, the text and a caret under the position. */
    private PlanError globError(Glob.GlobException e, String text, CurlCode code) {
        streams.error("(" + code.code() + ") " + e.getMessage() + " in position " + (e.position + 1) + ":\n" + text
                + "\n" + " ".repeat(e.position) + "^");
        return new PlanError(code);
    }

    private int urlNumber(Operation op, UrlNode u) {
        int n = 0;
        for (UrlNode x : op.urls) {
            if (x == u) {
                return n;
            }
            if (x.url() != null) {
                n++;
            }
        }
        return n;
    }

    private ToolTransfer build(Operation op, UrlNode u, String url) throws PlanError {
        OutFile outs = OutFile.stdout(streams);
        ToolTransfer t = new ToolTransfer(op, streams, urlNumber(op, u), xferIds++, outs);
        t.url = url;
        t.uploadFile = uploadFile;
        t.methodNote();
        if (op.headerFile != null) {
            openHeaderFile(op, t);
        }
        if (op.etagCompare != null) {
            t.etagHeader = etagHeader(op);
        }
        if (op.etagSave != null) {
            if (!op.etagSave.equals("-")) {
                try {
                    if (op.createDirs) {
                        createDirs(op.etagSave);
                    }
                    t.etagSave = Files.newOutputStream(env.path(op.etagSave));
                    t.etagOpened = true;
                } catch (IOException e) {
                    streams.warn("Failed creating file for saving etags: \"" + op.etagSave + "\". Skip this transfer");
                    t.skip = true;
                }
            } else {
                t.etagSave = streams.stdout;
            }
        }
        String outfile = u.outfile();
        if (u.useRemote() || (outfile != null && !outfile.equals("-"))) {
            setupOutfile(op, t, outs, outfile);
        }
        if (t.uploadFile != null && !stdinUpload(t.uploadFile)) {
            t.url = addFileNameToUrl(t.url, t.uploadFile);
        }
        String query = op.useGet && op.postFields != null ? op.postFields : op.query;
        if (query != null) {
            t.url = appendQuery(t.url, query);
        }
        t.honorCd = op.contentDisposition && u.useRemote();
        t.retryRemaining = op.retry;
        t.retrySleepMs = op.retryDelayMs > 0 ? op.retryDelayMs : 1000;
        t.retryStart = System.nanoTime();
        return t;
    }

    /** --etag-compare: the header with the saved ETag (read before --etag-save may truncate it). */
    private String etagHeader(Operation op) {
        try {
            byte[] b = Files.readAllBytes(env.path(op.etagCompare));
            StringBuilder sb = new StringBuilder();
            for (byte x : b) {
                if (x != '\r' && x != '\n') {
                    sb.append((char) (x & 0xff));
                }
            }
            return "If-None-Match: " + sb;
        } catch (IOException e) {
            streams.warn("Failed to open " + op.etagCompare + ": " + OutFile.reason(e));
            return "If-None-Match: \"\"";
        }
    }

    private void openHeaderFile(Operation op, ToolTransfer t) throws PlanError {
        String f = op.headerFile;
        if (f.equals("%")) {
            t.heads = streams.stderr;
            return;
        }
        if (f.equals("-")) {
            t.heads = streams.stdout;
            return;
        }
        try {
            if (op.createDirs) {
                createDirs(f);
            }
            Path p = env.path(f);
            if (lastHeaderFileOp != op) {
                Files.write(p, new byte[0]);
                lastHeaderFileOp = op;
            }
            t.heads = Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            t.headsOpened = true;
        } catch (IOException e) {
            streams.error("Failed to open " + f);
            throw new PlanError(CurlCode.CURLE_WRITE_ERROR);
        }
    }

    private void setupOutfile(Operation op, ToolTransfer t, OutFile outs, String given) throws PlanError {
        String name = given;
        if (name == null) {
            name = remoteFileName(t.url);
        } else if (urlGlob != null && urlGlob.inUse()) {
            name = matchOutput(urlGlob, name);
            if (name.isEmpty()) {
                streams.warn("output glob produces empty string");
                throw new PlanError(CurlCode.CURLE_WRITE_ERROR);
            }
        } else if (inGlob != null && inGlob.inUse()) {
            name = matchOutput(inGlob, name);
        }
        if (op.outputDir != null && !op.outputDir.isEmpty()) {
            name = op.outputDir + "/" + name;
        }
        if (op.createDirs) {
            createDirs(name);
        }
        if (op.skipExisting && Files.exists(env.path(name))) {
            streams.note("skips transfer, \"" + name + "\" exists locally");
            t.skip = true;
        }
        outs.filename = name;
        long resume = op.resumeFrom;
        if (op.resumeFromCurrent) {
            try {
                Path p = env.path(name);
                resume = Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                resume = 0;
            }
            t.resumeFrom = resume;
        }
        if (resume > 0 && !t.skip) {
            String err = outs.openAppend(env);
            if (err != null) {
                streams.error(err);
                throw new PlanError(CurlCode.CURLE_WRITE_ERROR);
            }
        }
    }

    /** curl's create_dir_hierarchy: the directories leading to a file. */
    private void createDirs(String file) throws PlanError {
        Path p = env.path(file).getParent();
        if (p == null) {
            return;
        }
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            streams.error("Failed to create the directory " + ToolEnv.toBytes(p.toString()) + ": "
                    + OutFile.reason(e));
            throw new PlanError(CurlCode.CURLE_WRITE_ERROR);
        }
    }

    static boolean stdinUpload(String f) {
        return f.equals("-") || f.equals(".");
    }

    /** The flags the tool parses its URLs with, as curl's tool does. */
    static final int URL_FLAGS = Curl.CURLU_GUESS_SCHEME | Curl.CURLU_NON_SUPPORT_SCHEME;

    /** The URL in a URL handle, or null when it does not parse. */
    static CurlUrlHandle urlHandle(String url) {
        if (url == null) {
            return null;
        }
        CurlUrlHandle h = CurlUrlHandle.init();
        if (h.set(Curl.CURLUPART_URL, url, URL_FLAGS) != CurlUCode.CURLUE_OK) {
            h.close();
            return null;
        }
        return h;
    }

    /** One part of a URL as the URL API gives it ({@code CURLU_DEFAULT_PORT}), or null. */
    static String urlPart(String url, int part) {
        try (CurlUrlHandle h = urlHandle(url)) {
            return h == null ? null : h.get(part, Curl.CURLU_DEFAULT_PORT).value();
        }
    }

    /** The name -O uses: the URL path's last segment, trailing slashes ignored. */
    static String remoteFileName(String url) {
        String path = urlPart(url, Curl.CURLUPART_PATH);
        if (path == null) {
            path = "/";
        }
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        String p = path.substring(0, end);
        int slash = p.lastIndexOf('/');
        String name = slash >= 0 ? p.substring(slash + 1) : p;
        int bs = name.lastIndexOf('\\');
        if (bs >= 0) {
            name = name.substring(bs + 1);
        }
        return name.isEmpty() ? "curl_response" : name;
    }

    /** curl's add_file_name_to_url: a URL without a file name gets the upload's. */
    static String addFileNameToUrl(String url, String file) {
        try (CurlUrlHandle h = urlHandle(url)) {
            if (h == null || h.get(Curl.CURLUPART_QUERY, 0).ok()) {
                return url;
            }
            String path = h.get(Curl.CURLUPART_PATH, 0).value();
            if (path.lastIndexOf('/') < path.length() - 1) {
                return url;
            }
            String f = file;
            int fs = f.lastIndexOf('/');
            if (fs >= 0) {
                f = f.substring(fs + 1);
            }
            int bs = f.lastIndexOf('\\');
            if (bs >= 0) {
                f = f.substring(bs + 1);
            }
            h.set(Curl.CURLUPART_PATH, path + Text.urlEncode(f, false), 0);
            return h.get(Curl.CURLUPART_URL, Curl.CURLU_NO_GUESS_SCHEME).value();
        }
    }

    /** Appends a query ('?' or '&'), before any fragment. */
    static String appendQuery(String url, String query) {
        // curl's URL API writes percent-encodings in upper case
        StringBuilder norm = new StringBuilder(query);
        for (int i = 0; i + 2 < norm.length(); i++) {
            if (norm.charAt(i) == '%' && isHex(norm.charAt(i + 1)) && isHex(norm.charAt(i + 2))) {
                norm.setCharAt(i + 1, Character.toUpperCase(norm.charAt(i + 1)));
                norm.setCharAt(i + 2, Character.toUpperCase(norm.charAt(i + 2)));
            }
        }
        try (CurlUrlHandle h = urlHandle(url)) {
            if (h == null) {
                return url + (url.indexOf('?') >= 0 ? "&" : "?") + norm;
            }
            h.set(Curl.CURLUPART_QUERY, norm.toString(), Curl.CURLU_APPENDQUERY);
            return h.get(Curl.CURLUPART_URL, Curl.CURLU_NO_GUESS_SCHEME).value();
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static void closeQuietly(OutputStream o) {
        try {
            o.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

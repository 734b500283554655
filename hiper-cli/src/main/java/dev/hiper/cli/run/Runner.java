package dev.hiper.cli.run;

import static dev.hiper.curl.Curl.*;

import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.GlobalConfig;
import dev.hiper.cli.args.ToolConfig;
import dev.hiper.curl.CurlCode;
import dev.hiper.curl.CurlMCode;
import dev.hiper.curl.CurlMsg;
import dev.hiper.curl.CurlMulti;
import dev.hiper.loop.SelectorLoop;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the transfers a {@link ToolConfig} asks for, through one {@link CurlMulti} driven by a
 * {@link SelectorLoop}: one at a time (curl's serial_transfers), or with {@code -Z} up to
 * {@code --parallel-max} at once with the combined meter (parallel_transfers). The exit code is
 * the {@link CurlCode} of the last transfer, as curl's.
 */
public final class Runner {
    /** How long the loop waits at most between checks of the caller's cancel flag. */
    private static final long POLL_MS = 200;
    /** What curl adds after a verification failure (its CURL_CA_CERT_ERRORMSG). */
    private static final String CA_CERT_ERROR = "More details here: https://curl.se/docs/sslcerts.html\n\n"
            + "hiper failed to verify the legitimacy of the server and therefore could not\n"
            + "establish a secure connection to it. To learn more about this situation and\n"
            + "how to fix it, please visit the webpage mentioned above.\n";

    private final ToolConfig config;
    private final GlobalConfig global;
    private final ToolEnv env;
    private Streams streams;
    private TraceWriter trace;
    private CurlMulti multi;
    private SelectorLoop loop;
    /** The cookies of the command line, from one transfer to the next. */
    private final CookieCarry cookies = new CookieCarry();

    private Runner(ToolConfig config, ToolEnv env) {
        this.config = config;
        this.global = config.global();
        this.env = env;
    }

    /** Runs the transfers; returns the exit code. */
    public static int run(ToolConfig config, ToolEnv env) {
        return new Runner(config, env).run();
    }

    private int run() {
        try {
            streams = new Streams(env, global);
        } catch (IOException e) {
            return CurlCode.CURLE_WRITE_ERROR.code();
        }
        try (Streams s = streams) {
            trace = TraceWriter.open(global, s);
            multi = CurlMulti.init();
            loop = new SelectorLoop(multi);
            CurlCode result;
            try {
                result = global.parallel() ? parallel() : serial();
            } finally {
                loop.close();
                multi.cleanup();
                if (trace != null) {
                    trace.close();
                }
            }
            return result.code();
        } catch (IOException e) {
            return CurlCode.CURLE_FAILED_INIT.code();
        }
    }

    private static boolean fatal(CurlCode c) {
        return c == CurlCode.CURLE_FAILED_INIT || c == CurlCode.CURLE_OUT_OF_MEMORY || c == CurlCode.CURLE_UNKNOWN_OPTION
                || c == CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
    }

    private boolean showsMeter(ToolTransfer t) {
        if (global.noProgress() || global.silent()) {
            return false;
        }
        return !(!t.outs.isFile() && env.stdoutIsTerminal());
    }

    // ---- serial ----

    private CurlCode serial() throws IOException {
        TransferFactory factory = new TransferFactory(config.operations(), streams);
        ToolTransfer per;
        try {
            per = factory.next();
        } catch (TransferFactory.PlanError e) {
            return e.code;
        }
        if (per == null) {
            streams.error("no transfer performed");
            return CurlCode.CURLE_READ_ERROR;
        }
        CurlCode returnCode = CurlCode.CURLE_OK;
        while (per != null) {
            CurlCode result = CurlCode.CURLE_OK;
            if (!per.skip) {
                result = start(per, false);
                if (result == CurlCode.CURLE_OK) {
                    result = runOne(per);
                } else if (per.easy == null && per.toolError == null) {
                    return result;
                }
            }
            long[] delay = new long[1];
            returnCode = post(per, result, delay);
            cookies.outOf(per);
            if (delay[0] >= 0) {
                sleep(delay[0]);
                continue;
            }
            if (fatal(returnCode) || (returnCode != CurlCode.CURLE_OK && global.failEarly())) {
                break;
            }
            try {
                per = factory.next();
            } catch (TransferFactory.PlanError e) {
                returnCode = e.code;
                break;
            }
        }
        return returnCode;
    }

    private void sleep(long ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() < end && !env.cancelled().getAsBoolean()) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** pre_transfer and setup: opens the upload, configures the handle. */
    private CurlCode start(ToolTransfer per, boolean parallelMode) {
        String urlScheme = TransferFactory.urlPart(per.url, CURLUPART_SCHEME);
        // ws and wss go with http and https: the upgrade is an HTTP request
        boolean secure = "https".equalsIgnoreCase(urlScheme) || "wss".equalsIgnoreCase(urlScheme);
        // a URL that does not parse goes on, and the engine says why it is refused
        if (urlScheme != null && (secure ? !per.op.protoHttps : !per.op.protoHttp)) {
            String scheme = urlScheme;
            per.toolError = "Protocol \"" + scheme + "\" disabled";
            return CurlCode.CURLE_UNSUPPORTED_PROTOCOL;
        }
        if (per.uploadFile != null) {
            if (TransferFactory.stdinUpload(per.uploadFile)) {
                per.upload = env.stdin();
                per.uploadSize = -1;
            } else {
                Path p = env.path(per.uploadFile);
                try {
                    if (Files.isDirectory(p)) {
                        throw new IOException("directory");
                    }
                    InputStream in = new FileInputStream(p.toFile());
                    per.upload = in;
                    per.uploadSize = Files.isRegularFile(p) ? Files.size(p) : -1;
                } catch (IOException e) {
                    streams.err("hiper: cannot open '" + per.uploadFile + "'\nhiper: try 'hiper --help' for more "
                            + "information\n");
                    return CurlCode.CURLE_READ_ERROR;
                }
            }
        }
        boolean bar = !parallelMode && global.progressBar() && !global.silent() && !global.noProgress();
        boolean meter = !parallelMode && !global.progressBar() && showsMeter(per);
        CurlCode c = per.configure(trace, meter, bar, streams.columns());
        if (c == CurlCode.CURLE_OK && parallelMode) {
            // curl's parallel_transfers: wait for a connection that may multiplex, unless --parallel-immediate
            per.easy.setopt(CURLOPT_PIPEWAIT, global.parallelImmediate() ? 0L : 1L);
        }
        if (c != CurlCode.CURLE_OK && per.toolError == null) {
            per.toolError = c.strerror();
        }
        if (c == CurlCode.CURLE_OK) {
            cookies.into(per);
        }
        return c;
    }

    /** Runs one transfer alone on the multi; returns its result. */
    private CurlCode runOne(ToolTransfer per) {
        CurlMCode mc = multi.addHandle(per.easy);
        if (mc != CurlMCode.CURLM_OK) {
            return CurlCode.CURLE_FAILED_INIT;
        }
        CurlCode result = null;
        while (result == null) {
            if (env.cancelled().getAsBoolean()) {
                multi.removeHandle(per.easy);
                return CurlCode.CURLE_ABORTED_BY_CALLBACK;
            }
            mc = loop.runOnce(POLL_MS);
            CurlMsg m;
            while ((m = multi.infoRead()) != null) {
                if (m.easy() == per.easy) {
                    result = m.result();
                }
            }
            if (mc != CurlMCode.CURLM_OK && result == null) {
                result = CurlCode.CURLE_RECV_ERROR;
            }
        }
        multi.removeHandle(per.easy);
        return result;
    }

    // ---- after a transfer ----

    /**
     * curl's post_per_transfer. Returns the transfer's final code; {@code delay[0]} is the
     * milliseconds to wait before trying again, or -1 when done.
     */
    private CurlCode post(ToolTransfer per, CurlCode result, long[] delay) {
        delay[0] = -1;
        if (per.upload != null && per.upload != env.stdin()) {
            try {
                per.upload.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
        per.upload = null;
        if (per.meter != null) {
            per.meter.done();
        }
        if (!per.skip) {
            if (result != CurlCode.CURLE_OK) {
                if (!global.silent() || global.showError()) {
                    streams.err("hiper: (" + result.code() + ") " + per.errorText(result) + "\n");
                    if (result == CurlCode.CURLE_PEER_FAILED_VERIFICATION) {
                        streams.err(CA_CERT_ERROR);
                    }
                }
            } else if (per.op.failWithBody) {
                long code = responseCode(per);
                if (code >= 400) {
                    per.toolError = "The requested URL returned error: " + code;
                    if (!global.silent() || global.showError()) {
                        streams.err("hiper: (22) " + per.toolError + "\n");
                    }
                    result = CurlCode.CURLE_HTTP_RETURNED_ERROR;
                }
            }
            try {
                per.flushPendingHeaders();
            } catch (IOException e) {
                result = result == CurlCode.CURLE_OK ? CurlCode.CURLE_WRITE_ERROR : result;
            }
            if (result == CurlCode.CURLE_OK && !per.outs.opened && per.outs.isFile() && per.outs.bytes == 0
                    && !ExtraOptions.conditionUnmet(per)) {
                String w = per.outs.create(env, per.op.clobber);
                if (w != null) {
                    streams.warn(w);
                    result = CurlCode.CURLE_WRITE_ERROR;
                }
            }
            try {
                if (!per.outs.isFile() && per.outs.stream != null) {
                    per.outs.stream.flush();
                }
            } catch (IOException e) {
                if (result == CurlCode.CURLE_OK) {
                    result = CurlCode.CURLE_WRITE_ERROR;
                    streams.error("Failed writing body");
                }
            }
            if (per.retryRemaining > 0 && (per.op.retryMaxTimeMs == 0
                    || (System.nanoTime() - per.retryStart) / 1_000_000 < per.op.retryMaxTimeMs)) {
                long d = Retry.check(per, result, streams);
                if (d >= 0) {
                    delay[0] = d;
                    return CurlCode.CURLE_OK;
                }
            }
            if (per.bar != null) {
                per.bar.done();
            }
            if (per.outs.opened) {
                try {
                    per.outs.close();
                } catch (IOException e) {
                    if (result == CurlCode.CURLE_OK) {
                        result = CurlCode.CURLE_WRITE_ERROR;
                        streams.error("(" + result.code() + ") Failed writing body");
                    }
                }
                if (result != CurlCode.CURLE_OK && per.op.removeOnError && per.outs.isFile()) {
                    Path p = env.path(per.outs.filename);
                    if (Files.isRegularFile(p)) {
                        try {
                            Files.delete(p);
                        } catch (IOException e) {
                            streams.warn("Failed removing: " + per.outs.filename);
                        }
                    } else {
                        streams.warn("Skipping removal; not a regular file: " + per.outs.filename);
                    }
                }
            }
            if (result == CurlCode.CURLE_OK && per.op.remoteTime && per.outs.isFile()) {
                ExtraOptions.setFileTime(per);
            }
        }
        if (per.op.writeOut != null) {
            WriteOut.write(per.op.writeOut, per, result, streams);
        }
        if (per.headsOpened) {
            TransferFactory.closeQuietly(per.heads);
        }
        if (per.etagOpened) {
            TransferFactory.closeQuietly(per.etagSave);
        }
        streams.flush();
        return result;
    }

    static long responseCode(ToolTransfer per) {
        if (per.easy == null) {
            return 0;
        }
        Long c = per.easy.getinfo(CURLINFO_RESPONSE_CODE);
        return c == null ? 0 : c;
    }

    // ---- parallel ----

    private CurlCode parallel() throws IOException {
        multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, (long) global.parallelHost());
        TransferFactory factory = new TransferFactory(config.operations(), streams);
        List<ToolTransfer> waiting = new ArrayList<>();
        List<ToolTransfer> running = new ArrayList<>();
        boolean more = true;
        boolean wrapUp = false;
        CurlCode result = CurlCode.CURLE_OK;
        long xfers = 0;
        long doneDl = 0;
        long doneUl = 0;
        long doneDlTotal = 0;
        Progress.Combined meter = global.noProgress() || global.silent() ? null : new Progress.Combined(streams.stderr);
        boolean any = false;
        for (;;) {
            // plan and add as many as allowed
            while (!wrapUp && more && running.size() + waiting.size() < global.parallelMax()) {
                ToolTransfer t;
                try {
                    t = factory.next();
                } catch (TransferFactory.PlanError e) {
                    result = e.code;
                    more = false;
                    wrapUp = true;
                    break;
                }
                if (t == null) {
                    more = false;
                    break;
                }
                any = true;
                waiting.add(t);
            }
            long now = System.nanoTime();
            for (int i = 0; i < waiting.size() && running.size() < global.parallelMax() && !wrapUp; i++) {
                ToolTransfer t = waiting.get(i);
                if (t.startAt != 0 && now < t.startAt) {
                    continue;
                }
                waiting.remove(i--);
                if (t.skip) {
                    long[] d = new long[1];
                    post(t, CurlCode.CURLE_OK, d);
                    continue;
                }
                CurlCode c = start(t, true);
                if (c != CurlCode.CURLE_OK) {
                    long[] d = new long[1];
                    CurlCode r = post(t, c, d);
                    result = r;
                    if (fatal(r) || global.failEarly()) {
                        wrapUp = true;
                    }
                    continue;
                }
                if (multi.addHandle(t.easy) != CurlMCode.CURLM_OK) {
                    result = CurlCode.CURLE_FAILED_INIT;
                    wrapUp = true;
                    continue;
                }
                t.added = true;
                running.add(t);
                xfers++;
            }
            if (running.isEmpty() && (waiting.isEmpty() || wrapUp) && (!more || wrapUp)) {
                break;
            }
            if (meter != null) {
                // after the ended transfers were replaced, as curl's meter sees them
                meter.show(running, doneDl, doneUl, doneDlTotal, xfers, false);
            }
            if (env.cancelled().getAsBoolean()) {
                for (ToolTransfer t : running) {
                    multi.removeHandle(t.easy);
                }
                return CurlCode.CURLE_ABORTED_BY_CALLBACK;
            }
            if (running.isEmpty()) {
                sleep(20);
            } else {
                CurlMCode mc = loop.runOnce(POLL_MS);
                if (mc != CurlMCode.CURLM_OK) {
                    return CurlCode.CURLE_BAD_FUNCTION_ARGUMENT;
                }
            }
            CurlMsg m;
            while ((m = multi.infoRead()) != null) {
                ToolTransfer ended = null;
                for (ToolTransfer t : running) {
                    if (t.easy == m.easy()) {
                        ended = t;
                        break;
                    }
                }
                if (ended == null) {
                    continue;
                }
                multi.removeHandle(ended.easy);
                running.remove(ended);
                ended.added = false;
                long[] d = new long[1];
                CurlCode tres = post(ended, m.result(), d);
                cookies.outOf(ended);
                if (d[0] >= 0) {
                    ended.startAt = System.nanoTime() + d[0] * 1_000_000L;
                    ended.easy = null;
                    waiting.add(ended);
                    continue;
                }
                doneDl += ended.dlNow();
                doneUl += ended.ulNow();
                doneDlTotal += ended.dlTotal();
                if (tres != CurlCode.CURLE_OK) {
                    result = tres;
                }
                if (fatal(result) || (result != CurlCode.CURLE_OK && global.failEarly())) {
                    wrapUp = true;
                }
            }
            if (wrapUp && !running.isEmpty()) {
                for (ToolTransfer t : new ArrayList<>(running)) {
                    multi.removeHandle(t.easy);
                    long[] d = new long[1];
                    t.toolError = "Transfer aborted due to critical error in another transfer";
                    post(t, CurlCode.CURLE_ABORTED_BY_CALLBACK, d);
                }
                running.clear();
            }
        }
        if (meter != null && any) {
            meter.show(running, doneDl, doneUl, doneDlTotal, xfers, true);
        }
        return result;
    }
}

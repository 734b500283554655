package dev.hiper.internal.transfer;

import dev.hiper.curl.CurlInfoType;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The verbose trace ({@code CURLOPT_VERBOSE}): to the easy handle's debug callback when it has
 * one; else to the {@link System.Logger} named {@value #LOGGER} at level DEBUG when that logger
 * takes DEBUG (the application's logging is set up for it) and the trace would go to the process's
 * standard error; else to standard error, as libcurl does. Both in {@code curl -v}'s layout: "* "
 * for text, "> " for request header lines, "< " for response header lines, data not shown; one
 * log record per line.
 */
public final class Tracer {
    /** The logger that takes the trace when the application's logging asks for it. */
    public static final String LOGGER = "dev.hiper.curl";
    /**
     * The logger, looked up at the first trace line: the look-up starts the platform's logging
     * (a service look-up and java.util.logging's configuration), which a transfer without a trace
     * does not need.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(LOGGER);
    }
    private final PrintStream err;
    private final Runnable enter;
    private final Runnable exit;

    public Tracer(PrintStream err, Runnable enterCallback, Runnable exitCallback) {
        this.err = err;
        this.enter = enterCallback;
        this.exit = exitCallback;
    }

    public void text(EasyHandle easy, String text) {
        if (easy.seldom.debugFunction != null) {
            call(easy, CurlInfoType.CURLINFO_TEXT, ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)));
        } else {
            print("* " + text + "\n");
        }
    }

    public void data(EasyHandle easy, CurlInfoType type, ByteBuffer data) {
        if (easy.seldom.debugFunction != null) {
            call(easy, type, data.asReadOnlyBuffer());
            return;
        }
        String prefix;
        if (type == CurlInfoType.CURLINFO_HEADER_IN) {
            prefix = "< ";
        } else if (type == CurlInfoType.CURLINFO_HEADER_OUT) {
            prefix = "> ";
        } else {
            return;
        }
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        String s = new String(b, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(s.length() + 16);
        int from = 0;
        while (from < s.length()) {
            int nl = s.indexOf('\n', from);
            int end = nl < 0 ? s.length() : nl + 1;
            out.append(prefix).append(s, from, end);
            if (nl < 0) {
                out.append('\n');
            }
            from = end;
        }
        print(out.toString());
    }

    /** One or more whole lines, each ending in a newline. */
    private void print(String lines) {
        if (err == System.err && Log.LOG.isLoggable(System.Logger.Level.DEBUG)) {
            int from = 0;
            while (from < lines.length()) {
                int nl = lines.indexOf('\n', from);
                int end = nl < 0 ? lines.length() : nl;
                int cut = end > from && lines.charAt(end - 1) == '\r' ? end - 1 : end;
                Log.LOG.log(System.Logger.Level.DEBUG, lines.substring(from, cut));
                from = end + 1;
            }
            return;
        }
        err.print(lines);
    }

    private void call(EasyHandle easy, CurlInfoType type, ByteBuffer data) {
        enter.run();
        try {
            easy.seldom.debugFunction.debug(easy.api, type, data, easy.seldom.debugData);
        } catch (RuntimeException | Error ignored) {
            // a failing trace must not fail the transfer; the debug callback has no error value
        } finally {
            exit.run();
        }
    }
}

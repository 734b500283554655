package dev.hiper.internal.transfer;

import dev.hiper.curl.CurlInfoType;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The verbose trace ({@code CURLOPT_VERBOSE}): to the easy handle's debug callback when it has
 * one, else to standard error in {@code curl -v}'s layout: "* " for text, "> " for request
 * header lines, "< " for response header lines, data not shown.
 */
public final class Tracer {
    private final PrintStream err;
    private final Runnable enter;
    private final Runnable exit;

    public Tracer(PrintStream err, Runnable enterCallback, Runnable exitCallback) {
        this.err = err;
        this.enter = enterCallback;
        this.exit = exitCallback;
    }

    public void text(EasyHandle easy, String text) {
        if (easy.debugFunction != null) {
            call(easy, CurlInfoType.CURLINFO_TEXT, ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)));
        } else {
            err.print("* " + text + "\n");
        }
    }

    public void data(EasyHandle easy, CurlInfoType type, ByteBuffer data) {
        if (easy.debugFunction != null) {
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
        err.print(out);
    }

    private void call(EasyHandle easy, CurlInfoType type, ByteBuffer data) {
        enter.run();
        try {
            easy.debugFunction.debug(easy.api, type, data, easy.debugData);
        } catch (RuntimeException | Error ignored) {
            // a failing trace must not fail the transfer; the debug callback has no error value
        } finally {
            exit.run();
        }
    }
}

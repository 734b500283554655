package dev.hiper.cli.run;

import static dev.hiper.curl.Curl.CURLINFO_COOKIELIST;
import static dev.hiper.curl.Curl.CURLOPT_COOKIEFILE;
import static dev.hiper.curl.Curl.CURLOPT_COOKIELIST;

import dev.hiper.cli.args.Operation;
import java.util.List;

/**
 * The cookies of one command line, carried from each transfer to the next as curl's tool shares
 * them between its handles: what a transfer ends with (CURLINFO_COOKIELIST) is what the next one
 * starts with, so a cookie set by the first URL goes with the second. The files of {@code -b}
 * are read by the first transfer only; later ones start from what the earlier ones kept (curl
 * reads them again, but a cookie from a response wins over one from a file). Each handle is
 * cleaned up when its transfer is over, which writes the jar of {@code -c}.
 */
final class CookieCarry {
    private List<String> lines;

    private static boolean engine(Operation op) {
        return !op.cookieFiles.isEmpty() || op.cookieJar != null;
    }

    /** A transfer's handle is configured: it starts with the cookies of the transfers before it. */
    void into(ToolTransfer per) {
        if (per.easy == null || lines == null || !engine(per.op)) {
            return;
        }
        per.easy.setopt(CURLOPT_COOKIEFILE, (String) null);
        per.easy.setopt(CURLOPT_COOKIEFILE, "");
        for (String line : lines) {
            per.easy.setopt(CURLOPT_COOKIELIST, line);
        }
    }

    /** A transfer is over: its cookies go on to the next, and its handle is cleaned up. */
    void outOf(ToolTransfer per) {
        if (per.easy == null) {
            return;
        }
        if (engine(per.op)) {
            List<String> now = per.easy.getinfo(CURLINFO_COOKIELIST);
            lines = now != null ? now : List.of();
        }
        per.easy.cleanup();
    }
}

package dev.hiper.cli.run;

import dev.hiper.cli.args.DateParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;

/**
 * The options that map to engine options beyond the basic set (referer, range, resume, fail,
 * HTTP version, time condition, ...), kept apart so that {@link ToolTransfer#configure} stays
 * readable; and what the tool derives from the response itself ({@code -R}'s file time, a
 * time condition that was not met).
 */
final class ExtraOptions {
    private ExtraOptions() {
    }

    static void apply(ToolTransfer t, ToolTransfer.Setter set) {
        // filled as the engine gains the options
    }

    /** Whether a -z condition left the document out (the server answered 304). */
    static boolean conditionUnmet(ToolTransfer t) {
        return Runner.responseCode(t) == 304;
    }

    /** -R: the output file gets the document's Last-Modified time. */
    static void setFileTime(ToolTransfer t) {
        String lm = t.headers.first("Last-Modified");
        if (lm == null) {
            return;
        }
        long secs = DateParser.parse(lm);
        if (secs == -1) {
            return;
        }
        try {
            Files.setLastModifiedTime(t.env.path(t.outs.filename), FileTime.fromMillis(secs * 1000));
        } catch (IOException e) {
            t.streams.warn("Failed to set filetime " + secs + " on outfile: " + OutFile.reason(e));
        }
    }
}

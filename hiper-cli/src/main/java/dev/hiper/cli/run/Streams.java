package dev.hiper.cli.run;

import dev.hiper.cli.Messages;
import dev.hiper.cli.ToolEnv;
import dev.hiper.cli.args.GlobalConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's standard output and its message stream ({@code --stderr} moves the latter to a file
 * or to standard output), with curl's message formats: {@code hiper: (N) text} errors,
 * {@code Warning:} and {@code Note:} lines wrapped at the terminal width.
 */
final class Streams implements AutoCloseable {
    final ToolEnv env;
    final OutputStream stdout;
    final OutputStream stderr;
    private final boolean stderrIsFile;
    private final GlobalConfig global;
    private final int columns;

    Streams(ToolEnv env, GlobalConfig global) throws IOException {
        this.env = env;
        this.global = global;
        this.columns = Messages.columns(env);
        this.stdout = new BufferedOutputStream(env.stdout(), 64 * 1024);
        String f = global.stderrFile();
        if (f == null) {
            stderr = env.stderr();
            stderrIsFile = false;
        } else if (f.equals("-")) {
            stderr = stdout;
            stderrIsFile = false;
        } else {
            stderr = new BufferedOutputStream(Files.newOutputStream(env.path(f)));
            stderrIsFile = true;
        }
    }

    /** Writes a byte string to the message stream. */
    void err(String byteString) {
        try {
            stderr.write(Messages.bytes(byteString));
            stderr.flush();
        } catch (IOException ignored) {
            // nowhere left to report it
        }
    }

    void out(byte[] b, int off, int len) throws IOException {
        stdout.write(b, off, len);
    }

    /** {@code hiper: text}, unless silenced (-s without -S). */
    void error(String text) {
        if (!global.silent() || global.showError()) {
            err(Messages.ERROR_PREFIX + text + "\n");
        }
    }

    void warn(String text) {
        if (!global.silent()) {
            List<String> lines = new ArrayList<>();
            Messages.wrap(Messages.WARN_PREFIX, text, columns, lines);
            err(String.join("", lines));
        }
    }

    /** A note, shown as curl's notef shows it: with a trace or -v on, and not silenced. */
    void note(String text) {
        if (!global.silent() && global.trace() != GlobalConfig.Trace.NONE) {
            List<String> lines = new ArrayList<>();
            Messages.wrap(Messages.NOTE_PREFIX, text, columns, lines);
            err(String.join("", lines));
        }
    }

    int columns() {
        return columns;
    }

    void flush() {
        try {
            stdout.flush();
            stderr.flush();
        } catch (IOException ignored) {
            // the caller's streams are gone
        }
    }

    @Override
    public void close() {
        flush();
        if (stderrIsFile) {
            try {
                stderr.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}

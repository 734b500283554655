package dev.hiper.internal.conn.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The head of a proxy's answer to CONNECT, read in any split: lines up to the empty one, the
 * status taken from the first ({@code HTTP/1.x NNN}; a first line of another shape leaves the
 * status 0, which fails the tunnel as libcurl fails it); a line that is neither the status line
 * nor a "name: value" field is {@link Result#BAD_HEADER}, one holding a nul byte
 * {@link Result#NUL_BYTE} (libcurl checks the CONNECT reply's lines as a response's). Bytes after the head are left in the
 * buffer: they belong to the tunnel. The head is limited to {@link #MAX_HEAD} bytes. Pure: bytes
 * in, lines and a status out.
 */
public final class ConnectReply {
    /** The longest head accepted (libcurl's limit for a CONNECT response's headers). */
    public static final int MAX_HEAD = 100 * 1024;

    /** What {@link #feed} found. */
    public enum Result { MORE, DONE, TOO_LARGE, BAD_HEADER, NUL_BYTE }

    /** Hears each whole line of the head, line end included. */
    public interface LineSink {
        void line(byte[] bytes, int len);
    }

    private byte[] line = new byte[256];
    private int lineLen;
    private int total;
    private int lines;
    private int status;
    private boolean done;

    /** The status of the first line; 0 when it was not an HTTP/1.x status line. */
    public int status() {
        return status;
    }

    public boolean done() {
        return done;
    }

    /**
     * Takes bytes from {@code in} (read mode) up to the end of the head, each line given to
     * {@code sink} (may be null); the position stops right after the head once {@link Result#DONE}.
     */
    public Result feed(ByteBuffer in, LineSink sink) {
        while (!done && in.hasRemaining()) {
            byte b = in.get();
            if (++total > MAX_HEAD) {
                return Result.TOO_LARGE;
            }
            if (lineLen == line.length) {
                line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[lineLen++] = b;
            if (b != '\n') {
                continue;
            }
            for (int i = 0; i < lineLen; i++) {
                if (line[i] == 0) {
                    return Result.NUL_BYTE;
                }
            }
            if (sink != null) {
                sink.line(line, lineLen);
            }
            int content = lineLen - 1;
            if (content > 0 && line[content - 1] == '\r') {
                content--;
            }
            if (lines++ == 0) {
                status = statusOf(line, content);
            } else if (content == 0) {
                done = true;
            }
            if (content > 0 && (lines > 1 || status == 0) && !hasColon(line, content)) {
                return Result.BAD_HEADER; // neither a status line nor a field: libcurl's headers refuse it
            }
            if (lines == 1 && content == 0) {
                done = true; // an empty first line: no head at all
            }
            lineLen = 0;
        }
        return done ? Result.DONE : Result.MORE;
    }

    private static boolean hasColon(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] == ':') {
                return true;
            }
        }
        return false;
    }

    /** {@code HTTP/1.x NNN...}: NNN; else 0. */
    static int statusOf(byte[] b, int len) {
        if (len < 12 || b[0] != 'H' || b[1] != 'T' || b[2] != 'T' || b[3] != 'P' || b[4] != '/' || b[5] != '1'
                || b[6] != '.' || !digit(b[7]) || b[8] != ' ' || !digit(b[9]) || !digit(b[10]) || !digit(b[11])) {
            return 0;
        }
        if (len > 12 && b[12] != ' ') {
            return 0;
        }
        return (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** A line as text without its line end, for the trace. */
    public static String text(byte[] b, int len) {
        int end = len;
        while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.ISO_8859_1);
    }
}

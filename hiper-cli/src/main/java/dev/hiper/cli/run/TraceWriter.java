package dev.hiper.cli.run;

import dev.hiper.cli.args.GlobalConfig;
import dev.hiper.curl.CurlInfoType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalTime;

/**
 * The trace of {@code -v}, {@code --trace} and {@code --trace-ascii}, in curl's layouts.
 *
 * <p>{@code -v}: "* " text, "&gt; " request header lines, "&lt; " response header lines,
 * "[N bytes data]" for data. {@code --trace-ascii}: "== Info: " text, and for header and data
 * blocks a title line ("=&gt; Send header, N bytes (0xN)") then the bytes, 64 a line, each line
 * prefixed by its offset, CRLF ending a line. {@code --trace}: the same with 16 bytes a line in
 * hex and then as text. {@code --trace-time} puts "HH:MM:SS.uuuuuu " before each of these.
 */
final class TraceWriter implements AutoCloseable {
    private final GlobalConfig.Trace type;
    private final OutputStream out;
    private final boolean ownStream;
    private final boolean traceTime;
    private final Streams streams;
    private boolean newLine;
    private boolean tracedData;

    private TraceWriter(GlobalConfig g, OutputStream out, boolean own, Streams streams) {
        this.type = g.trace();
        this.out = out;
        this.ownStream = own;
        this.traceTime = g.traceTime();
        this.streams = streams;
    }

    /** The trace the options ask for, or null for none. */
    static TraceWriter open(GlobalConfig g, Streams s) {
        if (g.trace() == GlobalConfig.Trace.NONE || g.traceFile() == null) {
            return null;
        }
        String f = g.traceFile();
        if (f.equals("%")) {
            return new TraceWriter(g, s.stderr, false, s);
        }
        if (f.equals("-")) {
            return new TraceWriter(g, s.stdout, false, s);
        }
        try {
            OutputStream o = new BufferedOutputStream(Files.newOutputStream(s.env.path(f)));
            return new TraceWriter(g, o, true, s);
        } catch (IOException e) {
            s.warn("Failed to create/open output");
            return null;
        }
    }

    private String timePrefix() {
        if (!traceTime) {
            return "";
        }
        LocalTime t = LocalTime.now();
        return String.format("%02d:%02d:%02d.%06d ", t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
    }

    private void put(String byteString) throws IOException {
        out.write(byteString.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void put(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    private static final String[] PREFIX = {"* ", "< ", "> ", "{ ", "} ", "{ ", "} "};

    private void lineStart(CurlInfoType t, String time) throws IOException {
        put(time + PREFIX[t.ordinal()]);
    }

    /** The debug callback's work. */
    void trace(CurlInfoType t, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        try {
            String time = timePrefix();
            if (type == GlobalConfig.Trace.VERBOSE) {
                plain(t, b, time);
            } else {
                dump(t, b, time);
            }
            out.flush();
        } catch (IOException e) {
            // a broken trace must not break the transfer
        }
    }

    private void plain(CurlInfoType t, byte[] b, String time) throws IOException {
        int size = b.length;
        switch (t) {
            case CURLINFO_HEADER_OUT -> {
                if (size > 0) {
                    int st = 0;
                    int i;
                    for (i = 0; i < size - 1; i++) {
                        if (b[i] == '\n') {
                            if (!newLine) {
                                lineStart(t, time);
                            }
                            put(b, st, i - st + 1);
                            st = i + 1;
                            newLine = false;
                        }
                    }
                    if (!newLine) {
                        lineStart(t, time);
                    }
                    put(b, st, i - st + 1);
                }
                newLine = size > 0 && b[size - 1] != '\n';
                tracedData = false;
            }
            case CURLINFO_TEXT, CURLINFO_HEADER_IN -> {
                if (!newLine) {
                    lineStart(t, time);
                }
                put(b, 0, size);
                newLine = size > 0 && b[size - 1] != '\n';
                tracedData = false;
            }
            case CURLINFO_DATA_OUT, CURLINFO_DATA_IN, CURLINFO_SSL_DATA_IN, CURLINFO_SSL_DATA_OUT -> {
                if (!tracedData) {
                    if (!newLine) {
                        lineStart(t, time);
                    }
                    put("[" + size + " bytes data]\n");
                    newLine = false;
                    tracedData = true;
                }
            }
            default -> {
                newLine = false;
                tracedData = false;
            }
        }
    }

    private void dump(CurlInfoType t, byte[] b, String time) throws IOException {
        String text;
        switch (t) {
            case CURLINFO_TEXT -> {
                put(time + "== Info: ");
                put(b, 0, b.length);
                return;
            }
            case CURLINFO_HEADER_OUT -> text = "=> Send header";
            case CURLINFO_DATA_OUT -> text = "=> Send data";
            case CURLINFO_HEADER_IN -> text = "<= Recv header";
            case CURLINFO_DATA_IN -> text = "<= Recv data";
            case CURLINFO_SSL_DATA_IN -> text = "<= Recv SSL data";
            case CURLINFO_SSL_DATA_OUT -> text = "=> Send SSL data";
            default -> {
                return;
            }
        }
        boolean ascii = type == GlobalConfig.Trace.ASCII;
        int width = ascii ? 0x40 : 0x10;
        int size = b.length;
        StringBuilder sb = new StringBuilder();
        sb.append(time).append(text).append(", ").append(size).append(" bytes (0x").append(Integer.toHexString(size))
                .append(")\n");
        for (int i = 0; i < size; i += width) {
            sb.append(String.format("%04x: ", i));
            if (!ascii) {
                for (int c = 0; c < width; c++) {
                    if (i + c < size) {
                        sb.append(String.format("%02x ", b[i + c] & 0xff));
                    } else {
                        sb.append("   ");
                    }
                }
            }
            for (int c = 0; c < width && i + c < size; c++) {
                if (ascii && i + c + 1 < size && b[i + c] == 0x0d && b[i + c + 1] == 0x0a) {
                    i += c + 2 - width;
                    break;
                }
                int v = b[i + c] & 0xff;
                sb.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
                if (ascii && i + c + 2 < size && b[i + c + 1] == 0x0d && b[i + c + 2] == 0x0a) {
                    i += c + 3 - width;
                    break;
                }
            }
            sb.append('\n');
        }
        put(sb.toString());
    }

    /** A line of the tool's own ("* " in -v), e.g. about retries. */
    void text(String line) {
        trace(CurlInfoType.CURLINFO_TEXT, ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void close() {
        try {
            out.flush();
            if (ownStream) {
                out.close();
            }
        } catch (IOException ignored) {
            // nothing left to do
        }
        if (streams != null) {
            streams.flush();
        }
    }
}
